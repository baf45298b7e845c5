/**
 * The server side of SFU rooms: maps rtc-room's SFU operations (see `./protocol.ts`) onto Janus VideoRoom,
 * backend-to-backend, so browsers only ever speak rtc-room's protocol. The Janus sequences themselves (session,
 * reconnect, publish, subscribe / update / configure / ICE restart / start) are `@rtc-room/janus`'s VideoRoom
 * driver, the same one the browser's direct adapter (`JanusSignaling`) runs; the `auto` topology policy is
 * `../rooms/topology.ts`.
 *
 * Per room: one Janus room, created on demand (random numeric id, `bitrate = 0` so simulcast's top layer is not
 * starved, talking events on). Per participant: one publisher handle (its Janus feed id is ours to choose, and
 * maps back to the participant id) and one multistream subscriber handle that follows the room's published
 * members. Subscription renegotiations are serialized per participant: one `sfu-offer` at a time, the next after
 * the client's answer.
 *
 * When Janus goes away every SFU participant gets `sfu-state: unavailable`; the service reconnects every second
 * and then sends `sfu-state: available` (clients publish and subscribe again).
 *
 * Screen share: a publisher adds (or stops) streams on its publish connection with a `publish` renegotiation whose
 * `sources` name what each mid carries. Janus gets them as stream `descriptions` (subscribers see them as
 * `feed_description`, sent to clients as each stream's `source`), and every subscription to that publisher gains or
 * drops those mids (`WantedFeed.mids`): Janus does not add a new stream of an already subscribed feed by itself.
 *
 * @packageDocumentation
 */
import { randomInt } from 'node:crypto';
import {
  createRoomRequest,
  JanusConnection,
  layerOf,
  talkingOf,
  VideoRoomPublisher,
  VideoRoomSubscriber,
  type JanusMessage,
  type JanusSession,
  type Jsep,
  type LayerChoice,
  type WantedFeed,
} from '@rtc-room/janus';
import { WebSocket } from 'ws';
import type { Logger } from '../logger.js';
import { TopologyPolicy, type TopologyDecision } from '../rooms/topology.js';
import type { SfuErrorCode, SfuMessage, SfuRecording, SfuServerMessage, SfuStream } from '../protocol.js';
import { mayRecord, toggleRecording, type RoomRecordingState } from './recording.js';

/** What the service needs of a joined participant. */
export interface SfuParticipant {
  readonly id: string;
  readonly room: string;
  readonly role: 'publisher' | 'subscriber';
  readonly deliver: (data: string) => void;
}

/** Settings of {@link SfuService}. */
export interface SfuSettings {
  /** Janus WebSocket URL, e.g. `ws://127.0.0.1:8188`. */
  janusUrl: string;
  /** `auto` rooms move to the SFU when they have more than this many participants. Default 4. */
  sfuAbove?: number;
  /** …and back to mesh when they shrink to this many. Default 2. */
  meshAtOrBelow?: number;
  log: Logger;
  /** A publisher's media started or stopped reaching Janus (see {@link SfuService.mediaFlowing}). */
  onMediaFlowing?: (p: SfuParticipant, flowing: boolean) => void;
  /** Folder (on Janus's machine) for server-side recordings; unset: `record` requests get `recording-off`. */
  recordingsDir?: string | undefined;
}

interface Member {
  p: SfuParticipant;
  feed: number;
  auto: boolean;
  /** The publisher handle (joined as publisher) once the participant published. */
  publisher: VideoRoomPublisher | undefined;
  /** Janus said `webrtcup` (and no `hangup` since): others may subscribe to the feed. */
  published: boolean;
  /** Mids the publisher sends, from its latest `publish` `sources` (`undefined`: it did not say; whole feed). */
  mids: string[] | undefined;
  /** The subscription, from the participant's `subscribe` until it leaves the SFU. */
  subscriber: VideoRoomSubscriber | undefined;
  /** Whether Janus receives each published stream, by mid (Janus `media` events). */
  receiving: Map<string, boolean>;
  /** Pending repeats of the last layer `configure`, by mid (see `#repeatConfigure`). */
  configureRepeats: Map<string, NodeJS.Timeout>;
}

interface SfuRoom {
  janusRoom: number;
  created: Promise<void> | undefined;
  members: Map<string, Member>;
  topology: 'mesh' | 'sfu';
  /** The running server-side recording (stale once `janusRoom` changed: Janus restarted). */
  recording?: RoomRecordingState | undefined;
}

