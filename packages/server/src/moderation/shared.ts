/**
 * The seam that makes moderation cluster-wide when several signaling nodes share rooms (Redis backplane): room locks
 * and the deny list live in the shared store, and a step on a participant served by another node (mute, lift a hold,
 * remove) travels to that node as a {@link ModerationCommand} on the participant's seat channel, so the node that
 * holds the participant's socket — and its SFU handle — enforces it. Without a shared store `./moderation.ts` keeps
 * everything in its process.
 *
 * @packageDocumentation
 */

/** What the shared store says about a `join` of `room`. */
export interface SharedJoinCheck {
  /** A moderator locked the room (and it has not emptied since). */
  locked: boolean;
  /** The joining room token was removed from this room. */
  denied: boolean;
}

/** Room locks and deny-list entries shared by every node (see the module comment). */
export interface SharedModeration {
  /**
   * The lock of `room` and whether room token `tokenKey` is denied there.
   * @throws when the shared store cannot be reached (the join is refused with `server-unavailable`)
   */
  check(room: string, tokenKey: string | undefined): Promise<SharedJoinCheck>;
  /** Whether deny-list entry `key` is set (a removed participant's `id\n<id>`). @throws when unreachable */
  denied(key: string): Promise<boolean>;
  /** Locks or unlocks `room` (a lock ends when the room empties cluster-wide). @throws when unreachable */
  lock(room: string, locked: boolean): Promise<void>;
  /** Sets deny-list entry `key` until `until` (ms since the epoch). @throws when unreachable */
  deny(key: string, until: number): Promise<void>;
}

/**
 * A moderation step on a participant served by another node (type `moderate-target` on its seat channel; never
 * delivered to a client). `by` is the moderator's participant id; `hold` as in `moderate` `mute`.
 */
export interface ModerationCommand {
  type: 'moderate-target';
  op: 'mute' | 'unmute-allowed' | 'remove';
  by: string;
  hold?: true;
}

/** The deny-list key of a removed participant's seat. */
export const deniedIdKey = (id: string): string => `id\n${id}`;
/** The deny-list key of a removed room token in `room`. */
export const deniedTokenKey = (room: string, tokenKey: string): string => `${room}\n${tokenKey}`;
