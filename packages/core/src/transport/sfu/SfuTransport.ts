import { DataPipe } from '../../data/DataPipe.js';
import { NegotiationError } from '../../errors/NegotiationError.js';
import { RtcError } from '../../errors/RtcError.js';
import type { TrackSource } from '../../participants/Track.js';
import type { SfuChannel, SfuEvent, SfuJsep, SfuStream } from '../../signaling/sfu-protocol.js';
import { watchIce } from '../ice-watchdog.js';
import { isScreenSource } from '../ScreenSenders.js';
import type { VideoPreference } from '../../media/video-quality.js';
import { LayerAnnouncer, LayerChoice } from './layers.js';
import { SCREEN_ENCODINGS, simulcastEncodings } from './simulcast.js';
import type { StatsSource } from '../../stats/types.js';
import type { Transport, TransportCallbacks } from '../Transport.js';
import { localCodecs, preferVideoCodec, type VideoCodec } from '../../media/codecs.js';
import type { VideoCodecChoice } from '../../room/CodecPolicy.js';
import { moveToNewTransceiver } from './republish.js';
import { checkReply, publishRequest, sourceOf } from './requests.js';
import { subscriberStats } from './subscriber-stats.js';
import { subscriberDataPipe } from './data-pipe.js';
import { LastN } from './last-n.js';
import { IceRestarts, type Leg } from './ice-restarts.js';

/** Callbacks of an {@link SfuTransport} beyond the common ones. */
export interface SfuTransportCallbacks extends TransportCallbacks {
  /** Janus `talking` events relayed by the server. */
  onTalking?(peerId: string, talking: boolean): void;
  /** The media server went away (`unavailable`, with an `sfu-unavailable` error) or is back and media flows again. */
  onAvailability?(available: boolean, error?: RtcError): void;
  /** Every other SFU message (e.g. `topology`), for whoever drives the transport. */
  onEvent?(event: SfuEvent): void;
}

/** Options of an {@link SfuTransport}. */
export interface SfuTransportOptions {
  /** Publish local media (false for `subscriber`s). */
  send: boolean;
  /**
   * Send simulcast layers when the camera is at least this wide. Default 640; `Infinity` disables. How many layers
   * follows from the capture size (`simulcastEncodings`): three from 1280×720, two from 640×360.
   */
  simulcastMinWidth?: number;
  /** The room codec policy: published video is offered with the room's codec alone (the SFU does not transcode). */
  codecs?: VideoCodecChoice;
  /** Last-N video (`./last-n.ts`): at most this many remote videos forwarded; `pinned` is read live. Default: all. */
  lastN?: number | undefined;
  pinned?: ReadonlySet<string>;
}

/**
 * SFU topology through the signaling server (centralized signaling; the server drives Janus VideoRoom): one
 * publish `RTCPeerConnection` (microphone + camera, simulcast by `rid`) and one subscribe connection whose streams
 * the server adds and removes with multistream `update`s as people come and go. Remote streams are mapped to
 * participants by the `streams` list of each `sfu-offer`.
 * @internal
 */
export class SfuTransport implements Transport {
  private pub: RTCPeerConnection | undefined;
  private sub: RTCPeerConnection | undefined;
  private readonly senders = new Map<TrackSource, RTCRtpSender>();
  private readonly localTracks = new Map<TrackSource, MediaStreamTrack | null>();
  /** Active subscribed mids → participant, from the latest `sfu-offer`. */
  private streams = new Map<string, SfuStream>();
  private readonly peers = new Set<string>();
  /** Layer preferences and the layers each publisher announced (subscribe side). */
  private readonly layers = new LayerChoice();
  /** Announces this camera's real layers to subscribers (publish side, simulcast only). */
  private announcer: LayerAnnouncer | undefined;
  private readonly channel: SfuChannel;
  private startTimer: ReturnType<typeof setTimeout> | undefined;
  private subChain: Promise<void> = Promise.resolve();
  /** Serializes the publish connection's negotiations (first publish, screen share on and off, ICE restart). */
  private pubChain: Promise<void> = Promise.resolve();
  private generation = 0;
  private closed = false;
  /** Per connection: stops its ICE watchdog. */
  private readonly unwatch = new Map<Leg, () => void>();
  private readonly ice = new IceRestarts({
    connection: (leg) => (leg === 'publish' ? this.pub : this.sub),
    isClosed: () => this.closed,
    generation: () => this.generation,
    rebuild: () => this.restart(),
    restart: async (leg, pc) => {
      // publish: queued behind a screen-share renegotiation, if one is under way (never two offers at once);
      // subscribe: the new offer arrives as an `sfu-offer` and is answered in the subscription chain.
      if (leg === 'publish') await this.queuePublish(() => this.renegotiatePublish(pc, { iceRestart: true }));
      else checkReply(await this.channel.request({ op: 'restart' }));
    },
  });
  /** ICE restarts so far, both connections together (diagnostics and tests). */
  get restarts(): number {
    return this.ice.count;
  }
  /** The publish connection's data channel, which Janus relays to every subscriber of this feed. */
  private pubData: DataPipe | undefined;
  /** The subscribe connection that has its own data channel (Janus opens none before the subscriber has one). */
  private subData: RTCPeerConnection | undefined;
  /** Subscribe-side data channel label (a publisher's Janus feed id) → participant, from the latest `sfu-offer`. */
  private feeds: ReadonlyMap<string, string> | undefined;
  /** The camera's codec, and the publish transceivers with codec preferences (Janus keeps a stream's codec). */
  private cameraCodec: VideoCodec | undefined;
  private readonly preferred = new WeakSet<RTCRtpTransceiver>();
  private readonly lastN: LastN | undefined;