const RECONNECT_MS = 1000;
/** Janus 1.1 sends a publisher at most one keyframe request (PLI) per second; a layer change is repeated after this. */
const CONFIGURE_REPEAT_MS = 1100;

/** Thrown to the client as an `sfu-reply` error. */
class SfuFailure extends Error {
  constructor(
    readonly code: SfuErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Janus VideoRoom driver for one signaling server. Call {@link start} once. */
export class SfuService {
  readonly #janus: JanusConnection;
  /** The handle that creates, destroys and records rooms (attached with each new session). */
  #control = 0;
  readonly #rooms = new Map<string, SfuRoom>();
  readonly #topology: TopologyPolicy;

  constructor(private readonly settings: SfuSettings) {
    this.#topology = new TopologyPolicy(settings);
    this.#janus = new JanusConnection(settings.janusUrl, {
      WebSocket,
      connectTimeoutMs: 5000,
      retryMs: RECONNECT_MS,
      prepare: async (session) => void (this.#control = await session.attach(() => undefined)),
      onUp: () => this.#up(),
      onDown: () => this.#lost(),
    });
  }

  /** Connects to Janus (retrying every second in the background until it answers). */
  start(): Promise<void> {
    return this.#janus.start();
  }

  /**
   * VideoRoom rooms created (or being created) per Janus node, `[host:port, rooms]`, for `/metrics`: never a room
   * name. A room whose participants only said `hello` has no Janus room yet and does not count.
   */
  roomsPerJanus(): Array<[string, number]> {
    let rooms = 0;
    for (const room of this.#rooms.values()) if (room.created !== undefined) rooms++;
    return [[new URL(this.settings.janusUrl).host, rooms]];
  }

  /** True while connected to Janus. */
  get available(): boolean {
    return this.#janus.session !== undefined;
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
        if (failure.code !== 'sfu-unavailable') {
          this.settings.log({ event: 'sfu-error', id: p.id, op: message.op, error: failure.message.slice(0, 200) });
        }
        reply({ error: { code: failure.code, message: failure.message } });
      },
    );
  }

