/**
 * The SFU service's side of rooms shared by several signaling nodes (`./shared.ts`, Redis in
 * `../backplane/sfu-share.ts`): every node places a room's members in the room's ONE Janus room, found or created
 * cluster-wide; each node lists its published feeds and subscribes its members to the feeds of the other nodes'
 * members (re-read on every `sfu-feeds`, leave, away or move event of the room, and when Janus tells a local
 * publisher that a feed left); a feed listed in Redis that Janus no longer has in the room (its node died) is
 * left out. A Janus room is destroyed when the rtc-room room empties cluster-wide, by whichever node takes its
 * placement off the orphan list (`sweep`), not by the node whose last local member left.
 *
 * Limit: a room shared by several nodes stays in one Janus room (no cascade over `janusRoomCapacity`).
 *
 * @packageDocumentation
 */
import type { WantedFeed } from '@rtc-room/janus';
import type { Logger } from '../logger.js';
import type { JanusNode } from './janus-node.js';
import { describe, newPart, SfuFailure, type Member, type RoomPart, type SfuRoom } from './model.js';
import { leastLoaded } from './placement.js';
import type { SharedFeed, SharedSfu } from './shared.js';

/** How often each node looks for Janus rooms of emptied rooms to destroy. */
export const ORPHAN_SWEEP_MS = 2000;

export class SharedRooms {
  constructor(
    private readonly shared: SharedSfu,
    private readonly log: Logger,
  ) {}

  /**
   * The room's part: its live one, else the cluster-wide placement (created with a new random room on the least
   * loaded live node when there is none, or when the stored one is on a Janus that is down from here).
   * @returns `undefined` when no node is up
   * @throws {SfuFailure} `sfu-unavailable` when Redis cannot be reached
   */
  place(room: SfuRoom, nodes: readonly JanusNode[], loadOf: (node: JanusNode) => number, refresh: () => void): Promise<RoomPart | undefined> {
    const live = room.parts.find((part) => part.node.session !== undefined);
    if (live) return Promise.resolve(live);
    room.placing ??= this.#place(room, nodes, loadOf)
      .then((part) => {
        if (part) refresh();
        return part;
      })
      .finally(() => (room.placing = undefined));
    return room.placing;
  }

