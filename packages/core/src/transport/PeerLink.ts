import { NegotiationError } from '../errors/NegotiationError.js';
import type { TrackSource } from '../participants/Track.js';
import type { SignalingPayload } from '../signaling/SignalingAdapter.js';

/** Signaling payloads a `PeerLink` sends and understands. */
export type LinkSignal =
  | { t: 'sdp'; description: RTCSessionDescriptionInit }
  | { t: 'ice'; candidate: RTCIceCandidateInit | null };

/** Is this payload for a `PeerLink`? */
export function isLinkSignal(payload: SignalingPayload): payload is SignalingPayload & LinkSignal {
  return payload['t'] === 'sdp' || payload['t'] === 'ice';
}

/** The sources a link sends, in transceiver order. */
export const SENT_SOURCES: readonly TrackSource[] = ['microphone', 'camera'];

/** Callbacks from a link to its owner. */
export interface PeerLinkCallbacks {
  send(payload: SignalingPayload): void;
  onTrack(source: TrackSource, track: MediaStreamTrack): void;
  onConnectionStateChange(state: RTCPeerConnectionState): void;
  onError(error: NegotiationError): void;
}

/**
 * One `RTCPeerConnection` to one remote peer, negotiated with the W3C "perfect negotiation" pattern
 * (WebRTC 1.0 §10.7): both sides may offer at any time; on an offer collision the *polite* peer rolls back
 * its own offer and answers, the *impolite* one ignores the incoming offer. Trickle ICE (RFC 8838).
 *
 * Media: one `sendonly` transceiver per local source (microphone, camera), created up front even without a
 * track, so turning a device on or switching it is `RTCRtpSender.replaceTrack` with no renegotiation.
 * The peer's transceivers arrive as `recvonly` ones and surface through `onTrack`.
 * @internal
 */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  private readonly senders = new Map<TrackSource, RTCRtpSender>();
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswerPending = false;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    readonly peerId: string,
    private readonly polite: boolean,
    config: RTCConfiguration,
    localTracks: ReadonlyMap<TrackSource, MediaStreamTrack | null>,
    private readonly callbacks: PeerLinkCallbacks,
  ) {
    this.pc = new RTCPeerConnection(config);
    const stream = new MediaStream();
    for (const source of SENT_SOURCES) {
      const track = localTracks.get(source) ?? null;
      const kind = source === 'microphone' ? 'audio' : 'video';
      const transceiver = this.pc.addTransceiver(track ?? kind, { direction: 'sendonly', streams: [stream] });
      this.senders.set(source, transceiver.sender);
    }
    this.pc.onnegotiationneeded = () => void this.negotiate();
    this.pc.onicecandidate = ({ candidate }) => {
      this.callbacks.send({ t: 'ice', candidate: candidate ? candidate.toJSON() : null });
    };
    this.pc.ontrack = ({ track, transceiver }) => {
      // The peer sends microphone then camera; each arrives on a transceiver of the matching kind.
      this.callbacks.onTrack(transceiver.receiver.track.kind === 'audio' ? 'microphone' : 'camera', track);
    };
    this.pc.onconnectionstatechange = () => {
      this.callbacks.onConnectionStateChange(this.pc.connectionState);
    };
    this.pc.oniceconnectionstatechange = () => {
      if (this.pc.iceConnectionState === 'failed') this.pc.restartIce();
    };
  }

  /** Applies an incoming `sdp`/`ice` payload. Payloads are applied one at a time, in arrival order. */
  handle(signal: LinkSignal): void {
    this.chain = this.chain.then(() => this.apply(signal)).catch((error: unknown) => this.fail(error));
  }

  /**
   * Sends `track` (or nothing, with `null`) for `source` on this link without renegotiation
   * (`RTCRtpSender.replaceTrack`, WebRTC 1.0 §5.2).
   */
  async replaceTrack(source: TrackSource, track: MediaStreamTrack | null): Promise<void> {
    const sender = this.senders.get(source);
    if (sender && !this.closed) await sender.replaceTrack(track);
  }

  /** Closes the connection; no callback fires afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pc.onnegotiationneeded = this.pc.onicecandidate = this.pc.ontrack = null;
    this.pc.onconnectionstatechange = this.pc.oniceconnectionstatechange = null;
    this.pc.close();
  }

  private async negotiate(): Promise<void> {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      const description = this.pc.localDescription;
      if (description) this.callbacks.send({ t: 'sdp', description: description.toJSON() as RTCSessionDescriptionInit });
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
      this.settingRemoteAnswerPending = description.type === 'answer';
      try {
        await this.pc.setRemoteDescription(description); // implicit rollback when polite and colliding
      } finally {
        this.settingRemoteAnswerPending = false;
      }
      if (description.type === 'offer') {
        await this.pc.setLocalDescription();
        const answer = this.pc.localDescription;
        if (answer) this.callbacks.send({ t: 'sdp', description: answer.toJSON() as RTCSessionDescriptionInit });
      }
    } else {
      try {
        await this.pc.addIceCandidate(signal.candidate ?? undefined);
      } catch (error) {
        // Candidates of an offer we ignored are expected to fail.
        if (!this.ignoreOffer) throw error;
      }
    }
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    const message = error instanceof Error ? error.message : String(error);
    this.callbacks.onError(
      new NegotiationError('negotiation-failed', `Negotiation with ${this.peerId} failed: ${message}`, this.peerId, error),
    );
  }
}
