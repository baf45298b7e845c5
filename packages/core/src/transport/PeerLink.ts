import { DataPipe } from '../data/DataPipe.js';
import { NegotiationError } from '../errors/NegotiationError.js';
import type { TrackSource } from '../participants/Track.js';
import type { SignalingPayload } from '../signaling/SignalingAdapter.js';
import { watchIce } from './ice-watchdog.js';
import { type LinkSignal, parseLinkSignal } from './link-signal.js';
import { isScreenSource, ScreenSenders } from './ScreenSenders.js';
import { preferVideoCodec } from '../media/codecs.js';
import type { VideoCodecChoice } from '../room/CodecPolicy.js';

export { isLinkSignal, type LinkSignal } from './link-signal.js';

/** How long the polite side waits for the other's first offer before offering itself, in ms. */
const POLITE_SENDERS_DELAY_MS = 1500;

/** The sources a link sends, in transceiver order. */
export const SENT_SOURCES: readonly TrackSource[] = ['microphone', 'camera'];

function kindOf(source: TrackSource): 'audio' | 'video' {
  return source === 'microphone' ? 'audio' : 'video';
}

/** Callbacks from a link to its owner. */
export interface PeerLinkCallbacks {
  /** Sends an SDP description or ICE candidate to the peer (over the mesh transport's peer channel). */
  send(payload: LinkSignal): void;
  onTrack(source: TrackSource, track: MediaStreamTrack): void;
  /** The peer stopped sending `source` (its screen share ended). */
  onTrackEnded(source: TrackSource): void;
  onConnectionStateChange(state: RTCPeerConnectionState): void;
  onError(error: NegotiationError): void;
  /** A `room.send()` chunk arrived on one of the link's data channels. */
  onData?(data: ArrayBuffer): void;
}

/** Options of one link. */
export interface PeerLinkOptions {
  /** The lower id is polite: it yields on an offer collision. */
  polite: boolean;
  /** False for receive-only participants (`subscriber` role): no sending transceivers. */
  send: boolean;
  /**
   * False when the remote participant is a `subscriber`: this side never receives from it (every transceiver is
   * `sendonly` or `inactive` in this side's descriptions, and its tracks are not surfaced), whatever it offers.
   * Default true.
   */
  receive?: boolean;
  /** Give up and report `ice-failed` when not connected this long after an attempt starts, in ms. */
  connectTimeoutMs: number;
  /**
   * The room codec policy: every local description prefers its current codec, then the rest of the policy
   * (`setCodecPreferences`). Without it the browser's defaults apply.
   */
  codecs?: VideoCodecChoice;
}

/** One `icecandidateerror` (WebRTC 1.0 §4.8.2): a STUN/TURN server that could not be used. */
interface CandidateError {
  url: string;
  code: number;
  text: string;
}

