/**
 * The server side of SFU rooms: maps rtc-room's SFU operations (see `./protocol.ts`) onto Janus VideoRoom,
 * backend-to-backend, so browsers only ever speak rtc-room's protocol. The Janus sequences themselves (session,
 * reconnect, publish, subscribe / update / configure / ICE restart / start) are `@rtc-room/janus`'s VideoRoom
 * driver, the same one the browser's direct adapter (`JanusSignaling`) runs; the `auto` topology policy is
 * `../rooms/topology.ts`.
 *
 * Per room: one Janus room on one Janus node (see `./placement.ts`: the least loaded live node), created on demand
 * (random numeric id, `bitrate = 0` so simulcast's top layer is not starved, talking events on), locked down: a
 * random `secret` (needed to edit, record or destroy it) and `pin` (needed to join it), `is_private` (left out of
 * `list`), `lock_record`. The VideoRoom `admin_key`, when configured, goes with every `create`. Each creation is
 * logged (`sfu-room-created`: rtc-room name, Janus URL and room id); the secret and pin never are (`./parts.ts`).
 * With `roomCapacity`, members beyond it go to a Janus room on another node and publishers are forwarded between
 * the two (`./cascade.ts`). Per participant: one publisher handle (its Janus feed id is ours to choose, and
 * maps back to the participant id) and one multistream subscriber handle (`./subscription.ts`) that follows the room's published
 * members. Subscription renegotiations are serialized per participant: one `sfu-offer` at a time, the next after
 * the client's answer.
 *
 * With several signaling nodes (Redis) a room's members are in ONE Janus room whatever their node (`./shared-rooms.ts`).
 * When a Janus goes away every SFU participant of its rooms gets `sfu-state: unavailable`; when another node is up
 * the rooms are placed again at once and `sfu-state: available` follows (clients publish and subscribe again,
 * with the same participant ids); otherwise it follows when a node is back (each is reconnected every second).
 * A Janus that refuses the server's credentials is logged once (`./janus-node.ts`) and clients get
 * `sfu-misconfigured` instead of waiting forever.
 *
 * Screen share: a publisher adds (or stops) streams on its publish connection with a `publish` renegotiation whose
 * `sources` name what each mid carries. Janus gets them as stream `descriptions` (subscribers see them as
 * `feed_description`, sent to clients as each stream's `source`), and every subscription to that publisher gains or
 * drops those mids (`WantedFeed.mids`): Janus does not add a new stream of an already subscribed feed by itself.
 *
 * @packageDocumentation
 */
import {
  layerOf,
  remotePublisherStreams,
  talkingOf,
  type JanusMessage,
  type JanusSession,
  type Jsep,
  type VideoRoomSubscriber,
} from '@rtc-room/janus';
import type { Logger } from '../logger.js';
import { TopologyPolicy, type Topology, type TopologyDecision } from '../rooms/topology.js';
import { departRoomWide, type SharedTopology } from '../rooms/shared-topology.js';
import type { SfuMessage, SfuRecording, SfuServerMessage } from '../protocol.js';
import { Cascade } from './cascade.js';
import { JanusNode, type JanusCredentials, type JanusNodeHealth } from './janus-node.js';
import { describe, newMember, send, SfuFailure, type Member, type RoomPart, type SfuParticipant, type SfuRoom } from './model.js';
import { dropHandles, repeatConfigure } from './handles.js';
import { destroyPart, ensurePart, placeMember } from './parts.js';
import { ORPHAN_SWEEP_MS, SharedRooms } from './shared-rooms.js';
import type { SharedSfu } from './shared.js';
import { mayRecord, toggleRecording } from './recording.js';
import { moderateAudio } from './moderate.js';
import { subscriberFor } from './subscription.js';
import { joinPublisher } from './publisher-join.js';

export type { SfuParticipant } from './model.js';

