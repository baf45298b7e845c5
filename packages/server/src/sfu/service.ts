/**
 * The server side of SFU rooms: drives Janus VideoRoom backend-to-backend for every participant that publishes or
 * subscribes, so browsers only ever speak rtc-room's protocol (see `./protocol.ts`).
 *
 * Per room: one Janus room, created on demand (random numeric id, `bitrate = 0` so simulcast's top layer is not
 * starved, talking events on). Per participant: one publisher handle (its Janus feed id is ours to choose, and
 * maps back to the participant id) and one multistream subscriber handle, kept in sync with the room's
 * publishers through `update`. Subscription renegotiations are serialized per participant: one `sfu-offer` at a
 * time, the next after the client's answer.
 *
 * When Janus goes away every SFU participant gets `sfu-state: unavailable`; the service reconnects every second
 * and then sends `sfu-state: available` (clients publish and subscribe again).
 *
 * Screen share: a publisher adds (or stops) streams on its publish connection with a `publish` renegotiation whose
 * `sources` name what each mid carries. Janus gets them as stream `descriptions` (subscribers see them as
 * `feed_description`, sent to clients as each stream's `source`), and every subscription to that publisher gains or
 * drops those mids with `update` (`subscribe` / `unsubscribe` `[{ feed, mid }]`): Janus does not add a new stream of
 * an already subscribed feed by itself.
 *
 * `auto` topology: clients that said `hello` with `topology: "auto"` are counted per room; past `sfuAbove`
 * participants the room moves to the SFU (`topology: "sfu"` to each), at `meshAtOrBelow` back to mesh.
 *
 * @packageDocumentation
 */
import { randomInt } from 'node:crypto';
import type { Logger } from '../logger.js';
import {
  createRoomRequest,
  streamDescriptions,
  subscribedFeeds,
  subscribedStreams,
  talkingOf,
  type JanusMessage,
  type SubscribedStream,
  type JanusSession,
  type Jsep,
} from '@rtc-room/core/janus-api';
import { connectJanus } from './janus-client.js';
import type { SfuErrorCode, SfuMessage, SfuRecording, SfuServerMessage, SfuStream } from '../protocol.js';
import type { VideoQuality } from '@rtc-room/protocol';
import { mayRecord, toggleRecording, type RoomRecordingState } from './recording.js';

/** Janus's simulcast `substream` of each wire `quality` (0 = lowest: rids `l`, `m`, `h`). */
const SUBSTREAM = { low: 0, medium: 1, high: 2 } as const satisfies Record<VideoQuality, number>;

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
  /** Publisher handle (joined as publisher) once the participant published. */
  pub: number | undefined;
  /** The publisher handle has negotiated once: later offers (ICE restarts, new tracks) go with `configure`. */
  negotiated: boolean;
  published: boolean;
  /** Mids the publisher sends, from its latest `publish` `sources` (`undefined`: it did not say; whole feed). */
  mids: string[] | undefined;
  wantsSub: boolean;
  sub: number | undefined;
  /** Feeds the subscriber handle currently receives (from Janus's own `streams` list). */
  subFeeds: Set<number>;
  /** Whether Janus receives each published stream, by mid (Janus `media` events). */
  receiving: Map<string, boolean>;
  /** Janus's latest `streams` list for the subscriber handle (an ICE-restart offer comes without one). */
  subStreams: SubscribedStream[];
  /** Serializes subscription renegotiations. */
  chain: Promise<void>;
  /** Resolves with the client's answer to the current `sfu-offer`. */
  answer: ((jsep: Jsep) => void) | undefined;
  /** Pending repeats of the last layer `configure`, by mid (see `#repeatConfigure`). */
  configureRepeats: Map<string, ReturnType<typeof setTimeout>>;
}

interface SfuRoom {
  janusRoom: number;
  created: Promise<void> | undefined;
  members: Map<string, Member>;
  topology: 'mesh' | 'sfu';
  /** The running server-side recording (stale once `janusRoom` changed: Janus restarted). */
  recording?: RoomRecordingState | undefined;
}

