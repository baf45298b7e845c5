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
  /**
   * Adds a participant (fresh random id, or `id` when a seat is restored), creating the room if needed.
   * @returns the participant and the others already there (join order), or why the room cannot take it
   */
  join(room: string, name: string, role: Role, deliver: (data: string) => void, id?: string): JoinResult;
  /** Removes a participant; @returns the participants left in its room. */
  leave(participant: Participant): Participant[];
  /** A participant of `room` by id. */
  find(room: string, id: string): Participant | undefined;
  /** Everyone in `room` except `exceptId`, in join order. */
  others(room: string, exceptId: string): Participant[];
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

  join(room: string, name: string, role: Role, deliver: (data: string) => void, id?: string): JoinResult {
    return this.#rooms.join(room, name, role, deliver, id);
  }

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
