/**
 * The seam that makes a room's `auto` topology room-wide when several nodes share it (Redis backplane): the
 * participant count and the room's current topology come from the shared store, so every node of a room decides
 * from the same numbers, and a change decided on one node is applied by all. The policy itself stays
 * `./topology.ts`; without a shared store the SFU service counts its own members.
 *
 * @packageDocumentation
 */
import type { Topology } from './topology.js';

/** A room's `auto` participants on every node, and its topology. */
export interface RoomWideTopology {
  auto: number;
  topology: Topology;
}

/** Room-wide `auto` bookkeeping (see the module comment). */
export interface SharedTopology {
  /** Participant `id` said `hello` (`auto` or not). @returns the room-wide state after it */
  hello(room: string, id: string, auto: boolean): Promise<RoomWideTopology>;
  /** Participant `id` left the room's SFU side. @returns the room-wide state after it */
  left(room: string, id: string): Promise<RoomWideTopology>;
  /** This node moved the room to `topology`: store it, and have the other nodes tell their participants. */
  changed(room: string, topology: Topology): void;
}
