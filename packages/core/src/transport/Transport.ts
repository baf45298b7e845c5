import type { NegotiationError } from '../errors/NegotiationError.js';
import type { TrackSource } from '../participants/Track.js';
import type { PeerChannel, PeerListener, SignalingPayload } from '../signaling/SignalingAdapter.js';
import type { VideoPreference } from '../media/video-quality.js';
import type { StatsSource } from '../stats/types.js';

/**
 * Opens a peer channel on the signaling adapter (`SignalingAdapter.peer`, bound): how a transport that speaks
 * to peers (mesh: SDP and ICE; auto: `path-ready`) gets its payloads there and back without the `Room`.
 */
export type OpenPeerChannel<P extends SignalingPayload> = (listener: PeerListener) => PeerChannel<P>;

/** Callbacks from a transport to the `Room`. */
export interface TransportCallbacks {
  /** A remote track arrived from `peerId`. */
  onTrack(peerId: string, source: TrackSource, track: MediaStreamTrack): void;
  /** `peerId` stopped sending `source` (a screen share ended). */
  onTrackEnded(peerId: string, source: TrackSource): void;
  /** The connection carrying `peerId`'s media changed state (`RTCPeerConnectionState`). */
  onConnectionStateChange(peerId: string, state: RTCPeerConnectionState): void;
  /** Negotiation or ICE failed (`negotiation-failed`, `ice-failed`). */
  onError(error: NegotiationError): void;
  /**
   * A `room.send()` chunk arrived on a data channel from `peerId`, as the path proves it (mesh: the link's peer; SFU:
   * the publisher whose feed the channel is labelled with), never as the chunk's header claims.
   */
  onData?(peerId: string, data: ArrayBuffer): void;
  /** SFU last-N: the media server stopped (`paused`) or resumed forwarding `peerId`'s `source` video. */
  onVideoPaused?(peerId: string, source: TrackSource, paused: boolean): void;
}

/** What the signaling side says about a peer when it joins. */
export interface PeerDetails {
  /** Its role as granted by its room token; a mesh link never receives media from a `subscriber`. */
  readonly role?: 'publisher' | 'subscriber' | 'moderator';
}

/**
 * How media travels between this participant and the others. The `Room` tells it who is there and which
 * local tracks to send; it delivers remote tracks through {@link TransportCallbacks}. Its own signaling goes over
 * the adapter's channels ({@link OpenPeerChannel}, `SignalingAdapter.sfu`), never through the `Room`.
 * `MeshTransport`: one connection per peer. `SfuTransport`: one publish and one subscribe connection to a
 * media server.
 * @internal
 */
export interface Transport {
  /** A peer is in the room (idempotent). */
  addPeer(peerId: string, peer?: PeerDetails): void;
  /** A peer left: stop receiving it. */
  removePeer(peerId: string): void;
  /** Sends `track` for `source` (or nothing, with `null`) without renegotiation when possible. */
  setLocalTrack(source: TrackSource, track: MediaStreamTrack | null): Promise<void>;
  /** New ICE servers (fresh TURN credentials). */
  setIceServers(iceServers: RTCIceServer[]): void;
  /** Restarts ICE on every connection. */
  restartIce(): void;
  /** What carries `peerId`'s media, for stats (`getStats` of that participant only). */
  connection(peerId: string): StatsSource | undefined;
  /** Optional: the path media takes right now, for transports that change it (`AutoTransport`). */
  readonly topology?: 'mesh' | 'sfu';
  /**
   * Optional: preferred simulcast layer of `peerId`'s video (SFU only): a quality, or the size the video is
   * rendered at in device pixels (the transport picks the layer that fits from the publisher's real layers).
   */
  setVideoQuality?(peerId: string, preference: VideoPreference): Promise<void>;
  /**
   * Optional: sends `room.send()` chunks over data channels, to `to` or everyone. Resolves `false` when this path
   * cannot carry them (the `Room` then uses the signaling relay).
   */
  sendData?(chunks: Uint8Array<ArrayBuffer>[], reliable: boolean, to?: string): Promise<boolean>;
  /**
   * Optional: the room codec policy settled on another codec (`VideoCodecChoice.current`): connections renegotiate
   * to send it.
   */
  videoCodecChanged?(): void;
  /** Optional (SFU last-N): the pinned participants changed; the videos forwarded are chosen again. */
  videoRelevanceChanged?(): void;
  /** Closes every connection; no callback fires afterwards. */
  close(): void;
}