/** Settings of {@link SfuService}. */
export interface SfuSettings {
  /** Janus WebSocket URLs, e.g. `ws://127.0.0.1:8188`: each room is placed on one of them. */
  janusUrls: readonly string[];
  /** How the server authenticates to every Janus (never logged). */
  credentials?: JanusCredentials | undefined;
  /** `auto` rooms move to the SFU when they have more than this many participants. Default 4. */
  sfuAbove?: number;
  /** …and back to mesh when they shrink to this many. Default 2. */
  meshAtOrBelow?: number;
  log: Logger;
  /** A publisher's media started or stopped reaching Janus (see {@link SfuService.mediaFlowing}). */
  onMediaFlowing?: (p: SfuParticipant, flowing: boolean) => void;
  /** Folder (on Janus's machine) for server-side recordings; unset: `record` requests get `recording-off`. */
  recordingsDir?: string | undefined;
  /**
   * Members of one room on one Janus before the room cascades to another node (`janusRoomCapacity`). Default: no
   * limit (a room stays on one node).
   */
  roomCapacity?: number | undefined;
  /** With several nodes (Redis): the room-wide `auto` count and topology (else this node counts its own members). */
  shared?: SharedTopology | undefined;
  /**
   * With several nodes (Redis): the room's Janus placement and published feeds, shared, so every member of a room
   * is in one Janus room whichever node it is on (see `./shared-rooms.ts`; `roomCapacity` does not apply then).
   */
  sharedSfu?: SharedSfu | undefined;
}

/** Janus VideoRoom driver for one signaling server. Call {@link start} once. */
export class SfuService {
  readonly #nodes: JanusNode[];
  readonly #rooms = new Map<string, SfuRoom>();
  readonly #topology: TopologyPolicy;
  readonly #cascade: Cascade;
  readonly #sharedRooms: SharedRooms | undefined;
  #sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly settings: SfuSettings) {
    if (settings.janusUrls.length === 0) throw new TypeError('SfuService needs at least one Janus URL');
    this.#topology = new TopologyPolicy(settings);
    const events = { up: (node: JanusNode) => this.#up(node), down: (node: JanusNode) => this.#lost(node) };
    this.#nodes = settings.janusUrls.map((url) => new JanusNode(url, settings.credentials ?? {}, settings.log, events));
    this.#cascade = new Cascade(settings.log, (room, part) => this.#syncPart(room, part));
    this.#sharedRooms = settings.sharedSfu ? new SharedRooms(settings.sharedSfu, settings.log) : undefined;
  }