  /** The participant left the room: hang up its handles, update the others' subscriptions and the topology. */
  leave(p: SfuParticipant): void {
    const room = this.#rooms.get(p.room);
    const member = room?.members.get(p.id);
    if (!room || !member) return;
    room.members.delete(p.id);
    this.#dropHandles(member);
    if (member.published) this.#syncAll(room);
    const auto = [...room.members.values()].filter((m) => m.auto).length;
    this.#tell(room, undefined, this.#topology.departure(room.topology, auto, this.available));
    if (room.members.size === 0) {
      this.#rooms.delete(p.room);
      const janus = this.#janus.session;
      if (room.created && janus) void janus.message(this.#control, { request: 'destroy', room: room.janusRoom }).catch(() => undefined);
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

  /** Closes the Janus session. */
  close(): void {
    this.#janus.close();
  }

  // ---- requests --------------------------------------------------------------------------------------------

  async #run(p: SfuParticipant, message: SfuMessage): Promise<Jsep | { recording: SfuRecording } | undefined> {
    const room = this.#room(p.room);
    let member = room.members.get(p.id);
    if (!member) {
      member = { p, feed: randomInt(1, 2 ** 47), auto: false, publisher: undefined, published: false, mids: undefined,
        subscriber: undefined, receiving: new Map(), configureRepeats: new Map() };
      room.members.set(p.id, member);
    }
    switch (message.op) {
      case 'hello': {
        member.auto = message.topology === 'auto';
        const auto = [...room.members.values()].filter((m) => m.auto).length;
        // `current: "sfu"` (a client back after a restart) counts from publishers only: a subscriber's moved a mesh
        // room to the SFU (issue 15).
        const current = p.role === 'publisher' ? message.current : undefined;
        this.#tell(room, member, this.#topology.arrival(room.topology, auto, { auto: member.auto, current }, this.available));
        return undefined;
      }
      case 'publish':
        if (p.role !== 'publisher') throw new SfuFailure('forbidden', 'subscribers may not publish');
        return this.#publish(room, member, message.description, message.sources);
      case 'subscribe': {
        const janus = this.#janusOrFail();
        member.subscriber ??= this.#subscriber(room, member, janus);
        member.subscriber.sync();
        return undefined;
      }
      case 'answer':
        // `start` runs in the subscription's renegotiation chain; a failure there is logged as `sync`.
        void member.subscriber?.answer(message.description).catch(() => undefined);
        return undefined;
      case 'trickle':
        if (!this.available) return undefined;
        if (message.target === 'publisher') member.publisher?.trickle(message.candidate);
        else member.subscriber?.trickle(message.candidate);
        return undefined;
      case 'configure': {
        this.#janusOrFail();
        const subscriber = this.#subscribed(member);
        const layer = layerOf(message);
        await subscriber.configure(layer);
        this.#repeatConfigure(member, subscriber, layer);
        return undefined;
      }
      case 'restart':
        this.#janusOrFail();
        await this.#subscribed(member).restart();
        return undefined;
      case 'record':
        return { recording: await this.#record(room, member, message.action === 'start') };
      case 'leave':
        this.#dropHandles(member);
        if (member.published) {
          member.published = false;
          this.#syncAll(room);
        }
        return undefined;
    }
  }

  async #publish(room: SfuRoom, member: Member, offer: Jsep, sources: Extract<SfuMessage, { op: 'publish' }>['sources']): Promise<Jsep> {
    const janus = this.#janusOrFail();
    await this.#ensureRoom(room);
    if (member.publisher === undefined) {
      member.publisher = await VideoRoomPublisher.attach(janus, (event) => this.#onPublisherEvent(room, member, event));
      await member.publisher.join(room.janusRoom, { id: member.feed, display: member.p.id });
    }
    const answer = await member.publisher.publish(offer, sources);
    const mids = sources?.map((s) => s.mid);
    const changed = String(mids) !== String(member.mids);
    member.mids = mids;
    // Streams added or stopped on a running publisher (a screen share): subscriptions follow.
    if (changed && member.published) this.#syncAll(room, member);
    // Subscribers are added once media is up (`webrtcup`): Janus refuses to subscribe to a feed before that.
    return answer;
  }

  /** Starts or stops the room's server-side recording (see `./recording.ts`) and tells everyone in the room. */
  async #record(room: SfuRoom, member: Member, start: boolean): Promise<SfuRecording> {
    if (!mayRecord(member.p)) throw new SfuFailure('forbidden', 'recording needs a room token with "record": true');
    const dir = this.settings.recordingsDir;
    if (!dir) throw new SfuFailure('recording-off', 'this server does not record (start it with --recordings-dir)');
    const janus = this.#janusOrFail();
    await this.#ensureRoom(room);
    const current = room.recording?.janusRoom === room.janusRoom ? room.recording : undefined;
    if (start === (current !== undefined)) return { active: start, id: current?.id ?? '' };
    room.recording = await toggleRecording(janus, this.#control, room.janusRoom, dir, start);
    const id = (room.recording ?? current)?.id ?? '';
    const feeds = Object.fromEntries([...room.members.values()].filter((m) => m.published).map((m) => [m.feed, m.p.id]));
    this.settings.log({ event: 'sfu-recording', id, active: start, by: member.p.id, janusRoom: room.janusRoom, feeds });
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
      this.#syncAll(room, member);
      return;
    }
    const talking = talkingOf(event.plugindata?.data);
    if (talking?.feed === member.feed) {
      const msg: SfuServerMessage = { type: 'sfu-event', event: 'talking', participant: member.p.id, talking: talking.talking };
      for (const other of room.members.values()) send(other.p, msg);
    }
  }

  /**
   * `member`'s subscription: every other published member of the room (only the mids it said it sends, when it
   * said). Each Janus offer goes to the client as an `sfu-offer` naming every mid's participant and source.
   */
  #subscriber(room: SfuRoom, member: Member, janus: JanusSession): VideoRoomSubscriber {
    return new VideoRoomSubscriber(janus, {
      room: room.janusRoom,
      wanted: () => {
        const wanted: WantedFeed[] = [];
        for (const m of room.members.values()) if (m !== member && m.published) wanted.push({ feed: m.feed, mids: m.mids });
        return wanted;
      },
      offer: (jsep, subscribed) => {
        const feeds = new Map<unknown, string>([...room.members.values()].map((m) => [m.feed, m.p.id]));
        const streams: SfuStream[] = [];
        for (const s of subscribed) {
          const participant = feeds.get(s.feed);
          if (participant) streams.push({ mid: s.mid, kind: s.kind, participant, ...(s.source ? { source: s.source } : {}) });
        }
        send(member.p, { type: 'sfu-offer', description: { type: 'offer', sdp: jsep.sdp }, streams, feeds: Object.fromEntries([...feeds].map(([f, id]) => [String(f), id])) });
      },
      onError: (error) => {
        if (room.members.get(member.p.id) !== member || !this.available) return; // left meanwhile, or Janus went away
        this.settings.log({ event: 'sfu-error', id: member.p.id, op: 'sync', error: describe(error).slice(0, 200) });
      },
    });
  }

  #subscribed(member: Member): VideoRoomSubscriber {
    if (member.subscriber?.handle === undefined) throw new SfuFailure('sfu-failed', 'not subscribed');
    return member.subscriber;
  }