/**
 * One `RTCPeerConnection` to one remote peer, negotiated with the W3C "perfect negotiation" pattern
 * (WebRTC 1.0 §10.7): both sides may offer at any time; on an offer collision the *polite* peer rolls back
 * its own offer and answers, the *impolite* one ignores the incoming offer. Trickle ICE (RFC 8838).
 *
 * Media: one sending transceiver per local source (microphone, camera), set up in the first negotiation even
 * without a track, so turning a device on or switching it is `RTCRtpSender.replaceTrack` with no
 * renegotiation. The impolite side offers `sendrecv` transceivers at once; the polite side answers by sending on
 * those same transceivers, so one offer/answer carries media both ways. Remote tracks surface through `onTrack`.
 * @internal
 */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  private readonly senders = new Map<TrackSource, RTCRtpSender>();
  /** Transceivers this side created (as opposed to ones created by applying the peer's offer). */
  private readonly ownTransceivers = new Set<RTCRtpTransceiver>();
  /** The stream id every local track is sent under (`a=msid`). */
  private readonly stream = new MediaStream();
  private readonly screen: ScreenSenders;
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswerPending = false;
  /** The room's codec changed while an offer was out: offer again once it is answered. */
  private codecPending = false;
  /** `setCodecPreferences` applied once (see preferCodec). */
  private codecsPreferred = false;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly polite: boolean;
  private candidateErrors: CandidateError[] = [];
  private gathered = 0;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly stopWatchingIce: () => void;
  private sendersTimer: ReturnType<typeof setTimeout> | undefined;
  /** ICE restarts so far (for diagnostics and tests). */
  restarts = 0;
  private failureReported = false;
  private pendingCandidates: Array<RTCIceCandidateInit | null> = [];
  /** `room.send()` channels: reliable (id 0) and unreliable (id 1); see {@link openChannels}. */
  private pipes: DataPipe[] = [];
  private channelsOpened!: () => void;
  private readonly channelsReady = new Promise<void>((resolve) => (this.channelsOpened = resolve));

  constructor(
    readonly peerId: string,
    private readonly options: PeerLinkOptions,
    config: RTCConfiguration,
    private readonly localTracks: ReadonlyMap<TrackSource, MediaStreamTrack | null>,
    private readonly callbacks: PeerLinkCallbacks,
  ) {
    this.polite = options.polite;
    this.pc = new RTCPeerConnection(config);
    this.screen = new ScreenSenders(this.pc);
    // The impolite side's first offer carries the data channels' m-section (the polite side adds its channels
    // when it answers, or when it offers itself), so they cost no extra round trip nor a polite-side offer.
    if (!options.polite) this.openChannels();
    // Glare is handled, but avoided where it is cheap to: the impolite side offers at once; the polite side sends
    // on the offered transceivers when it answers, or offers its own after a short wait if no offer comes. Both
    // sides offering at the same moment costs round trips, and Chromium sometimes never gathers candidates for
    // an offer made right after an implicit rollback.
    if (options.send && !options.polite) this.addSenders();
    else if (options.send) this.sendersTimer = setTimeout(() => this.addSenders(), POLITE_SENDERS_DELAY_MS);
    this.pc.onnegotiationneeded = () => void this.negotiate();
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate?.candidate) this.gathered += 1;
      this.callbacks.send({ t: 'ice', candidate: candidate ? candidate.toJSON() : null });
    };
    this.pc.onicecandidateerror = (event) => {
      const e = event as RTCPeerConnectionIceErrorEvent;
      this.candidateErrors.push({ url: e.url, code: e.errorCode, text: e.errorText });
    };
    this.pc.onicegatheringstatechange = () => {
      // Relay-only with no relay candidate (e.g. TURN refused our credentials): no pair can ever form.
      if (
        this.pc.iceGatheringState === 'complete' &&
        this.gathered === 0 &&
        this.pc.getConfiguration().iceTransportPolicy === 'relay'
      ) {
        this.reportIceFailure();
      }
    };
    this.armConnectTimer();
    this.pc.ontrack = ({ track, transceiver }) => {
      // A subscriber may not publish (issue 15): a forged client's media is neither shown nor accepted.
      if (options.receive === false) return;
      // The peer sends microphone then camera, each on a transceiver of the matching kind; its screen on the mids
      // its `sources` map names.
      const source = this.screen.sourceOf(transceiver) ?? (track.kind === 'audio' ? 'microphone' : 'camera');
      this.callbacks.onTrack(source, track);
    };
    this.pc.onconnectionstatechange = () => {
      const state = this.pc.connectionState;
      if (state === 'connected') {
        clearTimeout(this.connectTimer);
        this.failureReported = false;
      } else if (state === 'failed') {
        this.reportIceFailure();
      }
      this.callbacks.onConnectionStateChange(state);
    };
    this.stopWatchingIce = watchIce(this.pc, () => this.restartIce());
  }

  /**
   * Applies candidates that arrived before any remote description. Those that belonged to an offer this side
   * ignored no longer match any ICE username fragment and fail: that is expected, not an error.
   */
  private async flushPendingCandidates(): Promise<void> {
    const pending = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const candidate of pending) {
      await this.pc.addIceCandidate(candidate ?? undefined).catch(() => undefined);
    }
  }

  /** Creates a `sendrecv` transceiver for each local source that has no sender yet (renegotiates). */
  private addSenders(): void {
    clearTimeout(this.sendersTimer);
    if (this.closed) return;
    this.openChannels();
    for (const source of SENT_SOURCES) {
      if (this.senders.has(source)) continue;
      const track = this.localTracks.get(source) ?? null;
      const transceiver = this.pc.addTransceiver(track ?? kindOf(source), {
        direction: this.options.receive === false ? 'sendonly' : 'sendrecv',
        streams: [this.stream],
      });
      this.ownTransceivers.add(transceiver);
      this.senders.set(source, transceiver.sender);
    }
    for (const [source, track] of this.localTracks) if (track && isScreenSource(source)) void this.screen.set(source, track);
  }

  /**
   * Before answering: sends each source that has no sender yet on a transceiver the peer offered (one of its
   * `sendrecv` ones, of the same kind), so the answer carries media both ways and no second round is needed.
   */
  private async adoptOfferedTransceivers(): Promise<void> {
    clearTimeout(this.sendersTimer);
    for (const source of SENT_SOURCES) {
      if (this.senders.has(source)) continue;
      const transceiver = this.pc
        .getTransceivers()
        .find(
          (t) =>
            !this.ownTransceivers.has(t) &&
            t.currentDirection !== 'stopped' &&
            t.receiver.track.kind === kindOf(source) &&
            t.sender.track === null &&
            !this.screen.has(t) &&
            ![...this.senders.values()].includes(t.sender),
        );
      if (!transceiver) continue;
      transceiver.direction = this.options.receive === false ? 'sendonly' : 'sendrecv';
      await transceiver.sender.replaceTrack(this.localTracks.get(source) ?? null);
      transceiver.sender.setStreams(this.stream);
      this.senders.set(source, transceiver.sender);
    }
  }

  /** New ICE servers (fresh TURN credentials) for the next gathering or ICE restart. */
  setIceServers(iceServers: RTCIceServer[]): void {
    if (this.closed) return;
    this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
  }

  /** Starts an ICE restart (RFC 8445 §2.4): new credentials, new candidates, same media. */
  restartIce(): void {
    if (this.closed) return;
    this.restarts += 1;
    this.candidateErrors = [];
    this.gathered = 0;
    this.armConnectTimer();
    this.pc.restartIce();
  }

  private armConnectTimer(): void {
    clearTimeout(this.connectTimer);
    this.connectTimer = setTimeout(() => {
      if (this.pc.connectionState !== 'connected') this.reportIceFailure();
    }, this.options.connectTimeoutMs);
  }

  /** Reports `ice-failed` once per attempt, naming TURN authentication when that is what went wrong. */
  private reportIceFailure(): void {
    if (this.closed || this.failureReported) return;
    this.failureReported = true;
    clearTimeout(this.connectTimer);
    const auth = this.candidateErrors.find((e) => e.code === 401 || e.code === 438);
    const message = auth
      ? `TURN authentication failed at ${auth.url} (${auth.code} ${auth.text || 'Unauthorized'}): ` +
        'the TURN credentials are wrong or expired.'
      : this.candidateErrors.length > 0
        ? `No working network path to ${this.peerId}; ICE server errors: ` +
          this.candidateErrors.map((e) => `${e.url} ${e.code} ${e.text}`.trim()).join('; ')
        : `No working network path to ${this.peerId} (ICE failed).`;
    this.callbacks.onError(new NegotiationError('ice-failed', message, this.peerId));
  }

  /**
   * Applies an incoming `sdp`/`ice` payload. Payloads are applied one at a time, in arrival order. One of the wrong
   * shape (see `parseLinkSignal`) is dropped and reported as `negotiation-failed`; the connection carries on.
   */
  handle(payload: SignalingPayload): void {
    const signal = parseLinkSignal(payload);
    if (!signal) {
      const kind = payload['t'] === 'sdp' ? 'session description' : 'ICE candidate';
      if (!this.closed) this.callbacks.onError(new NegotiationError('negotiation-failed', `Ignored a malformed ${kind} from ${this.peerId}.`, this.peerId));
      return;
    }
    this.chain = this.chain.then(() => this.apply(signal)).catch((error: unknown) => this.fail(error));
  }

  /** Toward a `subscriber` (`receive: false`): no transceiver receives, before every local description. */
  private refuseInbound(): void {
    if (this.options.receive !== false) return;
    for (const t of this.pc.getTransceivers()) {
      if (t.currentDirection === 'stopped') continue;
      if (t.direction === 'sendrecv') t.direction = 'sendonly';
      else if (t.direction === 'recvonly') t.direction = 'inactive';
    }
  }

  /**
   * Sends `track` (or nothing, with `null`) for `source` on this link without renegotiation
   * (`RTCRtpSender.replaceTrack`, WebRTC 1.0 §5.2).
   */
  async replaceTrack(source: TrackSource, track: MediaStreamTrack | null): Promise<void> {
    if (isScreenSource(source)) return this.closed ? undefined : this.screen.set(source, track);
    const sender = this.senders.get(source);
    if (sender && !this.closed) await sender.replaceTrack(track);
  }

  /**
   * The two `room.send()` channels, pre-negotiated (`negotiated: true`, ids 0 and 1: RFC 8832 §6 without DCEP, so
   * both open with the SCTP association): `rtc-room` reliable and ordered, `rtc-room/u` unordered with
   * `maxRetransmits: 0`. Idempotent.
   */
  private openChannels(): void {
    if (this.pipes.length > 0 || this.closed) return;
    this.pipes = [
      this.pc.createDataChannel('rtc-room', { negotiated: true, id: 0 }),
      this.pc.createDataChannel('rtc-room/u', { negotiated: true, id: 1, ordered: false, maxRetransmits: 0 }),
    ].map((channel) => new DataPipe(channel, (data) => this.callbacks.onData?.(data)));
    this.channelsOpened();
  }

  /**
   * Sends `room.send()` chunks to this peer (see `DataPipe.send`). Reliable ones wait for the channels to exist;
   * unreliable ones are dropped until then.
   */
  async sendData(chunks: Uint8Array<ArrayBuffer>[], reliable: boolean): Promise<void> {
    if (reliable) await this.channelsReady;
    await this.pipes[reliable ? 0 : 1]?.send(chunks, reliable);
  }

  /** Closes the connection; no callback fires afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.channelsOpened();
    clearTimeout(this.connectTimer);
    this.stopWatchingIce();
    clearTimeout(this.sendersTimer);
    this.pc.onnegotiationneeded = this.pc.onicecandidate = this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.onicecandidateerror = this.pc.onicegatheringstatechange = null;
    this.pc.close();
  }

  /**
   * The room settled on another codec: offer again with it first (`setCodecPreferences` alone does not fire
   * `negotiationneeded`, WebRTC 1.0 §5.4), now or once the negotiation under way ends.
   */
  videoCodecChanged(): void {
    if (this.closed) return;
    // Stable and never negotiated: the first offer or answer prefers it anyway.
    if (this.pc.signalingState !== 'stable' || this.makingOffer) this.codecPending = true;
    else if (this.pc.remoteDescription) void this.negotiate();
  }

  /** Before every local description: the room's codec first on every video transceiver. */
  private preferCodec(): void {
    const codecs = this.options.codecs;
    this.codecPending = false;
    // Chromium and Firefox offer VP8 first by default: the preferences are set once the room needs another codec
    // (and from then on, so a return to VP8 is negotiated too). With them set from the first offer, a Chromium ↔
    // Firefox mesh call intermittently decoded no Firefox video in Chromium (e2e/mixed-browsers.test.mjs, 4 of 7 runs).
    if (!codecs || (codecs.current === 'vp8' && !this.codecsPreferred)) return;
    this.codecsPreferred = true;
    preferVideoCodec(this.pc.getTransceivers(), codecs, true);
  }

  private async negotiate(): Promise<void> {
    try {
      this.makingOffer = true;
      this.refuseInbound();
      this.preferCodec();
      await this.pc.setLocalDescription();
      const description = this.pc.localDescription;
      if (description) this.sendDescription(description);
    } catch (error) {
      this.fail(error);
    } finally {
      this.makingOffer = false;
    }
  }

  private async apply(signal: LinkSignal): Promise<void> {
    if (this.closed) return;
    if (signal.t === 'sdp') {
      const description = signal.description;
      // An offer collides if we are making one or are not stable, unless our pending answer is being applied.
      const readyForOffer =
        !this.makingOffer && (this.pc.signalingState === 'stable' || this.settingRemoteAnswerPending);
      const offerCollision = description.type === 'offer' && !readyForOffer;
      this.ignoreOffer = !this.polite && offerCollision;
      if (this.ignoreOffer) return;
      this.screen.receive(signal.sources, (source) => this.callbacks.onTrackEnded(source));
      this.settingRemoteAnswerPending = description.type === 'answer';
      try {
        await this.pc.setRemoteDescription(description); // implicit rollback when polite and colliding
      } finally {
        this.settingRemoteAnswerPending = false;
      }
      await this.flushPendingCandidates();
      if (description.type === 'answer' && this.codecPending) void this.negotiate();
      if (description.type === 'offer') {
        this.openChannels();
        if (this.options.send) await this.adoptOfferedTransceivers();
        this.refuseInbound();
        this.preferCodec();
        await this.pc.setLocalDescription();
        const answer = this.pc.localDescription;
        if (answer) this.sendDescription(answer);
        // A source the offer had no room for gets a transceiver of its own (a second, rarer round).
        if (this.options.send) this.addSenders();
      }
    } else if (this.pc.remoteDescription === null) {
      // Before any remote description (an offer we ignored, or a reordering): keep for later.
      this.pendingCandidates.push(signal.candidate);
    } else {
      try {
        await this.pc.addIceCandidate(signal.candidate ?? undefined);
      } catch (error) {
        // Candidates of an offer we ignored are expected to fail.
        if (!this.ignoreOffer) throw error;
      }
    }
  }

  /** Sends a local description with this side's screen map (see `ScreenSenders`). */
  private sendDescription(description: RTCSessionDescription): void {
    const init = description.toJSON() as RTCSessionDescriptionInit;
    this.callbacks.send({ t: 'sdp', description: init, sources: this.screen.sources() });
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    const message = error instanceof Error ? error.message : String(error);
    this.callbacks.onError(
      new NegotiationError('negotiation-failed', `Negotiation with ${this.peerId} failed: ${message}`, this.peerId, error),
    );
  }
}