  /** Connects to every Janus (each retried every second in the background until it answers). */
  async start(): Promise<void> {
    this.#sweeper ??= this.#sharedRooms?.sweepEvery(ORPHAN_SWEEP_MS, this.#nodes);
    await Promise.all(this.#nodes.map((node) => node.start()));
  }

  /** Redis is up again: this node's placements and feeds are stored again (see `./shared-rooms.ts`). */
  reassert(): void {
    for (const room of this.#rooms.values()) this.#sharedRooms?.reassert(room);
  }

  /** Room `name`'s feeds on other nodes may have changed (a Redis room event): re-read them, subscriptions follow. */
  refreshFeeds(name: string): void {
    const room = this.#rooms.get(name);
    if (room && this.#sharedRooms) this.#sharedRooms.refresh(room, () => this.#syncAll(room));
  }

  /**
   * VideoRoom rooms created (or being created) per Janus node, `[host:port, rooms]`, for `/metrics`: never a room
   * name. A room whose participants only said `hello` has no Janus room yet and does not count; a cascaded room
   * counts once on each node it spans.
   */
  roomsPerJanus(): Array<[string, number]> {
    return this.#nodes.map((node) => {
      let rooms = 0;
      for (const room of this.#rooms.values()) rooms += room.parts.filter((part) => part.node === node && part.created !== undefined).length;
      return [new URL(node.url).host, rooms];
    });
  }

  /** True while connected to at least one Janus. */
  get available(): boolean {
    return this.#nodes.some((node) => node.session !== undefined);
  }

  /** Each Janus node's state and load (for `/healthz`), in `janusUrls` order. */
  health(): JanusNodeHealth[] {
    return this.#nodes.map((node) => {
      const rooms = [...this.#rooms.values()].reduce((n, room) => n + room.parts.filter((part) => part.node === node).length, 0);
      return { url: node.url, state: node.state, rooms, load: this.#load(node) };
    });
  }

  /** Handles one validated `sfu` message of a joined participant. Never throws. */
  handle(p: SfuParticipant, message: SfuMessage): void {
    const reply = (extra: Partial<Extract<SfuServerMessage, { type: 'sfu-reply' }>>): void => {
      if ('req' in message) send(p, { type: 'sfu-reply', req: message.req, ...extra });
    };
    this.#run(p, message).then(
      (result) => reply(!result ? {} : 'recording' in result ? result : { description: { type: 'answer', sdp: result.sdp } }),
      (error: unknown) => {
        const failure = error instanceof SfuFailure ? error : new SfuFailure('sfu-failed', describe(error));
        if (failure.code !== 'sfu-unavailable' && failure.code !== 'sfu-misconfigured') {
          this.settings.log({ event: 'sfu-error', id: p.id, op: message.op, error: failure.message.slice(0, 200) });
        }
        reply({ error: { code: failure.code, message: failure.message } });
      },
    );
  }

  /** The participant left the room (`moved`: it went on to another node, so the room-wide count stays): hang up its handles, update the others' subscriptions and the topology. */
  leave(p: SfuParticipant, moved = false): void {
    const room = this.#rooms.get(p.room);
    const member = room?.members.get(p.id);
    if (!room || !member) return;
    room.members.delete(p.id);
    this.#cascade.unforward(room, member, true);
    dropHandles(member);
    if (member.published) {
      this.#sharedRooms?.unpublished(room, member);
      this.#syncAll(room);
    }
    const { shared } = this.settings;
    if (!shared) this.#tell(room, undefined, this.#topology.departure(room.topology, [...room.members.values()].filter((m) => m.auto).length, this.available));
    else if (!moved) departRoomWide(shared, this.#topology, p.room, p.id, this.available, (d) => this.applyTopology(p.room, d.topology));
    if (room.members.size === 0) {
      this.#rooms.delete(p.room);
      // Shared by several nodes: destroyed when the room empties cluster-wide (`./shared-rooms.ts`).
      if (!this.#sharedRooms) for (const part of room.parts) destroyPart(part);
    }
  }

  /**
   * Whether `p`'s published media reaches the SFU: false once Janus reported every published stream as not
   * received (its `no_media_timer`, 1 s by default) or the publisher hung up; `undefined` when `p` publishes
   * nothing through the SFU.
   */
  mediaFlowing(p: SfuParticipant): boolean | undefined {
    const member = this.#rooms.get(p.room)?.members.get(p.id);
    if (!member?.publisher) return undefined;
    if (!member.published) return member.publisher.negotiated ? false : undefined; // hung up (or not up yet)
    return member.receiving.size === 0 || [...member.receiving.values()].some(Boolean);
  }

  /** Mutes or unmutes `p`'s published audio at Janus (`./moderate.ts`); resolves with the mids moderated. */
  async moderateAudio(p: SfuParticipant, mute: boolean): Promise<string[]> {
    const member = this.#rooms.get(p.room)?.members.get(p.id);
    const node = member?.part?.node;
    return member && node?.session ? moderateAudio(node.session, node.control, member, mute) : [];
  }

  /** Closes every Janus session. */
  close(): void {
    clearInterval(this.#sweeper);
    for (const node of this.#nodes) node.close();
  }

  // ---- requests --------------------------------------------------------------------------------------------

  async #run(p: SfuParticipant, message: SfuMessage): Promise<Jsep | { recording: SfuRecording } | undefined> {
    const room = this.#room(p.room);
    let member = room.members.get(p.id);
    if (!member) {
      member = newMember(p);
      room.members.set(p.id, member);
    }
    switch (message.op) {
      case 'hello': {
        member.auto = message.topology === 'auto';
        let auto = [...room.members.values()].filter((m) => m.auto).length;
        const wide = await this.settings.shared?.hello(p.room, p.id, member.auto).catch(() => undefined);
        if (room.members.get(p.id) !== member) return undefined; // left meanwhile
        if (wide) [auto, room.topology] = [wide.auto, wide.topology];
        // `current: "sfu"` (a client back after a restart) counts from publishers only: a subscriber's moved a mesh
        // room to the SFU (issue 15).
        const current = p.role !== 'subscriber' ? message.current : undefined;
        const decision = this.#topology.arrival(room.topology, auto, { auto: member.auto, current }, this.available);
        if (wide && decision.tell === 'everyone') this.settings.shared?.changed(p.room, decision.topology);
        this.#tell(room, member, decision);
        return undefined;
      }
      case 'publish':
        if (p.role === 'subscriber') throw new SfuFailure('forbidden', 'subscribers may not publish');
        return this.#publish(room, member, message.description, message.sources);
      case 'subscribe': {
        const janus = await this.#janusOf(room, member);
        await ensurePart(room, member.part!, this.settings.log);
        // Clients subscribe before they publish: the publisher handle joins now, while the client makes its offer.
        if (p.role !== 'subscriber') void joinPublisher(member, janus, (event) => this.#onPublisherEvent(room, member, event)).catch(() => undefined);
        member.subscriber ??= subscriberFor(room, member, janus, this.#sharedRooms, this.settings.log);
        member.subscriber.sync();
        return undefined;
      }
      case 'answer':
        // `start` runs in the subscription's renegotiation chain; a failure there is logged as `sync`.
        void member.subscriber?.answer(message.description).catch(() => undefined);
        return undefined;
      case 'trickle':
        if (!member.part?.node.session) return undefined;
        if (message.target === 'publisher') member.publisher?.trickle(message.candidate);
        else member.subscriber?.trickle(message.candidate);
        return undefined;
      case 'configure': {
        await this.#janusOf(room, member);
        const subscriber = this.#subscribed(member);
        const layer = layerOf(message);
        await subscriber.configure(layer);
        repeatConfigure(member, subscriber, layer);
        return undefined;
      }
      case 'pause': // last-N video: Janus stops or resumes forwarding these streams to this member
        await this.#janusOf(room, member);
        await this.#subscribed(member).pause(message.streams);
        return undefined;
      case 'restart':
        await this.#janusOf(room, member);
        await this.#subscribed(member).restart();
        return undefined;
      case 'record':
        return { recording: await this.#record(room, member, message.action === 'start') };
      case 'leave':
        this.#cascade.unforward(room, member, true);
        dropHandles(member);
        if (member.published) {
          member.published = false;
          this.#sharedRooms?.unpublished(room, member);
          this.#syncAll(room);
        }
        return undefined;
    }
  }

  async #publish(room: SfuRoom, member: Member, offer: Jsep, sources: Extract<SfuMessage, { op: 'publish' }>['sources']): Promise<Jsep> {
    const janus = await this.#janusOf(room, member);
    await ensurePart(room, member.part!, this.settings.log);
    // Usually joined already, since the participant's `subscribe` (`./publisher-join.ts`).
    const publisher = await joinPublisher(member, janus, (event) => this.#onPublisherEvent(room, member, event));
    const answer = await publisher.publish(offer, sources);
    const mids = sources?.map((s) => s.mid);
    const changed = String(mids) !== String(member.mids);
    member.mids = mids;
    member.streams = remotePublisherStreams(offer.sdp, answer.sdp, new Map(sources?.map((s) => [s.mid, s.source])));
    // Streams added or stopped on a running publisher (a screen share): subscriptions (and forwards) follow.
    if (changed && member.published) {
      if (member.forwarded.size > 0 || member.forwarding.size > 0) {
        this.#cascade.unforward(room, member);
        this.#cascade.forward(room, member);
      }
      this.#sharedRooms?.published(room, member);
      this.#syncAll(room, member);
    }
    // Subscribers are added once media is up (`webrtcup`): Janus refuses to subscribe to a feed before that.
    return answer;
  }

  /** Starts or stops the room's server-side recording (see `./recording.ts`) and tells everyone in the room. */
  async #record(room: SfuRoom, member: Member, start: boolean): Promise<SfuRecording> {
    if (!mayRecord(member.p)) throw new SfuFailure('forbidden', 'recording needs a room token with "record": true');
    const dir = this.settings.recordingsDir;
    if (!dir) throw new SfuFailure('recording-off', 'this server does not record (start it with --recordings-dir)');
    // Recordings run in the room's first part (in a cascaded room: the members there and those forwarded to it).
    await this.#janusOf(room, member);
    const part = room.parts[0]!;
    if (!part.node.session) throw new SfuFailure('sfu-unavailable', 'the media server (SFU) is unreachable; retrying');
    await ensurePart(room, part, this.settings.log);
    const current = room.recording?.janusRoom === part.janusRoom ? room.recording : undefined;
    if (start === (current !== undefined)) return { active: start, id: current?.id ?? '' };
    room.recording = await toggleRecording(part.node.session, part.node.control, part, dir, start);
    const id = (room.recording ?? current)?.id ?? '';
    const feeds = Object.fromEntries([...room.members.values()].filter((m) => m.published).map((m) => [m.feed, m.p.id]));
    this.settings.log({ event: 'sfu-recording', id, active: start, by: member.p.id, janusRoom: part.janusRoom, feeds });
    const event: SfuServerMessage = { type: 'sfu-event', event: 'recording', participant: member.p.id, active: start };
    for (const other of room.members.values()) send(other.p, event);
    return { active: start, id };
  }

  #onPublisherEvent(room: SfuRoom, member: Member, event: JanusMessage): void {
    if (event.janus === 'media' && typeof event.receiving === 'boolean') {
      const before = this.mediaFlowing(member.p);
      member.receiving.set(event.mid ?? event.type ?? '', event.receiving);
      const now = this.mediaFlowing(member.p);
      if (now !== undefined && now !== before) this.settings.onMediaFlowing?.(member.p, now);
      return;
    }
    if (event.janus === 'webrtcup' || event.janus === 'hangup') {
      member.published = event.janus === 'webrtcup';
      if (event.janus === 'hangup') this.settings.onMediaFlowing?.(member.p, false);
      if (member.published) this.#cascade.forward(room, member);
      else this.#cascade.unforward(room, member);
      if (member.published) this.#sharedRooms?.published(room, member);
      else this.#sharedRooms?.unpublished(room, member);
      this.#syncAll(room, member);
      return;
    }
    // A feed left the Janus room (perhaps one of another node's members, whose node died): re-read the feeds.
    const data = event.plugindata?.data;
    if (this.#sharedRooms && data && ('unpublished' in data || 'leaving' in data)) this.refreshFeeds(room.name);
    const talking = talkingOf(event.plugindata?.data);
    // Janus tells every publisher in its room who talks: a member's own feed is passed on from its handle; a feed of
    // another signaling node's member (a room shared through Redis) from whichever local handle hears it first.
    const remote = talking && talking.feed !== member.feed ? room.remote?.get(Number(talking.feed)) : undefined;
    if (talking && (talking.feed === member.feed || (remote && room.remoteTalking?.get(remote.feed) !== talking.talking))) {
      if (remote) (room.remoteTalking ??= new Map()).set(remote.feed, talking.talking);
      const msg: SfuServerMessage = { type: 'sfu-event', event: 'talking', participant: remote?.id ?? member.p.id, talking: talking.talking };
      for (const other of room.members.values()) send(other.p, msg);
    }
  }

  #subscribed(member: Member): VideoRoomSubscriber {
    if (member.subscriber?.handle === undefined) throw new SfuFailure('sfu-failed', 'not subscribed');
    return member.subscriber;
  }

  /** Every subscription in the room but `except`'s follows the room's publishers. */
  #syncAll(room: SfuRoom, except?: Member): void {
    for (const m of room.members.values()) if (m !== except) m.subscriber?.sync();
  }

  /** The subscriptions of one part follow (a feed was forwarded to it, or is no more). */
  #syncPart(room: SfuRoom, part: RoomPart): void {
    for (const m of room.members.values()) if (m.part === part) m.subscriber?.sync();
  }

  /** Room `name` moved to `topology` (decided room-wide, here or on another node): tell this node's `auto` participants. */
  applyTopology(name: string, topology: Topology): void {
    const room = this.#rooms.get(name);
    if (room && room.topology !== topology) this.#tell(room, undefined, { topology, tell: 'everyone' });
  }

  /** Applies a topology decision: logs a change and sends `topology` to whom it concerns. */
  #tell(room: SfuRoom, newcomer: Member | undefined, decision: TopologyDecision): void {
    room.topology = decision.topology;
    const auto = [...room.members.values()].filter((m) => m.auto);
    if (decision.tell === 'everyone') {
      this.settings.log({ event: 'sfu-topology', topology: room.topology, participants: auto.length });
      for (const m of auto) send(m.p, { type: 'topology', topology: room.topology });
    } else if (decision.tell === 'newcomer' && newcomer) {
      send(newcomer.p, { type: 'topology', topology: room.topology });
    }
  }

  // ---- Janus nodes ---------------------------------------------------------------------------------------

  #room(name: string): SfuRoom {
    const room: SfuRoom = this.#rooms.get(name) ?? { name, parts: [], members: new Map(), topology: 'mesh' };
    this.#rooms.set(name, room);
    return room;
  }

  /**
   * The session of `member`'s part, placing the member first when it has none (`./parts.ts`: the least loaded live
   * node, or with a room capacity a part with room for it, cascading; shared by several nodes: `./shared-rooms.ts`).
   * @throws {SfuFailure} `sfu-misconfigured` when every node refuses the server's credentials, `sfu-unavailable`
   *   when no node is up.
   */
  async #janusOf(room: SfuRoom, member: Member): Promise<JanusSession> {
    const shared = this.#sharedRooms;
    if (shared && !member.part?.node.session) {
      const part = await shared.place(room, this.#nodes, (node) => this.#load(node), () => this.refreshFeeds(room.name));
      if (room.members.get(member.p.id) !== member) throw new SfuFailure('sfu-failed', 'left the room meanwhile');
      member.part = part;
    } else if (!member.part?.node.session) {
      const before = room.parts.length;
      member.part = placeMember(room, member, this.#nodes, (node) => this.#load(node), this.settings.roomCapacity);
      // A new part of a room that has others: every publisher elsewhere is forwarded to it.
      if (room.parts.length > before && before > 0) this.#cascade.forwardAllTo(room, room.parts[room.parts.length - 1]!);
    }
    const janus = member.part?.node.session;
    if (janus) return janus;
    const refusal = this.#nodes.find((node) => node.refusal !== undefined)?.refusal;
    if (refusal && this.#nodes.every((node) => node.refusal !== undefined || node.session === undefined)) {
      throw new SfuFailure('sfu-misconfigured', `the media server (SFU) refuses this server: ${refusal}`);
    }
    throw new SfuFailure('sfu-unavailable', 'the media server (SFU) is unreachable; retrying');
  }

  /** This server's publishers + subscribers on `node`. */
  #load(node: JanusNode): number {
    let load = 0;
    for (const room of this.#rooms.values()) {
      for (const m of room.members.values()) if (m.part?.node === node) load += (m.publisher ? 1 : 0) + (m.subscriber ? 1 : 0);
    }
    return load;
  }

  /** A node's session (and control handle) is up: members waiting for a node publish and subscribe again. */
  #up(node: JanusNode): void {
    this.settings.log({ event: 'sfu-connected', janus: node.url });
    for (const room of this.#rooms.values()) {
      for (const m of room.members.values()) {
        if (m.part === undefined) send(m.p, { type: 'sfu-state', state: 'available', message: 'the media server is back' });
      }
    }
  }

