/**
 * The cascade: a room spread over several Janus nodes (`janusRoomCapacity`) has every publisher forwarded from its
 * own part to every other part as a VideoRoom remote publisher (Janus 1.1.2, measured in ../shared/TESTING.md):
 * on the other part `add_remote_publisher` (same feed id, `display` = the participant id, the streams from the
 * publisher's SDP, `simulcast` included) answers a UDP `port` and `rtcp_port`; on the publisher's part
 * `publish_remotely` sends its RTP there (plain RTP, one hop; RTCP back carries keyframe requests). Subscribers on
 * the other part then subscribe to the feed like a local one. A publisher that stops (hangs up, leaves) is
 * unpublished remotely and its remote publishers are removed.
 *
 * Limits: streams added later on a forwarded publisher (a screen share) are forwarded by forwarding again; data
 * channels are not forwarded; Janus cannot forward a remote publisher further (one hop), so every part gets each
 * publisher straight from its own part.
 *
 * @packageDocumentation
 */
import type { Logger } from '../logger.js';
import { describe, type Member, type RoomPart, type SfuRoom } from './model.js';
import { ensurePart } from './parts.js';

/** The `remote_id` a part's forwards go by on the publisher's side. */
const remoteIdOf = (part: RoomPart): string => `rtc-room-${part.janusRoom}`;

/** The address other Janus nodes send a part's RTP to: its Janus URL's host. */
function hostOf(part: RoomPart): string {
  return new URL(part.node.url).hostname.replace(/^\[|\]$/g, '');
}

/** Forwards publishers between the parts of rooms. `synced(part)` re-syncs the subscriptions of that part. */
export class Cascade {
  constructor(
    private readonly log: Logger,
    private readonly synced: (room: SfuRoom, part: RoomPart) => void,
  ) {}

  /** Forwards `member`'s feed to every other part of the room (those it is not forwarded to yet). */
  forward(room: SfuRoom, member: Member): void {
    for (const part of room.parts) if (part !== member.part) this.#forwardTo(room, member, part);
  }

  /** A new part: every published member of the other parts is forwarded to it. */
  forwardAllTo(room: SfuRoom, part: RoomPart): void {
    for (const m of room.members.values()) if (m.published && m.part && m.part !== part) this.#forwardTo(room, m, part);
  }

  /**
   * Stops forwarding `member`'s feed: `unpublish_remotely` on its part (when `detaching` is false: a handle that
   * goes takes its forwards with it) and `remove_remote_publisher` on every other part, whose subscriptions follow.
   */
  unforward(room: SfuRoom, member: Member, detaching = false): void {
    const home = member.part;
    const parts = new Set([...member.forwarding.keys(), ...member.forwarded]);
    member.forwarding.clear();
    member.forwarded.clear();
    for (const part of parts) {
      if (home && !detaching && home.node.session) {
        void home.node.session
          .message(home.node.control, { request: 'unpublish_remotely', room: home.janusRoom, secret: home.secret, publisher_id: member.feed, remote_id: remoteIdOf(part) })
          .catch(() => undefined);
      }
      const janus = part.node.session;
      if (janus) {
        void janus
          .message(part.node.control, { request: 'remove_remote_publisher', room: part.janusRoom, secret: part.secret, id: member.feed })
          .catch(() => undefined);
      }
      this.synced(room, part);
    }
  }

  /** A part is gone (its node died): forwards to it are forgotten (Janus there is gone with them). */
  forget(room: SfuRoom, lost: RoomPart): void {
    for (const m of room.members.values()) {
      m.forwarding.delete(lost);
      m.forwarded.delete(lost);
      const home = m.part;
      if (home && home !== lost && home.node.session) {
        void home.node.session
          .message(home.node.control, { request: 'unpublish_remotely', room: home.janusRoom, secret: home.secret, publisher_id: m.feed, remote_id: remoteIdOf(lost) })
          .catch(() => undefined);
      }
    }
  }

  /** Resolves once `listparticipants` of `part` shows `feed` publishing (polled every 25 ms, for up to 5 s). */
  async #listed(part: RoomPart, feed: number): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const janus = part.node.session;
      if (!janus) return;
      const { data } = await janus.message(part.node.control, { request: 'listparticipants', room: part.janusRoom });
      const participants = Array.isArray(data['participants']) ? (data['participants'] as Array<Record<string, unknown>>) : [];
      if (participants.some((p) => p['id'] === feed && p['publisher'] === true)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`remote publisher ${feed} never appeared in Janus room ${part.janusRoom}`);
  }

  #forwardTo(room: SfuRoom, member: Member, part: RoomPart): void {
    if (member.forwarding.has(part) || member.forwarded.has(part) || member.streams.length === 0) return;
    const home = member.part!;
    const run = (async () => {
      await ensurePart(room, part, this.log);
      const there = part.node.session;
      const here = home.node.session;
      if (!there || !here) return;
      const adminKey = home.node.credentials.adminKey;
      const added = await there.message(part.node.control, {
        request: 'add_remote_publisher', room: part.janusRoom, secret: part.secret, id: member.feed, display: member.p.id,
        streams: member.streams,
      });
      const { port, rtcp_port: rtcpPort } = added.data as { port?: number; rtcp_port?: number };
      if (typeof port !== 'number') throw new Error('add_remote_publisher returned no port');
      // Janus 1.1.2 enters the remote publisher in the room from the thread it starts for it, after answering: a
      // subscription right away gets "No such feed" (measured here). Wait until the room lists it.
      await this.#listed(part, member.feed);
      await here.message(home.node.control, {
        request: 'publish_remotely', room: home.janusRoom, secret: home.secret, publisher_id: member.feed,
        remote_id: remoteIdOf(part), host: hostOf(part), port, ...(typeof rtcpPort === 'number' ? { rtcp_port: rtcpPort } : {}),
        ...(adminKey !== undefined ? { admin_key: adminKey } : {}),
      });
    })();
    member.forwarding.set(part, run);
    run.then(
      () => {
        if (member.forwarding.get(part) !== run) return; // unforwarded meanwhile
        member.forwarding.delete(part);
        member.forwarded.add(part);
        this.log({ event: 'sfu-cascade', room: room.name, id: member.p.id, feed: member.feed, from: home.node.url, to: part.node.url });
        this.synced(room, part);
      },
      (error: unknown) => {
        if (member.forwarding.get(part) === run) member.forwarding.delete(part);
        this.log({ event: 'sfu-error', id: member.p.id, op: 'cascade', error: describe(error).slice(0, 200) });
      },
    );
  }
}