  /** Every subscription in the room but `except`'s follows the room's publishers. */
  #syncAll(room: SfuRoom, except?: Member): void {
    for (const m of room.members.values()) if (m !== except) m.subscriber?.sync();
  }

  /**
   * Janus (1.1) asks the publisher for a keyframe when a subscriber's layer changes, but drops a request that comes
   * within a second of the previous one: a layer changed within a second of another change (a tile resized right
   * after its first layer was chosen) then waits for the publisher's next keyframe, which may not come for minutes.
   * Measured here: switching up ~100 ms after switching down stayed on the old layer for over 8 s; the same
   * `configure` sent again a second later switched it within ~100 ms. So the last `configure` of each stream is
   * sent once more after {@link CONFIGURE_REPEAT_MS}; when the layer already changed Janus does nothing.
   */
  #repeatConfigure(member: Member, subscriber: VideoRoomSubscriber, layer: LayerChoice): void {
    clearTimeout(member.configureRepeats.get(layer.mid));
    const timer = setTimeout(() => {
      member.configureRepeats.delete(layer.mid);
      if (member.subscriber === subscriber && this.available) subscriber.configure(layer).catch(() => undefined);
    }, CONFIGURE_REPEAT_MS);
    timer.unref();
    member.configureRepeats.set(layer.mid, timer);
  }

  #dropHandles(member: Member): void {
    for (const timer of member.configureRepeats.values()) clearTimeout(timer);
    member.configureRepeats.clear();
    void member.publisher?.detach();
    member.subscriber?.close();
    member.publisher = member.subscriber = undefined;
    member.receiving.clear();
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

  // ---- Janus connection ------------------------------------------------------------------------------------

  #room(name: string): SfuRoom {
    let room = this.#rooms.get(name);
    if (!room) {
      room = { janusRoom: randomInt(1, 2 ** 47), created: undefined, members: new Map(), topology: 'mesh' };
      this.#rooms.set(name, room);
    }
    return room;
  }

  #ensureRoom(room: SfuRoom): Promise<void> {
    room.created ??= this.#janusOrFail()
      .message(this.#control, createRoomRequest(room.janusRoom))
      .then(
        () => undefined,
        (error: unknown) => {
          room.created = undefined;
          throw error;
        },
      );
    return room.created;
  }

  #janusOrFail(): JanusSession {
    const janus = this.#janus.session;
    if (!janus) throw new SfuFailure('sfu-unavailable', 'the media server (SFU) is unreachable; retrying');
    return janus;
  }

  /** A new Janus session (and its control handle) is up: every SFU participant publishes and subscribes again. */
  #up(): void {
    this.settings.log({ event: 'sfu-connected' });
    for (const room of this.#rooms.values()) {
      for (const m of room.members.values()) send(m.p, { type: 'sfu-state', state: 'available', message: 'the media server is back' });
    }
  }

  /** The Janus session is gone with every handle: forget them (a new Janus room per room) and tell everyone. */
  #lost(): void {
    this.#control = 0;
    this.settings.log({ event: 'sfu-lost' });
    for (const room of this.#rooms.values()) {
      room.created = undefined;
      room.janusRoom = randomInt(1, 2 ** 47);
      for (const m of room.members.values()) {
        this.#dropHandles(m);
        m.published = false;
        send(m.p, { type: 'sfu-state', state: 'unavailable', message: 'lost the media server (SFU); reconnecting' });
      }
    }
  }
}

function send(p: SfuParticipant, message: SfuServerMessage): void {
  p.deliver(JSON.stringify(message));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
