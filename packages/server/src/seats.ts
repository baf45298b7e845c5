/**
 * Seats: what the server keeps of a joined participant so that a client whose socket dropped can
 * `resume` with the same id. A seat numbers every message sent to its participant (`seq`), keeps the
 * most recent ones for replay, holds the resume token, and the highest client `seq` processed.
 *
 * @packageDocumentation
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Participant } from './rooms.js';

/** The connection currently bound to a seat. */
export interface SeatOwner {
  /** Writes one serialized server message to the socket. */
  sendRaw(data: string): void;
  /** Another socket resumed this seat: let go of it and close (without grace). */
  takenOver(): void;
}

/** Resumption settings (see `ServerOptions.resumeGraceMs` and friends). */
export interface SeatSettings {
  graceMs: number;
  maxMessages: number;
  maxBytes: number;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * One kept message. Only the unnumbered text is kept (one string, shared by every recipient of a broadcast); the
 * numbered form is rebuilt by {@link frame} when it is replayed.
 */
interface Entry {
  seq: number;
  /** The message before numbering. */
  raw: string;
  /** Bytes of the numbered message (UTF-8), as sent. */
  bytes: number;
}

/** The message as sent: the JSON object `raw` with `"seq":seq` appended. */
const frame = (raw: string, seq: number): string => `${raw.slice(0, -1)},"seq":${seq}}`;

/** One participant's seat. Created on `join` when resumption is on; lives until leave, expiry or overflow. */
export class Seat {
  readonly #tokenDigest: Buffer;
  /** The bound connection; `undefined` while the participant is away (in its grace period). */
  owner: SeatOwner | undefined;
  /** Highest client `seq` of a `signal`/`broadcast` processed for this participant. */
  lastClientSeq = 0;
  /** Expiry of the grace period while away. */
  timer: NodeJS.Timeout | undefined;
  /** Running while away with the participant's SFU media stopped (see `checkVanished`). */
  vanishTimer: NodeJS.Timeout | undefined;
  /** Set once the seat is removed: later deliveries are dropped. */
  gone = false;
  #seq = 0;
  /** Last `seq` handed to a socket before the participant went away. */
  #seqAtAway = 0;
  readonly #log: Entry[] = [];
  #bytes = 0;
  /**
   * Grace left, in ms: drains while away and refills (1:1, up to `graceMs`) while a socket is bound, so a client
   * that resumes and drops again at once cannot keep a seat alive forever; one that is mostly connected always
   * gets the full period.
   */
  #graceLeft: number;
  /** When the seat last went away or came back (`Date.now()`). */
  #changedAt = Date.now();
  /** Frees the per-address slot the seat holds while away (see {@link Seat.holdSlot}). */
  #releaseSlot: (() => void) | undefined;

  constructor(
    readonly participant: Participant,
    owner: SeatOwner,
    private readonly settings: SeatSettings,
    private readonly onOverflow: (seat: Seat) => void,
    /** Secret the client presents in `resume` (a signed token, see `resume-token.ts`). Never logged. */
    readonly token: string,
    /** Last `seq` already used for this participant (a seat taken over from another node continues its numbering). */
    startSeq = 0,
  ) {
    this.owner = owner;
    this.#seq = this.#seqAtAway = startSeq;
    this.#tokenDigest = digest(token);
    this.#graceLeft = settings.graceMs;
  }

  /** Whether the participant is away (socket dropped, seat kept). */
  get away(): boolean {
    return this.owner === undefined;
  }

  /** Last `seq` used. */
  get seq(): number {
    return this.#seq;
  }

  /**
   * Numbers one serialized message (a JSON object) with the next `seq`, keeps it for replay and sends it
   * when a socket is bound. While away, a message that would push out one the client never got drops the seat.
   */
  deliver(data: string): void {
    if (this.gone) return;
    const seq = ++this.#seq;
    // `,"seq":N` is ASCII: its length is its byte count (the closing brace replaces the one sliced off).
    const bytes = Buffer.byteLength(data, 'utf8') + 7 + String(seq).length;
    this.#log.push({ seq, raw: data, bytes });
    this.#bytes += bytes;
    while (this.#log.length > this.settings.maxMessages || this.#bytes > this.settings.maxBytes) {
      const oldest = this.#log[0] as Entry;
      if (this.away && oldest.seq > this.#seqAtAway) {
        this.onOverflow(this);
        return;
      }
      this.#log.shift();
      this.#bytes -= oldest.bytes;
    }
    this.owner?.sendRaw(frame(data, seq));
  }

  /** Constant-time comparison of a presented token with this seat's. */
  tokenMatches(candidate: string): boolean {
    return timingSafeEqual(digest(candidate), this.#tokenDigest);
  }

  /**
   * The kept messages with `seq > lastSeq`, in order; `'ahead'` when the client claims more than was sent,
   * `'gap'` when some message it missed is no longer kept.
   */
  replayAfter(lastSeq: number): string[] | 'ahead' | 'gap' {
    if (lastSeq > this.#seq) return 'ahead';
    const first = this.#log[0];
    if (lastSeq < this.#seq && (!first || first.seq > lastSeq + 1)) return 'gap';
    return this.#log.filter((e) => e.seq > lastSeq).map((e) => frame(e.raw, e.seq));
  }

  /** The kept messages with `seq > lastSeq`, unnumbered (handed to the node that took the seat over). */
  unsentAfter(lastSeq: number): string[] {
    return this.#log.filter((e) => e.seq > lastSeq).map((e) => e.raw);
  }

  /**
   * The socket dropped: keep the seat without a socket.
   *
   * @returns how long the seat may stay away now, in ms: `graceMs`, less what earlier absences used and the time
   *   connected since has not given back
   */
  detach(): number {
    const now = Date.now();
    this.#graceLeft = Math.min(this.settings.graceMs, this.#graceLeft + (now - this.#changedAt));
    this.#changedAt = now;
    this.owner = undefined;
    this.#seqAtAway = this.#seq;
    return this.#graceLeft;
  }

  /** Binds a new socket and stops the grace timer. */
  attach(owner: SeatOwner): void {
    const now = Date.now();
    if (this.away) this.#graceLeft = Math.max(0, this.#graceLeft - (now - this.#changedAt));
    this.#changedAt = now;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.owner = owner;
    this.#freeSlot();
  }

  /**
   * While away, the seat keeps the per-address connection slot of the socket that dropped (so seats in their grace
   * period count against `maxConnectionsPerIp`); `release` is called once it comes back or is removed.
   */
  holdSlot(release: () => void): void {
    this.#freeSlot();
    if (this.gone || !this.away) return release();
    this.#releaseSlot = release;
  }

  #freeSlot(): void {
    const release = this.#releaseSlot;
    this.#releaseSlot = undefined;
    release?.();
  }

  /** Removed for good. */
  dispose(): void {
    this.#freeSlot();
    this.gone = true;
    this.owner = undefined;
    clearTimeout(this.timer);
    clearTimeout(this.vanishTimer);
    this.timer = this.vanishTimer = undefined;
    this.#log.length = 0;
    this.#bytes = 0;
  }
}