const ANSWER_TIMEOUT_MS = 15_000;
/** Janus 1.1 sends a publisher at most one keyframe request (PLI) per second; a layer change is repeated after this. */
const CONFIGURE_REPEAT_MS = 1100;
const RECONNECT_MS = 1000;

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
  #janus: JanusSession | undefined;
  #control = 0;
  #connecting: Promise<void> | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #rooms = new Map<string, SfuRoom>();
  readonly #sfuAbove: number;
  readonly #meshAtOrBelow: number;

  constructor(private readonly settings: SfuSettings) {
    this.#sfuAbove = settings.sfuAbove ?? 4;
    this.#meshAtOrBelow = settings.meshAtOrBelow ?? 2;
  }

  /** Connects to Janus (retrying every second in the background until it answers). */
  start(): Promise<void> {
    return this.#connect().catch(() => undefined);
  }

  /** True while connected to Janus. */
  get available(): boolean {
    return !!this.#janus?.open && this.#control !== 0;
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
    if (member.published) for (const other of room.members.values()) this.#sync(room, other);
    this.#decideTopology(room);
    if (room.members.size === 0) {
      this.#rooms.delete(p.room);
      if (room.created && this.available) {
        void this.#janus!.message(this.#control, { request: 'destroy', room: room.janusRoom }).catch(() => undefined);
      }
    }
  }

  /**
   * Whether `p`'s published media reaches the SFU: false once Janus reported every published stream as not
   * received (its `no_media_timer`, 1 s by default) or the publisher hung up; `undefined` when `p` publishes
   * nothing through the SFU.
   */
  mediaFlowing(p: SfuParticipant): boolean | undefined {
    const member = this.#rooms.get(p.room)?.members.get(p.id);
    if (!member || member.pub === undefined) return undefined;
    if (!member.published) return member.negotiated ? false : undefined; // hung up (or not up yet)
    return member.receiving.size === 0 || [...member.receiving.values()].some(Boolean);
  }

  /** Closes the Janus session. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    this.#janus?.close();
    this.#janus = undefined;
  }

  // ---- requests --------------------------------------------------------------------------------------------

  async #run(p: SfuParticipant, message: SfuMessage): Promise<Jsep | { recording: SfuRecording } | undefined> {
    const room = this.#room(p.room);
    let member = room.members.get(p.id);
    if (!member) {
      member = { p, feed: randomInt(1, 2 ** 47), auto: false, pub: undefined, negotiated: false, published: false,
        mids: undefined, receiving: new Map(), wantsSub: false, sub: undefined, subFeeds: new Set(), subStreams: [],
        chain: Promise.resolve(), answer: undefined, configureRepeats: new Map() };
      room.members.set(p.id, member);
    }
    switch (message.op) {
      case 'hello':
        member.auto = message.topology === 'auto';
        // A client already in the SFU (saying hello again after this process or Janus restarted) keeps its room
        // there rather than bouncing everyone through mesh while the others say hello too.
        if (member.auto && message.current === 'sfu' && this.available) room.topology = 'sfu';
        this.#decideTopology(room, member);
        return undefined;
      case 'publish':
        if (p.role !== 'publisher') throw new SfuFailure('forbidden', 'subscribers may not publish');
        return this.#publish(room, member, message.description, message.sources);
      case 'subscribe':
        this.#janusOrFail();
        member.wantsSub = true;
        this.#sync(room, member);
        return undefined;
      case 'answer':
        member.answer?.(message.description);
        member.answer = undefined;
        return undefined;
      case 'trickle': {
        const handle = message.target === 'publisher' ? member.pub : member.sub;
        if (handle && this.available) this.#janus!.trickle(handle, message.candidate);
        return undefined;
      }
      case 'configure': {
        const janus = this.#janusOrFail();
        if (!member.sub) throw new SfuFailure('sfu-failed', 'not subscribed');
        const stream: Record<string, unknown> = { mid: message.mid, substream: SUBSTREAM[message.quality] };
        if (message.temporal !== undefined) stream['temporal'] = message.temporal;
        await janus.message(member.sub, { request: 'configure', streams: [stream] }, undefined, true);
        this.#repeatConfigure(member, member.sub, stream);
        return undefined;
      }
      case 'restart':
        return this.#restartSubscription(room, member);
      case 'record':
        return { recording: await this.#record(room, member, message.action === 'start') };
      case 'leave':
        member.wantsSub = false;
        this.#dropHandles(member);
        if (member.published) {
          member.published = false;
          for (const other of room.members.values()) this.#sync(room, other);
        }
        return undefined;
    }
  }

  async #publish(room: SfuRoom, member: Member, offer: Jsep, sources: Extract<SfuMessage, { op: 'publish' }>['sources']): Promise<Jsep> {
    const janus = this.#janusOrFail();
    await this.#ensureRoom(room);
    if (member.pub === undefined) {
      const handle = await janus.attach((event) => this.#onPublisherEvent(room, member, event));
      member.pub = handle;
      await janus.message(handle, { request: 'join', ptype: 'publisher', room: room.janusRoom, id: member.feed, display: member.p.id }, undefined, true);
    }
    // Janus refuses a second `publish` on a handle; renegotiations (ICE restarts) are `configure`s.
    const request = { request: member.negotiated ? 'configure' : 'publish', ...streamDescriptions(sources) };
    const result = await janus.message(member.pub, request, offer, true);
    if (!result.jsep) throw new SfuFailure('sfu-failed', 'the SFU sent no answer');
    member.negotiated = true;
    const mids = sources?.map((s) => s.mid);
    const changed = String(mids) !== String(member.mids);
    member.mids = mids;
    // Streams added or stopped on a running publisher (a screen share): subscriptions follow.
    if (changed && member.published) for (const other of room.members.values()) if (other !== member) this.#sync(room, other);
    // Subscribers are added once media is up (`webrtcup`): Janus refuses to subscribe to a feed before that.
    return result.jsep;
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

  /**
   * ICE restart of `member`'s subscription: Janus makes a new offer with fresh ICE credentials (`configure` with
   * `restart: true`), which goes to the client as an `sfu-offer` in the subscription's renegotiation chain.
   * Resolves once the client answered (or the answer timed out).
   */
  #restartSubscription(room: SfuRoom, member: Member): Promise<undefined> {
    const janus = this.#janusOrFail();
    const run = member.chain.then(async () => {
      if (member.sub === undefined) throw new SfuFailure('sfu-failed', 'not subscribed');
      const result = await janus.message(member.sub, { request: 'configure', restart: true }, undefined, true);
      this.#noteStreams(member, result.data);
      if (!result.jsep) throw new SfuFailure('sfu-failed', 'the SFU sent no ICE-restart offer');
      await this.#offer(room, member, result.jsep, result.data);
    });
    member.chain = run.catch(() => undefined);
    return run.then(() => undefined);
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
      for (const other of room.members.values()) if (other !== member) this.#sync(room, other);
      return;
    }
    const talking = talkingOf(event.plugindata?.data);
    if (talking?.feed === member.feed) {
      const msg: SfuServerMessage = { type: 'sfu-event', event: 'talking', participant: member.p.id, talking: talking.talking };
      for (const other of room.members.values()) send(other.p, msg);
    }
  }

  /**
   * Brings `member`'s subscription to "every other published member": one renegotiation at a time. Janus may also
   * push offers by itself (a publisher's streams went away); those go through the same chain.
   */
  #sync(room: SfuRoom, member: Member): void {
    if (!member.wantsSub) return;
    member.chain = member.chain
      .then(async () => {
        if (!this.available || !member.wantsSub || room.members.get(member.p.id) !== member) return;
        const want = new Set([...room.members.values()].filter((m) => m !== member && m.published).map((m) => m.feed));
        const add: Array<{ feed: number; mid?: string }> = [...want].filter((f) => !member.subFeeds.has(f)).map((feed) => ({ feed }));
        const remove: Array<{ feed: number; mid?: string }> = [...member.subFeeds].filter((f) => !want.has(f)).map((feed) => ({ feed }));
        // Streams a subscribed publisher started or stopped sending since (a screen share), by the mids it said.
        for (const m of room.members.values()) {
          if (!m.mids || !want.has(m.feed) || !member.subFeeds.has(m.feed)) continue;
          const have = member.subStreams.filter((s) => s.feed === m.feed).map((s) => s.feedMid);
          for (const mid of m.mids) if (!have.includes(mid)) add.push({ feed: m.feed, mid });
          for (const mid of have) if (mid !== undefined && !m.mids.includes(mid)) remove.push({ feed: m.feed, mid });
        }
        if (add.length === 0 && remove.length === 0) return;
        const janus = this.#janus!;
        let result;
        if (member.sub === undefined) {
          if (add.length === 0) return;
          const handle = await janus.attach((event) => this.#onSubscriberEvent(room, member, event));
          try {
            result = await janus.message(handle, {
              request: 'join', ptype: 'subscriber', room: room.janusRoom, streams: add,
            }, undefined, true);
          } catch (error) {
            void janus.detach(handle);
            throw error;
          }
          member.sub = handle;
        } else {
          result = await janus.message(member.sub, {
            request: 'update',
            ...(add.length ? { subscribe: add } : {}),
            ...(remove.length ? { unsubscribe: remove } : {}),
          }, undefined, true);
        }
        this.#noteStreams(member, result.data);
        if (result.jsep) await this.#offer(room, member, result.jsep, result.data);
      })
      .catch((error: unknown) => {
        if (room.members.get(member.p.id) !== member || !this.available) return; // left meanwhile, or Janus went away
        this.settings.log({ event: 'sfu-error', id: member.p.id, op: 'sync', error: describe(error).slice(0, 200) });
      });
  }

  #onSubscriberEvent(room: SfuRoom, member: Member, event: JanusMessage): void {
    const data = event.plugindata?.data;
    if (!data || !event.jsep) return;
    // An offer Janus made on its own (a subscribed publisher went away): answer it in turn.
    const jsep = event.jsep;
    member.chain = member.chain.then(async () => {
      this.#noteStreams(member, data);
      await this.#offer(room, member, jsep, data);
      this.#sync(room, member);
    }).catch(() => undefined);
  }

  /** Sends an `sfu-offer` to the client, waits for its answer and starts the subscription with it. */
  async #offer(room: SfuRoom, member: Member, jsep: Jsep, data: Record<string, unknown>): Promise<void> {
    const feeds = new Map<unknown, string>([...room.members.values()].map((m) => [m.feed, m.p.id]));
    const streams: SfuStream[] = [];
    // An ICE-restart offer comes without a `streams` list: the last one still holds.
    for (const s of subscribedFeeds(data) ? subscribedStreams(data) : member.subStreams) {
      const participant = feeds.get(s.feed);
      if (participant) streams.push({ mid: s.mid, kind: s.kind, participant, ...(s.source ? { source: s.source } : {}) });
    }
    const answer = await new Promise<Jsep | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), ANSWER_TIMEOUT_MS);
      member.answer = (a) => (clearTimeout(timer), resolve(a));
      send(member.p, { type: 'sfu-offer', description: { type: 'offer', sdp: jsep.sdp }, streams });
    });
    if (!answer || member.sub === undefined || !this.available) return;
    await this.#janus!.message(member.sub, { request: 'start' }, answer, true);
  }

  #noteStreams(member: Member, data: Record<string, unknown>): void {
    const feeds = subscribedFeeds(data);
    if (!feeds) return;
    member.subStreams = subscribedStreams(data);
    member.subFeeds = new Set([...feeds].filter((f): f is number => typeof f === 'number'));
  }

  /**
   * Janus (1.1) asks the publisher for a keyframe when a subscriber's layer changes, but drops a request that comes
   * within a second of the previous one: a layer changed within a second of another change (a tile resized right
   * after its first layer was chosen) then waits for the publisher's next keyframe, which may not come for minutes.
   * Measured here: switching up ~100 ms after switching down stayed on the old layer for over 8 s; the same
   * `configure` sent again a second later switched it within ~100 ms. So the last `configure` of each stream is
   * sent once more after {@link CONFIGURE_REPEAT_MS}; when the layer already changed Janus does nothing.
   */
  #repeatConfigure(member: Member, sub: number, stream: Record<string, unknown>): void {
    const mid = String(stream['mid']);
    clearTimeout(member.configureRepeats.get(mid));
    const timer = setTimeout(() => {
      member.configureRepeats.delete(mid);
      if (member.sub !== sub || !this.available) return;
      this.#janus?.message(sub, { request: 'configure', streams: [stream] }, undefined, true).catch(() => undefined);
    }, CONFIGURE_REPEAT_MS);
    timer.unref?.();
    member.configureRepeats.set(mid, timer);
  }

  #dropHandles(member: Member): void {
    for (const timer of member.configureRepeats.values()) clearTimeout(timer);
    member.configureRepeats.clear();
    const janus = this.#janus;
    if (member.pub !== undefined) void janus?.detach(member.pub);
    if (member.sub !== undefined) void janus?.detach(member.sub);
    member.pub = member.sub = undefined;
    member.negotiated = false;
    member.receiving.clear();
    member.subFeeds = new Set();
    member.subStreams = [];
    member.answer = undefined;
  }

  // ---- auto topology ---------------------------------------------------------------------------------------

  /**
   * Moves an `auto` room between mesh and SFU with hysteresis; tells a newcomer (`only`) the current topology
   * whatever it is, so it opens mesh links only in a mesh room (and goes straight to the SFU otherwise).
   */
  #decideTopology(room: SfuRoom, only?: Member): void {
    const auto = [...room.members.values()].filter((m) => m.auto);
    const before = room.topology;
    if (auto.length > this.#sfuAbove && this.available) room.topology = 'sfu';
    // Only departures shrink a room back to mesh: a hello (a newcomer, or a client back after a restart) never does.
    else if (!only && auto.length <= this.#meshAtOrBelow) room.topology = 'mesh';
    if (room.topology !== before) {
      this.settings.log({ event: 'sfu-topology', topology: room.topology, participants: auto.length });
      for (const m of auto) send(m.p, { type: 'topology', topology: room.topology });
    } else if (only?.auto) {
      send(only.p, { type: 'topology', topology: room.topology });
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
    if (!this.available) throw new SfuFailure('sfu-unavailable', 'the media server (SFU) is unreachable; retrying');
    return this.#janus!;
  }

  #connect(): Promise<void> {
    this.#connecting ??= (async () => {
      try {
        const janus = await connectJanus(this.settings.janusUrl, () => this.#lost());
        if (this.#closed) return janus.close();
        this.#control = await janus.attach(() => undefined);
        this.#janus = janus;
        this.settings.log({ event: 'sfu-connected' });
        for (const room of this.#rooms.values()) {
          for (const m of room.members.values()) send(m.p, { type: 'sfu-state', state: 'available', message: 'the media server is back' });
        }
      } catch (error) {
        this.#scheduleReconnect();
        throw error;
      } finally {
        this.#connecting = undefined;
      }
    })();
    return this.#connecting;
  }

  #lost(): void {
    this.#janus = undefined;
    this.#control = 0;
    this.settings.log({ event: 'sfu-lost' });
    for (const room of this.#rooms.values()) {
      room.created = undefined;
      room.janusRoom = randomInt(1, 2 ** 47);
      for (const m of room.members.values()) {
        m.pub = m.sub = undefined;
        m.negotiated = false;
        m.published = false;
        m.subFeeds = new Set();
        m.subStreams = [];
        m.answer = undefined;
        send(m.p, { type: 'sfu-state', state: 'unavailable', message: 'lost the media server (SFU); reconnecting' });
      }
    }
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#closed) return;
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = setTimeout(() => void this.#connect().catch(() => undefined), RECONNECT_MS);
    this.#reconnectTimer.unref();
  }
}

function send(p: SfuParticipant, message: SfuServerMessage): void {
  p.deliver(JSON.stringify(message));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
