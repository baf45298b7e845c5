/**
 * The seam between the session logic and where presence and seats are kept: the {@link SessionStore} interface
 * and its in-memory implementation, {@link MemoryStore} (the default; one process holds everything).
 *
 * @packageDocumentation
 */
import type { Role } from '../protocol.js';
import { RoomRegistry, type JoinResult, type Participant } from '../rooms.js';
import type { Seat } from '../seats.js';

/**
 * Presence (rooms and their participants), seats kept for resumption, and the ids restored from a resume token.
 * Every session operation goes through one store; the pipeline never touches it.
 */
export interface SessionStore {
  /** Number of rooms that currently have participants. */
  readonly roomCount: number;
  /** Number of participants over all rooms (away ones included). */
  readonly participantCount: number;
  /** Whether joins can be served now (`false` while the shared store is unreachable). */
  readonly available: boolean;
  /**
   * Adds a participant (fresh random id, or `id` when a seat is restored), creating the room if needed. Messages
   * for it from other nodes wait until {@link activate}.
   * @returns the participant and the others already there (join order), or why the room cannot take it
   */
  join(room: string, name: string, role: Role, deliver: (data: string) => void, id?: string): Promise<JoinResult>;
  /** The participant's `joined`/`resumed` has been sent: deliver what other nodes sent it meanwhile, and from now on. */
  activate(id: string): void;
  /** Removes a participant; @returns the participants of its room this node tells (`peer-left`). */
  leave(participant: Participant): Participant[];
  /** A participant of `room` by id (on any node). */
  find(room: string, id: string): Participant | undefined;
  /** Everyone in `room` except `exceptId`, in join order (on every node). */
  others(room: string, exceptId: string): Participant[];
  /** Who in `room` (except `exceptId`) this node tells about presence changes it makes: its own participants. */
  local(room: string, exceptId: string): Participant[];
  /**
   * Delivers one serialized message to each of `targets` (one relayed `signal`/`broadcast`); `sender` is the
   * sending participant and its client `seq`, when the message carried one.
   */
  deliver(targets: readonly Participant[], data: string, sender?: { id: string; seq: number }): void;
  /** The participant's socket dropped (its seat is kept): others will be told `peer-away` by their nodes. */
  away(participant: Participant): void;
  /** The participant resumed here after {@link away}. */
  back(participant: Participant): void;
  /** The seat of participant `id`, if kept. */
  seat(id: string): Seat | undefined;
  /** Keeps `seat` under its participant's id. */
  putSeat(seat: Seat): void;
  /** Forgets the seat of participant `id`. */
  deleteSeat(id: string): void;
  /** Every kept seat. */
  seats(): Iterable<Seat>;
  /** Notes that `id` was restored from a token here; the note may be forgotten at `until` (ms since epoch). */
  markRestored(id: string, until: number): void;
  /** Whether `id` was restored from a token here (such an id is never restored twice). */
  wasRestored(id: string): boolean;
  /** Forgets restored-id notes whose time is up. */
  prune(now: number): void;
  /** Disposes every seat and forgets everything (server shutdown). */
  clear(): void;
}

/** The in-memory {@link SessionStore}: a {@link RoomRegistry} plus two maps. */
export class MemoryStore implements SessionStore {
  readonly #rooms: RoomRegistry;
  readonly #seats = new Map<string, Seat>();
  readonly #restored = new Map<string, number>();

  /**
   * @param maxParticipantsPerRoom - capacity of every room (>= 1)
   * @param maxRooms - most rooms at once (>= 1)
   */
  constructor(maxParticipantsPerRoom: number, maxRooms?: number) {
    this.#rooms = new RoomRegistry(maxParticipantsPerRoom, maxRooms);
  }

  get roomCount(): number {
    return this.#rooms.roomCount;
  }

  get participantCount(): number {
    return this.#rooms.participantCount;
  }

  readonly available = true;

  join(room: string, name: string, role: Role, deliver: (data: string) => void, id?: string): Promise<JoinResult> {
    return Promise.resolve(this.#rooms.join(room, name, role, deliver, id));
  }

  activate(): void {}

  local(room: string, exceptId: string): Participant[] {
    return this.#rooms.others(room, exceptId);
  }

  deliver(targets: readonly Participant[], data: string): void {
    for (const target of targets) target.deliver(data);
  }

  away(): void {}

  back(): void {}

  leave(participant: Participant): Participant[] {
    return this.#rooms.leave(participant);
  }

  find(room: string, id: string): Participant | undefined {
    return this.#rooms.find(room, id);
  }

  others(room: string, exceptId: string): Participant[] {
    return this.#rooms.others(room, exceptId);
  }

  seat(id: string): Seat | undefined {
    return this.#seats.get(id);
  }

  putSeat(seat: Seat): void {
    this.#seats.set(seat.participant.id, seat);
  }

  deleteSeat(id: string): void {
    this.#seats.delete(id);
  }

  seats(): Iterable<Seat> {
    return this.#seats.values();
  }

  markRestored(id: string, until: number): void {
    this.#restored.set(id, until);
  }

  wasRestored(id: string): boolean {
    return this.#restored.has(id);
  }

  prune(now: number): void {
    for (const [id, until] of this.#restored) if (until <= now) this.#restored.delete(id);
  }

  clear(): void {
    for (const seat of this.#seats.values()) seat.dispose();
    this.#seats.clear();
    this.#restored.clear();
  }
}
