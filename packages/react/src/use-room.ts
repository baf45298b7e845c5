import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Room, RtcError, type RoomOptions, type SignalingAdapter } from '@rtc-room/core';
import { IDLE, RoomStore, toRtcError, type RoomSnapshot } from './room-store.js';

/**
 * Options of a `Room` that `useRoom` creates and owns: the `RoomOptions`, with `signaling` best given as a function
 * (each `Room` the hook creates — one per mount, per change of options, per rejoin — gets a fresh adapter).
 */
export interface UseRoomOptions extends Omit<RoomOptions, 'signaling'> {
  /** The signaling adapter, or a function returning a new one (recommended). */
  signaling: SignalingAdapter | (() => SignalingAdapter);
  /** Join as soon as the component is mounted. Default `true`; with `false`, call `join()`. */
  autoJoin?: boolean;
}

/** What `useRoom` returns: the room's state as React state, and the room itself. */
export interface UseRoomResult extends RoomSnapshot {
  /**
   * The `Room`: the one passed in, or the one the hook created (`undefined` until the component is mounted).
   * Call its methods directly: `room?.setMicrophoneEnabled(false)`.
   */
  readonly room: Room | undefined;
  /**
   * Joins. For an owned room that was left (or failed), creates a fresh `Room` first (a `Room` is single-use).
   * Rejects like `room.join()`; the error is also in `error`.
   */
  join(): Promise<void>;
  /** Leaves (also a room passed in: it is an explicit request). */
  leave(): Promise<void>;
}

/**
 * Follows a `Room` from a React component: re-renders on every event that changes its state, participants, tracks,
 * mute state or active speaker, and unsubscribes on unmount (`useSyncExternalStore`).
 *
 * - `useRoom(room)`: follows a `Room` the app owns; never joins or leaves it by itself.
 * - `useRoom(options)`: creates a `Room` when mounted, joins it (unless `autoJoin: false`) and leaves it on unmount.
 *   It is created again when an option other than `signaling` changes (compared by value). StrictMode's
 *   mount → unmount → mount creates, leaves and creates again: only the last one stays in the call.
 *
 * Participants are live objects mutated in place (`p.isMicrophoneEnabled`): the hook's component re-renders, but
 * pass primitives (or the snapshot) to memoized children so they re-render too.
 *
 * @example
 * ```tsx
 * const { room, state, participants, localParticipant, error } = useRoom({
 *   room: 'standup', name: 'Ann', signaling: () => new WebSocketSignaling('wss://example.com/ws'),
 * });
 * return <>{participants.map((p) => <Video key={p.id} stream={p.stream} muted={!p.isMicrophoneEnabled} />)}</>;
 * ```
 */
export function useRoom(source: Room | UseRoomOptions | undefined): UseRoomResult {
  const followed = isRoom(source) ? source : undefined;
  const options = isRoom(source) ? undefined : source;

  // An owned room: created in an effect (so StrictMode's double mount leaves the first one), kept in state.
  const [owned, setOwned] = useState<RoomStore>();
  const [createError, setCreateError] = useState<RtcError>();
  const ownedRef = useRef<RoomStore | undefined>(undefined);
  const optionsRef = useRef(options);
  useEffect(() => {
    optionsRef.current = options;
  });
  const key = options ? optionsKey(options) : undefined;

  const createOwned = useCallback((join: boolean): RoomStore | undefined => {
    const opts = optionsRef.current;
    if (!opts) return undefined;
    const { signaling, autoJoin: _autoJoin, ...rest } = opts;
    try {
      const store = new RoomStore(new Room({ ...rest, signaling: typeof signaling === 'function' ? signaling() : signaling }));
      ownedRef.current = store;
      setOwned(store);
      setCreateError(undefined);
      if (join) store.join().catch(() => undefined); // the rejection is in the snapshot's `error`
      return store;
    } catch (error) {
      setCreateError(toRtcError(error));
      return undefined;
    }
  }, []);

  useEffect(() => {
    if (key === undefined) return undefined;
    optionsRef.current = options;
    const store = createOwned(options?.autoJoin !== false);
    return () => {
      const current = ownedRef.current ?? store;
      ownedRef.current = undefined;
      if (current) {
        current.disposed = true;
        void current.room.leave();
      }
      setOwned(undefined);
    };
    // `options` is read through the key: a new object with the same values keeps the room.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, createOwned]);

  const followedStore = useMemo(() => (followed ? new RoomStore(followed) : undefined), [followed]);
  const store = followed ? followedStore : owned;
  const snapshot = useSyncExternalStore(store?.subscribe ?? noSubscription, store?.getSnapshot ?? idle, idle);

  const join = useCallback(async (): Promise<void> => {
    if (followed) return followedStore!.join();
    let current = ownedRef.current;
    if (!current || current.room.state === 'disconnected') current = createOwned(false);
    if (!current) throw createError ?? RtcError.invalidState('useRoom has no room to join yet.');
    return current.join();
  }, [followed, followedStore, createOwned, createError]);

  const leave = useCallback(async (): Promise<void> => {
    await (followed ?? ownedRef.current?.room)?.leave();
  }, [followed]);

  return {
    ...snapshot,
    error: snapshot.error ?? (followed ? undefined : createError),
    room: store?.room,
    join,
    leave,
  };
}

/** A `Room` (duck-typed: two copies of `@rtc-room/core` in one bundle must still work), not options. */
function isRoom(source: Room | UseRoomOptions | undefined): source is Room {
  return typeof (source as Room | undefined)?.on === 'function' && typeof (source as Room).join === 'function';
}

const noSubscription = (): (() => void) => () => undefined;
const idle = (): RoomSnapshot => IDLE;

/** The options that decide which `Room` is created, as a string (functions and the adapter left out). */
function optionsKey(options: UseRoomOptions): string {
  const { signaling: _signaling, ...rest } = options;
  return JSON.stringify(rest);
}
