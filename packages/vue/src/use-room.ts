import {
  getCurrentScope,
  onScopeDispose,
  shallowRef,
  triggerRef,
  toValue,
  watch,
  type MaybeRefOrGetter,
  type Ref,
  type ShallowRef,
} from 'vue';
import {
  ROOM_STATE_EVENTS,
  Room,
  RtcError,
  type ConnectionState,
  type LocalParticipant,
  type RemoteParticipant,
  type RoomEvents,
  type RoomOptions,
  type SignalingAdapter,
} from '@rtc-room/core';

/**
 * Options of a `Room` that `useRoom` creates and owns: the `RoomOptions`, with `signaling` best given as a function
 * (each `Room` the composable creates — at setup and per rejoin — gets a fresh adapter).
 */
export interface UseRoomOptions extends Omit<RoomOptions, 'signaling'> {
  /** The signaling adapter, or a function returning a new one (recommended). */
  signaling: SignalingAdapter | (() => SignalingAdapter);
  /** Join at once. Default `true`; with `false`, call `join()`. */
  autoJoin?: boolean;
}

/** What `useRoom` returns: read-only refs that follow the room, and the room itself. */
export interface UseRoomReturn {
  /** The `Room` followed or created. Call its methods directly: `room.value?.setCameraEnabled(false)`. */
  readonly room: Readonly<ShallowRef<Room | undefined>>;
  /** `room.state`; `'idle'` while there is no room. */
  readonly state: Readonly<Ref<ConnectionState>>;
  /** `room.participants` as an array, in join order; a new array after every event. */
  readonly participants: Readonly<ShallowRef<readonly RemoteParticipant[]>>;
  /** `room.localParticipant` (replaced after every event, so templates reading its mute state update). */
  readonly localParticipant: Readonly<ShallowRef<LocalParticipant | undefined>>;
  /** `room.activeSpeaker`. */
  readonly activeSpeaker: Readonly<ShallowRef<RemoteParticipant | null>>;
  /** The last error: emitted on `error`, or the rejection of `join()`. Cleared when joining again. */
  readonly error: Readonly<ShallowRef<RtcError | undefined>>;
  /**
   * Joins. For an owned room that was left (or failed), creates a fresh `Room` first (a `Room` is single-use).
   * Rejects like `room.join()`; the error is also in `error`.
   */
  join(): Promise<void>;
  /** Leaves (also a room passed in: it is an explicit request). */
  leave(): Promise<void>;
}


/**
 * Follows a `Room` from a component's `setup()` (or any effect scope): refs updated on every event that changes the
 * room's state, participants, tracks, mute state or active speaker; listeners removed when the scope is disposed.
 *
 * - `useRoom(room)` — or a ref or getter of one — follows a `Room` the app owns (moving to another when the ref
 *   changes); it never joins or leaves it by itself.
 * - `useRoom(options)` creates a `Room`, joins it (unless `autoJoin: false`) and leaves it when the scope is
 *   disposed (the component unmounted).
 *
 * Participants are live objects mutated in place: `participants` is replaced after each event, so a template that
 * reads `p.isMicrophoneEnabled` updates; pass such values to child components as props.
 *
 * @example
 * ```vue
 * <script setup lang="ts">
 * const { participants, state, room } = useRoom({
 *   room: 'standup', name: 'Ann', signaling: () => new WebSocketSignaling('wss://example.com/ws'),
 * });
 * </script>
 * <template><video v-for="p in participants" :key="p.id" :srcObject="p.stream" autoplay playsinline /></template>
 * ```
 */
export function useRoom(source: MaybeRefOrGetter<Room | undefined> | UseRoomOptions): UseRoomReturn {
  const room = shallowRef<Room>();
  const state = shallowRef<ConnectionState>('idle');
  const participants = shallowRef<readonly RemoteParticipant[]>([]);
  const localParticipant = shallowRef<LocalParticipant>();
  const activeSpeaker = shallowRef<RemoteParticipant | null>(null);
  const error = shallowRef<RtcError>();
  let unsubscribers: Array<() => void> = [];

  const read = (): void => {
    const current = room.value;
    state.value = current?.state ?? 'idle';
    participants.value = current ? [...current.participants.values()] : [];
    localParticipant.value = current?.localParticipant;
    triggerRef(localParticipant); // the same object, mutated (mute state): let templates read it again
    activeSpeaker.value = current?.activeSpeaker ?? null;
  };
  const follow = (next: Room | undefined): void => {
    for (const off of unsubscribers) off();
    unsubscribers = [];
    room.value = next;
    if (next) {
      unsubscribers = ROOM_STATE_EVENTS.map((name) =>
        next.on(name, ((...args: unknown[]) => {
          if (args[0] instanceof RtcError) error.value = args[0];
          read();
        }) as RoomEvents[typeof name]),
      );
    }
    read();
  };

  const options = isOptions(source) ? source : undefined;
  let disposed = false;
  const create = (): Room | undefined => {
    const { signaling, autoJoin: _autoJoin, ...rest } = options!;
    try {
      const created = new Room({ ...rest, signaling: typeof signaling === 'function' ? signaling() : signaling });
      follow(created);
      return created;
    } catch (cause) {
      error.value = toRtcError(cause);
      return undefined;
    }
  };
  const joinRoom = async (target: Room): Promise<void> => {
    error.value = undefined;
    try {
      await target.join();
    } catch (cause) {
      if (!disposed) error.value = toRtcError(cause);
      throw cause;
    }
  };

  if (options) {
    const created = create();
    if (created && options.autoJoin !== false) joinRoom(created).catch(() => undefined); // shown in `error`
  } else {
    watch(() => toValue(source as MaybeRefOrGetter<Room | undefined>), follow, { immediate: true });
  }

  if (getCurrentScope()) {
    onScopeDispose(() => {
      disposed = true;
      const current = room.value;
      follow(undefined);
      if (options && current) void current.leave();
    });
  }

  return {
    // Read-only in the types only: Vue's readonly() would wrap the Room itself in a read-only proxy.
    room,
    state,
    participants,
    localParticipant,
    activeSpeaker,
    error,
    async join() {
      let target = room.value;
      if (options && (!target || target.state === 'disconnected')) target = create();
      if (!target) throw error.value ?? RtcError.invalidState('useRoom has no room to join.');
      return joinRoom(target);
    },
    async leave() {
      await room.value?.leave();
    },
  };
}

function isOptions(source: unknown): source is UseRoomOptions {
  return (
    typeof source === 'object' &&
    source !== null &&
    typeof (source as Partial<UseRoomOptions>).room === 'string' &&
    'signaling' in source
  );
}

function toRtcError(error: unknown): RtcError {
  return error instanceof RtcError
    ? error
    : new RtcError('invalid-argument', error instanceof Error ? error.message : String(error), { cause: error });
}
