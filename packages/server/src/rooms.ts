/**
 * Rooms and their participants. Pure bookkeeping: no sockets, no JSON. A room exists while
 * it has at least one participant.
 *
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';
import type { PeerInfo } from './protocol.js';

/** A joined participant. `deliver` hands one serialized server message to its connection. */
export interface Participant {
  readonly id: string;
  readonly name: string;
  readonly room: string;
  readonly deliver: (data: string) => void;
}

/** Outcome of {@link RoomRegistry.join}. */
export type JoinResult =
  | { ok: true; participant: Participant; others: Participant[] }
  | { ok: false; reason: 'room-full' };

/** All rooms of one server, keyed by room name. Participants keep join order. */
export class RoomRegistry {
  readonly #rooms = new Map<string, Map<string, Participant>>();

  /** @param maxParticipantsPerRoom - capacity of every room (>= 1) */
  constructor(private readonly maxParticipantsPerRoom: number) {}

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
   * Adds a participant with a fresh random id, creating the room if needed.
   *
   * @returns the new participant and the others already there (join order), or `room-full`
   */
  join(room: string, name: string, deliver: (data: string) => void): JoinResult {
    const members = this.#rooms.get(room) ?? new Map<string, Participant>();
    if (members.size >= this.maxParticipantsPerRoom) return { ok: false, reason: 'room-full' };
    const others = [...members.values()];
    const participant: Participant = { id: randomUUID(), name, room, deliver };
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
export const toPeerInfo = (p: Participant): PeerInfo => ({ id: p.id, name: p.name });
