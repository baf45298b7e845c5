/**
 * Rooms and their participants. Pure bookkeeping: no sockets, no JSON. A room exists while
 * it has at least one participant.
 *
 * @packageDocumentation
 */
import { newId } from './ids.js';
import { displayName } from './names.js';
import { MAX_NAME_LENGTH, type PeerInfo, type Role } from './protocol.js';

/** A joined participant. `deliver` hands one serialized server message to its connection. */
export interface Participant {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly room: string;
  readonly deliver: (data: string) => void;
}

/** Outcome of {@link RoomRegistry.join}. */
export type JoinResult =
  | { ok: true; participant: Participant; others: Participant[] }
  | { ok: false; reason: 'room-full' | 'server-full' | 'server-unavailable' };

/** All rooms of one server, keyed by room name. Participants keep join order. */
export class RoomRegistry {
  readonly #rooms = new Map<string, Map<string, Participant>>();

  /**
   * @param maxParticipantsPerRoom - capacity of every room (>= 1)
   * @param maxRooms - most rooms at once (>= 1)
   */
  constructor(
    private readonly maxParticipantsPerRoom: number,
    private readonly maxRooms = Number.POSITIVE_INFINITY,
  ) {}

  /** Number of rooms that currently have participants. */
  get roomCount(): number {
    return this.#rooms.size;
  }

  /** Number of participants over all rooms. */
  get participantCount(): number {
    let count = 0;
    for (const room of this.#rooms.values()) count += room.size;
    return count;
  }

  /**
   * Adds a participant with a fresh random id (or the given `id`, when a seat is restored after a restart;
   * the caller makes sure it is not in use), creating the room if needed. The name others see is `name` without
   * bidi controls or control characters, made unique in the room (see `displayName`).
   *
   * @returns the new participant and the others already there (join order), `room-full`, or
   *   `server-full` when the room does not exist yet and there are `maxRooms` rooms already
   */
  join(room: string, name: string, role: Role, deliver: (data: string) => void, id: string = newId()): JoinResult {
    const existing = this.#rooms.get(room);
    if (!existing && this.#rooms.size >= this.maxRooms) return { ok: false, reason: 'server-full' };
    const members = existing ?? new Map<string, Participant>();
    if (members.size >= this.maxParticipantsPerRoom) return { ok: false, reason: 'room-full' };
    const others = [...members.values()];
    const display = displayName(name, others.map((p) => p.name), MAX_NAME_LENGTH);
    const participant: Participant = { id, name: display, role, room, deliver };
    members.set(participant.id, participant);
    this.#rooms.set(room, members);
    return { ok: true, participant, others };
  }

  /**
   * Removes a participant; deletes its room when it becomes empty.
   *
   * @returns the participants left in the room (empty when the room was deleted or the participant unknown)
   */
  leave(participant: Participant): Participant[] {
    const members = this.#rooms.get(participant.room);
    if (!members?.delete(participant.id)) return [];
    if (members.size === 0) this.#rooms.delete(participant.room);
    return [...members.values()];
  }

  /** Finds a participant of `room` by id. */
  find(room: string, id: string): Participant | undefined {
    return this.#rooms.get(room)?.get(id);
  }

  /** Everyone in `room` except `exceptId`, in join order. */
  others(room: string, exceptId: string): Participant[] {
    const members = this.#rooms.get(room);
    return members ? [...members.values()].filter((p) => p.id !== exceptId) : [];
  }
}

/** The public view of a participant. */
export const toPeerInfo = (p: Participant): PeerInfo => ({ id: p.id, name: p.name, role: p.role });