  constructor(
    private config: RTCConfiguration,
    private readonly options: SfuTransportOptions,
    open: (listener: (event: SfuEvent) => void) => SfuChannel,
    private readonly callbacks: SfuTransportCallbacks,
  ) {
    this.channel = open((event) => this.onEvent(event));
    this.lastN = options.lastN === undefined ? undefined : new LastN(options.lastN, options.pinned ?? new Set(), {
      streams: () => this.streams.values(), hidden: (peer) => this.layers.hidden(peer), request: async (r) => checkReply(await this.channel.request(r)),
      report: (peer, source, paused) => this.peers.has(peer) && this.callbacks.onVideoPaused?.(peer, source, paused) });
    // Start once the Room has handed over its local tracks (it does so right after construction).
    this.startTimer = setTimeout(() => void this.start(), 0);
  }

  addPeer(peerId: string): void {
    this.peers.add(peerId);
  }

  removePeer(peerId: string): void {
    this.peers.delete(peerId);
    this.layers.remove(peerId);
    this.lastN?.forget(peerId);
  }

  async setLocalTrack(source: TrackSource, track: MediaStreamTrack | null): Promise<void> {
    this.localTracks.set(source, track);
    const sender = this.senders.get(source);
    if (isScreenSource(source)) {
      await this.queuePublish(() => this.publishScreen(source, track));
    } else if (sender && !this.closed) await sender.replaceTrack(track);
  }

  setIceServers(iceServers: RTCIceServer[]): void {
    this.config = { ...this.config, iceServers };
    for (const pc of [this.pub, this.sub]) pc?.setConfiguration({ ...pc.getConfiguration(), iceServers });
  }

  /**
   * Restarts ICE on both connections now (the browser went `online` again: the network path may have changed).
   * Connections also restart by themselves when ICE fails or stays `disconnected` (see `watchIce`).
   */
  restartIce(): void {
    void this.ice.restart('publish');
    void this.ice.restart('subscribe');
  }

  connection(peerId: string): StatsSource | undefined {
    if (!this.peers.has(peerId)) return undefined;
    const transport = this;
    return {
      get connectionState() {
        return transport.sub?.connectionState ?? 'new';
      },
      getStats: () => subscriberStats(this.sub, this.streams.values(), peerId),
    };
  }

  /**
   * Asks the SFU for `peerId`'s simulcast layer: by quality, or the smallest layer at least as wide as a view of
   * the given device-pixel size, from the layers `peerId` announced it really sends (see layers.ts).
   * Kept and re-applied when the subscription or the announced layers change.
   */
  async setVideoQuality(peerId: string, preference: VideoPreference): Promise<void> {
    this.layers.prefer(peerId, preference);
    this.lastN?.changed(); // a tile scrolled into view (or out of it)
    await this.applyQuality(peerId);
  }

  videoRelevanceChanged = (): void => this.lastN?.changed(); // see Transport.videoRelevanceChanged

