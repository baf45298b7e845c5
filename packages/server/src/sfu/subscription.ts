/**
 * A member's multistream subscription: the Janus VideoRoom subscriber that follows the room's published members,
 * and the `sfu-offer`s it sends the client.
 *
 * @packageDocumentation
 */
import { VideoRoomSubscriber, type JanusSession, type WantedFeed } from '@rtc-room/janus';
import type { Logger } from '../logger.js';
import type { SfuStream } from '../protocol.js';
import { describe, send, type Member, type SfuRoom } from './model.js';
import type { SharedRooms } from './shared-rooms.js';

/**
 * `member`'s subscription: every other published member of the room (only the mids it said it sends, when it
 * said). Each Janus offer goes to the client as an `sfu-offer` naming every mid's participant and source.
 * @param shared - with several signaling nodes, the room's feeds on the other nodes (`./shared-rooms.ts`)
 */
export function subscriberFor(room: SfuRoom, member: Member, janus: JanusSession, shared: SharedRooms | undefined, log: Logger): VideoRoomSubscriber {
  const part = member.part!;
  return new VideoRoomSubscriber(janus, {
    room: part.janusRoom,
    pin: part.pin,
    // Feeds in the member's own part, and those forwarded to it from the room's other parts (the cascade).
    wanted: () => {
      const wanted: WantedFeed[] = [];
      for (const m of room.members.values()) {
        if (m !== member && m.published && (m.part === part || m.forwarded.has(part))) wanted.push({ feed: m.feed, mids: m.mids });
      }
      // With several signaling nodes: the published feeds of the room's members on the other nodes.
      if (shared) wanted.push(...shared.wanted(room, member));
      return wanted;
    },
    offer: (jsep, subscribed) => {
      const feeds = new Map<unknown, string>([...(room.remote?.values() ?? [])].map((f) => [f.feed, f.id]));
      for (const m of room.members.values()) feeds.set(m.feed, m.p.id);
      const streams: SfuStream[] = [];
      for (const s of subscribed) {
        const participant = feeds.get(s.feed);
        if (participant) streams.push({ mid: s.mid, kind: s.kind, participant, ...(s.source ? { source: s.source } : {}) });
      }
      send(member.p, { type: 'sfu-offer', description: { type: 'offer', sdp: jsep.sdp }, streams, feeds: Object.fromEntries([...feeds].map(([f, id]) => [String(f), id])) });
    },
    onError: (error) => {
      if (room.members.get(member.p.id) !== member || !part.node.session) return; // left meanwhile, or Janus went away
      log({ event: 'sfu-error', id: member.p.id, op: 'sync', error: describe(error).slice(0, 200) });
    },
  });
}
