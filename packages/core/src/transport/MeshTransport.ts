import type { TrackSource } from '../participants/Track.js';
import type { PeerChannel } from '../signaling/SignalingAdapter.js';
import { isLinkSignal, type LinkSignal, PeerLink } from './PeerLink.js';
import type { OpenPeerChannel, PeerDetails, Transport, TransportCallbacks } from './Transport.js';
import type { VideoCodecChoice } from '../room/CodecPolicy.js';

/**
 * Mesh topology: one {@link PeerLink} (`RTCPeerConnection`) per remote peer; every participant sends its
 * media to every other. Comfortable up to about 4 participants. The links' descriptions and candidates go over
 * the transport's own peer channel.
 * @internal
 */
export class MeshTransport implements Transport {
  private readonly links = new Map<string, PeerLink>();
  private readonly localTracks = new Map<TrackSource, MediaStreamTrack | null>();
  private readonly channel: PeerChannel<LinkSignal>;

  constructor(
    private readonly selfId: string,
    private config: RTCConfiguration,
    private readonly options: { send: boolean; connectTimeoutMs: number; codecs: VideoCodecChoice },
    open: OpenPeerChannel<LinkSignal>,
    private readonly callbacks: TransportCallbacks,
  ) {
    // Payloads of peers without a link (not in the room as the Room sees it, or already gone) are dropped.
    this.channel = open((from, payload) => {
      if (isLinkSignal(payload)) this.links.get(from)?.handle(payload);
    });
  }

  /** Connects to a peer (idempotent). The peer with the lower id is the polite one. */
  addPeer(peerId: string, peer: PeerDetails = {}): void {
    if (this.links.has(peerId)) return;
    const linkOptions = { polite: this.selfId < peerId, ...this.options, receive: peer.role !== 'subscriber' };
    const link = new PeerLink(peerId, linkOptions, this.config, this.localTracks, {
      send: (payload) => this.channel.send(peerId, payload),
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

  /** The room's codec changed: every link renegotiates with it first. */
  videoCodecChanged(): void {
    for (const link of this.links.values()) link.videoCodecChanged();
  }

  /** Closes every connection and the peer channel. */
  close(): void {
    this.channel.close();
    for (const link of this.links.values()) link.close();
    this.links.clear();
  }
}