  async #place(room: SfuRoom, nodes: readonly JanusNode[], loadOf: (node: JanusNode) => number): Promise<RoomPart | undefined> {
    const home = leastLoaded(nodes, loadOf);
    if (!home) return undefined;
    const candidate = newPart(home);
    let stale = room.lost;
    for (let attempt = 0; attempt < 2; attempt++) {
      const stored = await this.shared
        .place(room.name, { url: home.url, janusRoom: candidate.janusRoom, secret: candidate.secret, pin: candidate.pin }, stale)
        .catch((error: unknown) => {
          this.log({ event: 'redis-error', where: 'sfu-place', code: describe(error).slice(0, 80) });
          throw new SfuFailure('sfu-unavailable', 'the media server placement is unreachable; retrying');
        });
      const node = nodes.find((n) => n.url === stored.url);
      if (!node) {
        this.log({ event: 'sfu-placement-unknown', room: room.name, janus: stored.url });
        throw new SfuFailure('sfu-misconfigured', 'the room is on a media server this server does not know (every node needs the same --janus-url list)');
      }
      if (node.session) {
        const part: RoomPart =
          stored.janusRoom === candidate.janusRoom ? candidate : { node, janusRoom: stored.janusRoom, secret: stored.secret, pin: stored.pin, created: undefined };
        room.parts = [part];
        room.lost = undefined;
        if (part !== candidate) this.log({ event: 'sfu-room-shared', room: room.name, janus: node.url, janusRoom: part.janusRoom });
        return part;
      }
      stale = stored.janusRoom; // its Janus is down from here: replace it (unless another node did meanwhile)
    }
    return undefined;
  }

  /**
   * Redis is back (perhaps restarted empty): the room's live placement and this node's published feeds are stored
   * again (the placement only where there is none, so nodes agree on the first one back).
   */
  reassert(room: SfuRoom): void {
    const part = room.parts[0];
    if (!part?.node.session) return;
    const { node, janusRoom, secret, pin } = part;
    this.shared.place(room.name, { url: node.url, janusRoom, secret, pin }).catch(() => undefined);
    for (const m of room.members.values()) if (m.published && m.part === part) this.published(room, m);
  }

  /** `member`'s feed is up (Janus `webrtcup`): list it for the other nodes. */
  published(room: SfuRoom, member: Member): void {
    this.shared.published(room.name, { id: member.p.id, feed: member.feed, mids: member.mids }).catch((error: unknown) =>
      this.log({ event: 'redis-error', where: 'sfu-feed', code: describe(error).slice(0, 80) }));
  }

  /** `member`'s feed stopped (hangup, leave, moved to another node). */
  unpublished(room: SfuRoom, member: Member): void {
    this.shared.unpublished(room.name, member.p.id, member.feed).catch((error: unknown) =>
      this.log({ event: 'redis-error', where: 'sfu-feed', code: describe(error).slice(0, 80) }));
  }

  /** Re-reads the room's feeds on other nodes, then `synced()` (every subscription follows). One read at a time. */
  refresh(room: SfuRoom, synced: () => void): void {
    if (room.refreshing) {
      room.refreshing.again = true;
      return;
    }
    const state = { again: false };
    room.refreshing = state;
    void (async () => {
      do {
        state.again = false;
        const feeds = await this.shared.feeds(room.name);
        const inJanus = await this.#inJanus(room);
        const remote = new Map<number, SharedFeed>();
        for (const f of feeds) if (!room.members.has(f.id) && (!inJanus || inJanus.has(f.feed))) remote.set(f.feed, f);
        room.remote = remote;
        synced();
      } while (state.again);
    })()
      .catch((error: unknown) => this.log({ event: 'redis-error', where: 'sfu-feeds', code: describe(error).slice(0, 80) }))
      .finally(() => (room.refreshing = undefined));
  }

  /** The feed ids in the room's Janus room now, or `undefined` when it cannot be asked. */
  async #inJanus(room: SfuRoom): Promise<Set<number> | undefined> {
    const part = room.parts[0];
    const janus = part?.node.session;
    if (!part || !janus) return undefined;
    try {
      const { data } = await janus.message(part.node.control, { request: 'listparticipants', room: part.janusRoom });
      const participants = Array.isArray(data['participants']) ? (data['participants'] as Array<Record<string, unknown>>) : [];
      return new Set(participants.map((p) => Number(p['id'])));
    } catch {
      return undefined;
    }
  }

  /** The other nodes' feeds `member` subscribes to (those of participants not in this node's room). */
  wanted(room: SfuRoom, member: Member): WantedFeed[] {
    if (!room.remote || member.part !== room.parts[0]) return [];
    return [...room.remote.values()].filter((f) => !room.members.has(f.id)).map((f) => ({ feed: f.feed, mids: f.mids }));
  }

  /** Runs {@link sweep} every `ms` (the timer does not keep the process alive). */
  sweepEvery(ms: number, nodes: readonly JanusNode[]): NodeJS.Timeout {
    const timer = setInterval(() => void this.sweep(nodes), ms);
    timer.unref();
    return timer;
  }

  /** Destroys the Janus rooms of rooms that emptied cluster-wide (each taken by one node only). */
  async sweep(nodes: readonly JanusNode[]): Promise<void> {
    const orphans = await this.shared.orphans(20).catch(() => []);
    for (const o of orphans) {
      const node = nodes.find((n) => n.url === o.url);
      const janus = node?.session;
      if (!node || !janus) continue; // a Janus that is down lost its (non-permanent) rooms anyway
      await janus
        .message(node.control, { request: 'destroy', room: o.janusRoom, secret: o.secret })
        .then(
          () => this.log({ event: 'sfu-room-destroyed', room: o.room, janus: node.url, janusRoom: o.janusRoom }),
          () => undefined, // already gone (Janus restarted)
        );
    }
  }
}
