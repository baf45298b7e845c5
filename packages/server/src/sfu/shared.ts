/**
 * The seam that puts every participant of an rtc-room room in ONE Janus room when several signaling nodes share
 * rooms (Redis backplane, `../backplane/sfu-share.ts`): the room's placement (Janus URL, room id, `secret`, `pin`)
 * is created once cluster-wide (create-or-get), and each node's published feeds are listed where the other nodes
 * read them, so a node subscribes its participants to publishers on other nodes. Without it every node places its
 * own rooms (one node, or Redis not configured).
 *
 * @packageDocumentation
 */

/** Where a room's media goes: one Janus room on one Janus (the same on every node). Secrets are never logged. */
export interface SharedPlacement {
  /** The Janus WebSocket URL, one of every node's `--janus-url`s. */
  url: string;
  janusRoom: number;
  secret: string;
  pin: string;
}

/** A published feed of the room, on any node. */
export interface SharedFeed {
  /** The participant id. */
  id: string;
  /** Its Janus feed (publisher) id. */
  feed: number;
  /** The mids it sends (`undefined`: the whole feed). */
  mids: string[] | undefined;
}

/** A placement whose room emptied cluster-wide: its Janus room is to be destroyed (once, by any node). */
export interface OrphanPlacement extends SharedPlacement {
  /** The rtc-room room name (for the log line). */
  room: string;
}

/** Room placement and feeds shared by the nodes of a cluster. Every method may reject (Redis unreachable). */
export interface SharedSfu {
  /**
   * The room's placement: the stored one, or `candidate` when there is none, or when the stored one is the
   * Janus room `stale` (its Janus died: `candidate` replaces it). Atomic: concurrent callers get one answer.
   */
  place(room: string, candidate: SharedPlacement, stale?: number): Promise<SharedPlacement>;
  /** Participant `id` publishes `feed` (webrtcup): listed for the other nodes, who are told. */
  published(room: string, feed: SharedFeed): Promise<void>;
  /** Participant `id`'s `feed` stopped (a newer feed of the same participant is kept): the other nodes are told. */
  unpublished(room: string, id: string, feed: number): Promise<void>;
  /** Every listed feed of the room. */
  feeds(room: string): Promise<SharedFeed[]>;
  /** Takes up to `max` placements of rooms that emptied (each is handed to one caller only). */
  orphans(max: number): Promise<OrphanPlacement[]>;
}
