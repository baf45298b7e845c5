/**
 * The seam that makes a room's `auto` topology room-wide when several nodes share it (Redis backplane): the
 * participant count and the room's current topology come from the shared store, so every node of a room decides
 * from the same numbers, and a change decided on one node is applied by all. The policy itself stays
 * `./topology.ts`; without a shared store the SFU service counts its own members.
 *
 * @packageDocumentation
 */
import type { Topology, TopologyDecision, TopologyPolicy } from './topology.js';

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

/**
 * A participant left a room shared by several nodes: decides with the room-wide count (the decision may concern
 * participants on other nodes only); a change is stored and published, and `apply` tells this node's participants.
 */
export function departRoomWide(
  shared: SharedTopology,
  policy: TopologyPolicy,
  room: string,
  id: string,
  sfuAvailable: boolean,
  apply: (decision: TopologyDecision) => void,
): void {
  shared.left(room, id).then(
    (wide) => {
      const decision = policy.departure(wide.topology, wide.auto, sfuAvailable);
      if (decision.tell !== 'everyone') return;
      shared.changed(room, decision.topology);
      apply(decision);
    },
    () => undefined,
  );
}