  /** The room settled on another codec: the camera moves to a new stream with it (`./republish.ts`). */
  videoCodecChanged(): void {
    if (!this.options.send || this.closed) return;
    void this.queuePublish(() => this.republishCamera()).catch((error: unknown) => this.fail(error));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.startTimer);
    this.channel.close();
    this.teardown();
    void this.channel.request({ op: 'leave' }).catch(() => undefined);
  }

  /**
   * Sends `room.send()` chunks on the publish connection's data channel; Janus VideoRoom relays them to every
   * subscriber. Resolves `false` for what Janus cannot carry: a message for one participant (it would reach all),
   * or anything while this participant does not publish (`subscriber` role).
   */
  async sendData(chunks: Uint8Array<ArrayBuffer>[], reliable: boolean, to?: string): Promise<boolean> {
    if (to !== undefined || !this.options.send) return false;
    await this.pubData?.send(chunks, reliable);
    return true;
  }

  // ---- internals -------------------------------------------------------------------------------------------

  private async start(): Promise<void> {
    const generation = this.generation;
    // Subscribe first: the server places this participant and joins its Janus publisher handle at once, and the
    // subscription to whoever already publishes negotiates while the publish connection does. The publish offer is
    // made meanwhile and sent once the subscribe was accepted (a media server that is down refuses both, never one).
    const subscribed = this.channel.request({ op: 'subscribe' }).then(checkReply);
    subscribed.catch(() => undefined); // awaited by publish(), or below
    try {
      if (this.options.send) await (this.pubChain = this.publish(generation, subscribed));
      else await subscribed;
    } catch (error) {
      if (generation === this.generation) this.fail(error);
    }
  }

  private async restart(): Promise<void> {
    const generation = ++this.generation;
    this.teardown();
    // start() requests at once: wait until the event that brought the server back was handled to its end (a resumed
    // WebSocketSignaling says `connected`, and takes requests, only after telling its SFU listeners).
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (!this.closed && generation === this.generation) await this.start();
  }

  private teardown(): void {
    for (const stop of this.unwatch.values()) stop();
    this.unwatch.clear();
    this.ice.reset();
    this.announcer?.stop();
    this.announcer = undefined;
    this.layers.reset();
    this.lastN?.reset();
    this.pub?.close();
    this.sub?.close();
    this.pub = this.sub = undefined;
    this.senders.clear();
    this.streams.clear();
    this.subChain = Promise.resolve();
  }

  private async publish(generation: number, subscribed: Promise<unknown>): Promise<void> {
    const pc = new RTCPeerConnection(this.config);
    this.pub = pc;
    const stream = new MediaStream();
    const mic = this.localTracks.get('microphone') ?? null;
    const cam = this.localTracks.get('camera') ?? null;
    this.senders.set('microphone', pc.addTransceiver(mic ?? 'audio', { direction: 'sendonly', streams: [stream] }).sender);
    const encodings = this.cameraEncodings(cam);
    const video = pc.addTransceiver(cam ?? 'video', {
      direction: 'sendonly',
      streams: [stream],
      ...(encodings ? { sendEncodings: encodings } : {}),
    });
    this.senders.set('camera', video.sender);
    if (encodings) this.announcer = new LayerAnnouncer(video.sender, encodings, () => this.pubData?.channel);
    for (const source of ['screen', 'screen-audio'] as const) {
      const track = this.localTracks.get(source);
      if (track) this.senders.set(source, pc.addTransceiver(track, { direction: 'sendonly', sendEncodings: SCREEN_ENCODINGS }).sender);
    }
    this.pubData = new DataPipe(pc.createDataChannel('rtc-room'), () => undefined);
    const early: Array<RTCIceCandidateInit | null> = [];
    let answered = false;
    pc.onicecandidate = ({ candidate }) => {
      const init = candidate ? candidate.toJSON() : null;
      // The server attaches its Janus handle while handling `publish`: hold candidates until it answered.
      if (answered) this.channel.notify({ op: 'trickle', target: 'publisher', candidate: init });
      else early.push(init);
    };
    pc.onconnectionstatechange = () => {
      if (pc !== this.pub) return;
      if (pc.connectionState === 'connected') this.ice.connected('publish');
      if (pc.connectionState === 'failed') this.iceFailed('publish');
    };
    this.unwatch.set('publish', watchIce(pc, () => void this.ice.restart('publish')));
    this.cameraCodec = this.preferCodec(pc);
    await pc.setLocalDescription(await pc.createOffer());
    await subscribed;
    if (generation !== this.generation || this.closed) return;
    const reply = checkReply(await this.channel.request(publishRequest(pc, this.senders)));
    if (generation !== this.generation || this.closed) return;
    if (!reply.description) throw new Error('the server sent no answer');
    await pc.setRemoteDescription(reply.description);
    answered = true;
    for (const candidate of early) this.channel.notify({ op: 'trickle', target: 'publisher', candidate });
  }

  /**
   * Starts, resumes or stops sending a screen source on the publish connection (its own `sendonly` transceiver,
   * single layer, kept `inactive` between shares) and renegotiates. Without a publish connection yet, the next
   * `publish` includes it.
   */
  private async publishScreen(source: TrackSource, track: MediaStreamTrack | null): Promise<void> {
    const pc = this.pub;
    if (!pc || this.closed) return;
    const sender = this.senders.get(source);
    const transceiver = pc.getTransceivers().find((t) => t.sender === sender);
    if (transceiver) {
      transceiver.direction = track ? 'sendonly' : 'inactive';
      await transceiver.sender.replaceTrack(track);
    } else if (track) {
      this.senders.set(source, pc.addTransceiver(track, { direction: 'sendonly', sendEncodings: SCREEN_ENCODINGS }).sender);
    } else return;
    await this.renegotiatePublish(pc);
  }

  /** Codec preferences on new publish video transceivers: the room's codec alone if this browser encodes it. */
  private preferCodec(pc: RTCPeerConnection): VideoCodec | undefined {
    const codecs = this.options.codecs;
    if (codecs) preferVideoCodec(pc.getTransceivers(), codecs, localCodecs([codecs.current], 'send').length === 0, this.preferred);
    return codecs?.current;
  }

  /** The camera's simulcast layers for its capture size, or none below `simulcastMinWidth`. */
  private cameraEncodings(cam: MediaStreamTrack | null): RTCRtpEncodingParameters[] | undefined {
    const { width = 0, height = 0 } = cam?.getSettings() ?? {};
    return width >= (this.options.simulcastMinWidth ?? 640) ? simulcastEncodings(width, height) : undefined;
  }

  /** The camera on a new transceiver with the room's current codec (see {@link videoCodecChanged}). */
  private async republishCamera(): Promise<void> {
    const pc = this.pub;
    const codec = this.options.codecs?.current;
    if (!pc || this.closed || !codec || codec === this.cameraCodec) return;
    const cam = this.localTracks.get('camera') ?? null;
    const encodings = this.cameraEncodings(cam);
    const sender = await moveToNewTransceiver(pc, this.senders.get('camera'), cam, encodings);
    this.senders.set('camera', sender);
    this.announcer?.stop();
    this.announcer = encodings ? new LayerAnnouncer(sender, encodings, () => this.pubData?.channel) : undefined;
    this.cameraCodec = codec;
    await this.renegotiatePublish(pc);
  }

  /** Runs `task` after the publish connection's pending negotiations (one offer at a time on a connection). */
  private queuePublish(task: () => Promise<void>): Promise<void> {
    const run = this.pubChain.catch(() => undefined).then(task);
    this.pubChain = run.catch(() => undefined);
    return run;
  }

  /**
   * A new offer on the publish connection (`iceRestart` for an ICE restart) and the SFU's answer, applied only while
   * `pc` is still this transport's publish connection. Run it through {@link queuePublish}.
   * @throws {RtcError} as `checkReply()`; `Error` when the server sends no answer.
   */
  private async renegotiatePublish(pc: RTCPeerConnection, options?: RTCOfferOptions): Promise<void> {
    const generation = this.generation;
    this.preferCodec(pc);
    await pc.setLocalDescription(await pc.createOffer(options));
    const reply = checkReply(await this.channel.request(publishRequest(pc, this.senders)));
    if (generation !== this.generation || pc !== this.pub) return;
    if (!reply.description) throw new Error('the server sent no answer');
    await pc.setRemoteDescription(reply.description);
  }

  private onEvent(event: SfuEvent): void {
    if (this.closed) return;
    switch (event.type) {
      case 'sfu-offer': {
        const generation = this.generation;
        this.subChain = this.subChain
          .then(() => {
            if (generation !== this.generation) return;
            if (event.feeds) this.feeds = new Map(Object.entries(event.feeds));
            return this.answerOffer(event.description, event.streams);
          })
          .catch((error: unknown) => this.fail(error));
        break;
      }
      case 'sfu-event':
        if (event.event !== 'talking' || !this.peers.has(event.participant)) break;
        this.lastN?.talking(event.participant, event.talking);
        this.callbacks.onTalking?.(event.participant, event.talking);
        break;
      case 'sfu-state':
        if (event.state === 'unavailable') {
          this.generation += 1;
          this.teardown();
          this.callbacks.onAvailability?.(false, new RtcError('sfu-unavailable', `Media server: ${event.message}.`));
        } else {
          void this.restart().then(() => this.callbacks.onAvailability?.(true));
        }
        break;
      default:
        this.callbacks.onEvent?.(event);
    }
  }

  private async answerOffer(offer: SfuJsep, streams: SfuStream[]): Promise<void> {
    if (!this.sub) {
      const pc = new RTCPeerConnection(this.config);
      this.sub = pc;
      pc.onicecandidate = ({ candidate }) =>
        this.channel.notify({ op: 'trickle', target: 'subscriber', candidate: candidate ? candidate.toJSON() : null });
      pc.ontrack = ({ transceiver, track }) => {
        const stream = transceiver.mid ? this.streams.get(transceiver.mid) : undefined;
        if (stream) this.callbacks.onTrack(stream.participant, sourceOf(stream), track);
      };
      pc.onconnectionstatechange = () => {
        if (pc !== this.sub) return;
        if (pc.connectionState === 'connected') this.ice.connected('subscribe');
        if (pc.connectionState === 'failed') this.iceFailed('subscribe');
        for (const peer of this.peers) this.callbacks.onConnectionStateChange(peer, pc.connectionState);
      };
      this.unwatch.set('subscribe', watchIce(pc, () => void this.ice.restart('subscribe')));
      // Janus opens one channel per publisher (labelled with its feed id) once this side has a channel of its own.
      pc.ondatachannel = ({ channel }) => this.dataPipe(channel);
    }
    const pc = this.sub;
    const old = [...this.streams.values()];
    const before = new Set(old.map((s) => s.participant));
    this.streams = new Map(streams.map((s) => [s.mid, s]));
    // A screen share that is no longer in the subscription ended (people who left are the Room's business).
    for (const s of old) {
      const source = sourceOf(s);
      const still = streams.some((n) => n.participant === s.participant && sourceOf(n) === source);
      if (isScreenSource(source) && !still && this.peers.has(s.participant)) this.callbacks.onTrackEnded(s.participant, source);
    }
    await pc.setRemoteDescription(offer);
    if (this.subData !== pc && offer.sdp.includes('m=application')) {
      this.subData = pc;
      this.dataPipe(pc.createDataChannel('rtc-room'));
    }
    await pc.setLocalDescription(await pc.createAnswer());
    checkReply(await this.channel.request({ op: 'answer', description: pc.localDescription!.toJSON() as SfuJsep & { type: 'answer' } }));
    // New publishers get their preferred layer (Janus starts every subscriber on the top one).
    for (const s of streams) {
      if (s.kind !== 'video' || before.has(s.participant)) continue;
      this.layers.reset(s.participant);
      // Best effort: a refused layer request leaves Janus on its default layer until the next preference.
      this.applyQuality(s.participant).catch(() => undefined);
    }
    this.lastN?.changed(); // new streams beyond the N most relevant are paused at once
  }

  /** A subscribe-side data channel: `room.send()` chunks and layer announcements of the feed labelling it. */
  private dataPipe(channel: RTCDataChannel): void {
    subscriberDataPipe(channel, {
      sender: (label) => (this.feeds ? this.feeds.get(label) : this.peers.has(label) ? label : undefined),
      data: (from, data) => this.callbacks.onData?.(from, data),
      text: (from, text) => this.layers.announced(from, text) && this.applyQuality(from).catch(() => undefined),
    });
  }

  private async applyQuality(peerId: string): Promise<void> {
    const quality = this.layers.next(peerId);
    if (!quality) return;
    const mids = [...this.streams.values()].filter((s) => s.participant === peerId && sourceOf(s) === 'camera').map((s) => s.mid);
    for (const mid of mids) checkReply(await this.channel.request({ op: 'configure', mid, quality }));
    if (mids.length) this.layers.applied(peerId, quality);
  }

  private iceFailed(which: 'publish' | 'subscribe'): void {
    this.callbacks.onError(new NegotiationError('ice-failed', `No working network path to the media server (${which} connection).`, ''));
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    if (error instanceof RtcError && error.code === 'sfu-unavailable') {
      this.callbacks.onAvailability?.(false, error);
      return;
    }
    // The server's own configuration is wrong (Janus refuses its credentials): say so, not "negotiation failed".
    if (error instanceof RtcError && error.code === 'sfu-misconfigured') return this.callbacks.onError(error);
    const message = error instanceof Error ? error.message : String(error);
    this.callbacks.onError(new NegotiationError('negotiation-failed', `SFU negotiation failed: ${message}`, '', error));
  }
}

