import {
  ROOM_STATE_EVENTS,
  RtcError,
  type ConnectionState,
  type LocalParticipant,
  type RemoteParticipant,
  type Room,
  type RoomEvents,
} from '@rtc-room/core';

/** What `useRoom` renders from: a read-only picture of a `Room`, replaced (never mutated) after each event. */
export interface RoomSnapshot {
  /** `room.state`; `'idle'` while there is no `Room` yet. */
  readonly state: ConnectionState;
  /** `room.participants` as an array, in join order. A new array after every event. */
  readonly participants: readonly RemoteParticipant[];
  /** `room.localParticipant`, or `undefined` while there is no `Room` yet. */
  readonly localParticipant: LocalParticipant | undefined;
  /** `room.activeSpeaker`. */
  readonly activeSpeaker: RemoteParticipant | null;
  /** The last error: emitted on `error`, or the rejection of `join()`. Cleared by the next successful join. */
  readonly error: RtcError | undefined;
}


/** The snapshot of "no room yet". */
export const IDLE: RoomSnapshot = Object.freeze({
  state: 'idle',
  participants: Object.freeze([]),
  localParticipant: undefined,
  activeSpeaker: null,
  error: undefined,
});

/**
 * A `useSyncExternalStore` store over one `Room`: subscribes to its events while React has subscribers (counted,
 * so StrictMode's subscribe → unsubscribe → subscribe leaves exactly one set of listeners) and caches the snapshot
 * between events, as `getSnapshot` must.
 * @internal
 */
export class RoomStore {
  private snapshot: RoomSnapshot;
  private lastError: RtcError | undefined;
  private readonly listeners = new Set<() => void>();
  private unsubscribers: Array<() => void> = [];
  /** Set when the owner gave the room up: a join rejected after that is not an error worth showing. */
  disposed = false;

  constructor(readonly room: Room) {
    this.snapshot = this.read();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) {
      this.unsubscribers = ROOM_STATE_EVENTS.map((name) => this.room.on(name, this.onEvent as RoomEvents[typeof name]));
      this.snapshot = this.read(); // events may have been missed while nobody listened
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return;
      for (const off of this.unsubscribers) off();
      this.unsubscribers = [];
    };
  };

  readonly getSnapshot = (): RoomSnapshot => this.snapshot;

  /** `room.join()`, recording a rejection as the snapshot's `error` (and still rejecting). */
  join = async (): Promise<void> => {
    this.setError(undefined);
    try {
      await this.room.join();
    } catch (error) {
      if (!this.disposed) this.setError(toRtcError(error));
      throw error;
    }
  };

  private readonly onEvent = (...args: unknown[]): void => {
    if (args[0] instanceof RtcError) this.lastError = args[0];
    this.update();
  };

  private setError(error: RtcError | undefined): void {
    this.lastError = error;
    this.update();
  }

  private update(): void {
    this.snapshot = this.read();
    for (const listener of [...this.listeners]) listener();
  }

  private read(): RoomSnapshot {
    const room = this.room;
    return Object.freeze({
      state: room.state,
      participants: Object.freeze([...room.participants.values()]),
      localParticipant: room.localParticipant,
      activeSpeaker: room.activeSpeaker,
      error: this.lastError,
    });
  }
}

/** @internal */
export function toRtcError(error: unknown): RtcError {
  return error instanceof RtcError
    ? error
    : new RtcError('invalid-argument', error instanceof Error ? error.message : String(error), { cause: error });
}
