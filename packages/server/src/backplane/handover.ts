/**
 * A seat taken over from a node that is still alive (its client's socket dropped there, and the client resumed on
 * another node): the old node hands on what it had numbered for the seat after the client's `lastSeq`, marked
 * {@link HANDED_ON}. Some of those may also have reached the new node directly (sent while both were subscribed),
 * so the new node counts, per seat and for {@link WINDOW_MS} after the takeover, the messages that came directly,
 * and drops a handed-on message that matches one of them (a multiset: identical messages are matched one for one).
 *
 * @packageDocumentation
 */

/** Prefix of a handed-on message on a seat channel (or in a pending list). */
export const HANDED_ON = 'R';
/** How long after a takeover handed-on messages are matched. */
const WINDOW_MS = 10_000;
/** Most distinct messages counted per seat. */
const MAX_COUNTED = 1000;

/** The de-duplication of handed-on messages on one node. */
export class Handover {
  readonly #seats = new Map<string, { counts: Map<string, number>; until: number }>();

  /** Seat `id` is being taken over here (call before subscribing to its channel). */
  start(id: string, now = Date.now()): void {
    for (const [other, entry] of this.#seats) if (entry.until < now) this.#seats.delete(other);
    this.#seats.set(id, { counts: new Map(), until: now + WINDOW_MS });
  }

  /** The takeover failed, or the seat left this node. */
  stop(id: string): void {
    this.#seats.delete(id);
  }

  /**
   * A message off seat `id`'s channel. @returns its JSON text to deliver (without the mark), or `undefined` when it
   * is a handed-on copy of one that already came directly
   */
  filter(id: string, text: string, now = Date.now()): string | undefined {
    const handedOn = text.startsWith(HANDED_ON);
    const body = handedOn ? text.slice(HANDED_ON.length) : text;
    const entry = this.#seats.get(id);
    if (!entry) return body;
    if (entry.until < now) {
      this.#seats.delete(id);
      return body;
    }
    const count = entry.counts.get(body) ?? 0;
    if (handedOn) {
      if (count === 0) return body;
      if (count === 1) entry.counts.delete(body);
      else entry.counts.set(body, count - 1);
      return undefined;
    }
    if (count > 0 || entry.counts.size < MAX_COUNTED) entry.counts.set(body, count + 1);
    return body;
  }
}

/** A message from a pending list or a channel without its handed-on mark. */
export const unmarked = (text: string): string => (text.startsWith(HANDED_ON) ? text.slice(HANDED_ON.length) : text);
