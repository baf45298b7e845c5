import type { NegotiationError } from '../errors/NegotiationError.js';
import type { TrackSource } from '../participants/Track.js';
import type { SignalingPayload } from '../signaling/SignalingAdapter.js';
import { isLinkSignal, PeerLink } from './PeerLink.js';
import type { PeerDetails, Transport } from './Transport.js';

/** Callbacks from the mesh to the `Room`. */
export interface MeshTransportCallbacks {
  /** Sends a signaling payload to one peer. */
  send(to: string, payload: SignalingPayload): void;
  /** A remote track arrived from `peerId`. */
  onTrack(peerId: string, source: TrackSource, track: MediaStreamTrack): void;
  /** `peerId` stopped sending `source` (a screen share ended). */
  onTrackEnded(peerId: string, source: TrackSource): void;
  /** The connection to `peerId` changed state (`RTCPeerConnectionState`). */
  onConnectionStateChange(peerId: string, state: RTCPeerConnectionState): void;
  /** Negotiation or ICE with `peerId` failed (`negotiation-failed`, `ice-failed`). */
  onError(error: NegotiationError): void;
  /** A `room.send()` chunk from `peerId`. */
  onData?(peerId: string, data: ArrayBuffer): void;
}

/**
 * Mesh topology: one {@link PeerLink} (`RTCPeerConnection`) per remote peer; every participant sends its
 * media to every other. Comfortable up to about 4 participants.
 * @internal
 */
export class MeshTransport implements Transport {
  private readonly links = new Map<string, PeerLink>();
  private readonly localTracks = new Map<TrackSource, MediaStreamTrack | null>();

  constructor(
    private readonly selfId: string,
    private config: RTCConfiguration,
    private readonly options: { send: boolean; connectTimeoutMs: number },
    private readonly callbacks: MeshTransportCallbacks,
  ) {}

  /** Connects to a peer (idempotent). The peer with the lower id is the polite one. */
  addPeer(peerId: string, peer: PeerDetails = {}): void {
    if (this.links.has(peerId)) return;
    const linkOptions = { polite: this.selfId < peerId, ...this.options, receive: peer.role !== 'subscriber' };
    const link = new PeerLink(peerId, linkOptions, this.config, this.localTracks, {
      send: (payload) => this.callbacks.send(peerId, payload),
      onTrack: (source, track) => this.callbacks.onTrack(peerId, source, track),
      onTrackEnded: (source) => this.callbacks.onTrackEnded(peerId, source),
      onConnectionStateChange: (state) => this.callbacks.onConnectionStateChange(peerId, state),
      onError: (error) => this.callbacks.onError(error),
      onData: (data) => this.callbacks.onData?.(peerId, data),
    });
    this.links.set(peerId, link);
  }

  /** Closes and forgets the connection to a peer. */
  removePeer(peerId: string): void {
    this.links.get(peerId)?.close();
    this.links.delete(peerId);
  }

  /** Routes a signaling payload to its link. Returns false if it was not a transport payload. */
  handleSignal(from: string, payload: SignalingPayload): boolean {
    if (!isLinkSignal(payload)) return false;
    this.links.get(from)?.handle(payload);
    return true;
  }

  /** Sends `track` for `source` to every peer (and to peers that connect later). */
  async setLocalTrack(source: TrackSource, track: MediaStreamTrack | null): Promise<void> {
    this.localTracks.set(source, track);
    await Promise.all([...this.links.values()].map((link) => link.replaceTrack(source, track)));
  }

  /** Uses new ICE servers (fresh TURN credentials) from now on, on every connection. */
  setIceServers(iceServers: RTCIceServer[]): void {
    this.config = { ...this.config, iceServers };
    for (const link of this.links.values()) link.setIceServers(iceServers);
  }

  /** Restarts ICE on every connection (e.g. after the browser went `online` again). */
  restartIce(): void {
    for (const link of this.links.values()) link.restartIce();
  }

  /** Sends `room.send()` chunks on the data channels to `to`, or to every peer. */
  async sendData(chunks: Uint8Array<ArrayBuffer>[], reliable: boolean, to?: string): Promise<boolean> {
    const links = to === undefined ? [...this.links.values()] : [this.links.get(to)];
    await Promise.all(links.map((link) => link?.sendData(chunks, reliable)));
    return true;
  }

  /** The peer connection to `peerId`, for stats. */
  connection(peerId: string): RTCPeerConnection | undefined {
    return this.links.get(peerId)?.pc;
  }

  /** Closes every connection. */
  close(): void {
    for (const link of this.links.values()) link.close();
    this.links.clear();
  }
}