  /**
   * A node's session is gone with every handle: the parts on it are forgotten, their members drop their handles
   * and are told; when another node is up they come back at once, placed again (a new Janus room there). Members
   * of the room's other parts stop receiving the lost members (their remote publishers are removed).
   */
  #lost(node: JanusNode): void {
    this.settings.log({ event: 'sfu-lost', janus: node.url });
    const moved: Member[] = [];
    for (const room of this.#rooms.values()) {
      const lost = room.parts.filter((part) => part.node === node);
      if (lost.length === 0) continue;
      room.parts = room.parts.filter((part) => part.node !== node);
      room.lost = lost[0]!.janusRoom;
      for (const part of lost) this.#cascade.forget(room, part);
      for (const m of room.members.values()) {
        if (m.part?.node !== node) continue;
        this.#cascade.unforward(room, m, true);
        dropHandles(m);
        m.part = undefined;
        m.published = false;
        moved.push(m);
        send(m.p, { type: 'sfu-state', state: 'unavailable', message: 'lost the media server (SFU); reconnecting' });
      }
      if (this.available && room.members.size > 0) this.settings.log({ event: 'sfu-failover', room: room.name, from: node.url });
    }
    if (!this.available) return;
    for (const m of moved) send(m.p, { type: 'sfu-state', state: 'available', message: 'moved to another media server' });
  }
}
