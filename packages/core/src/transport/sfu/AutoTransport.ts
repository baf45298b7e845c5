import type { PeerPayloadOf } from '@rtc-room/protocol';
import type { NegotiationError } from '../../errors/NegotiationError.js';
import type { TrackSource } from '../../participants/Track.js';
import type { PeerChannel, PeerListener, SignalingPayload } from '../../signaling/SignalingAdapter.js';
import type { SfuChannel, SfuEvent } from '../../signaling/sfu-protocol.js';
import { MeshTransport } from '../MeshTransport.js';
import type { VideoPreference } from '../../media/video-quality.js';
import type { StatsSource } from '../../stats/types.js';
import { statsUnlessClosed } from '../../stats/stats-unless-closed.js';
import type { LinkSignal } from '../link-signal.js';
import type { OpenPeerChannel, PeerDetails, Transport } from '../Transport.js';
import { SfuTransport, type SfuTransportCallbacks } from './SfuTransport.js';
import type { VideoCodecChoice } from '../../room/CodecPolicy.js';

/** How long a switch may wait for a peer to decode over the new path before moving anyway, in ms. */
const SWITCH_TIMEOUT_MS = 12_000;
const POLL_MS = 100;
/** How long to wait for the server to say the room's topology before starting in mesh anyway, in ms. */
const TOPOLOGY_WAIT_MS = 3000;

type Mode = PeerPayloadOf<'path-ready'>['mode'];
/** What this transport says to peers: its mesh links' descriptions and candidates, and `path-ready`. */
type AutoSignal = LinkSignal | PeerPayloadOf<'path-ready'>;

/**
 * `topology: 'auto'`: mesh until the server says the room is big enough for the SFU, and back when it shrinks.
 * Make-before-break, per peer: the new path is brought up with the same local tracks, the `Room` is handed the
 * peer's new tracks only once they decode, and the old path to that peer closes only when both sides receive
 * each other over the new one (each side tells the other with a `{ t: 'path-ready' }` payload).
 *
 * A newcomer opens no connection before the server said the room's topology (it answers `hello` at once), so
 * joining a room that is already in SFU mode goes straight to the SFU. One peer channel carries both: `path-ready`
 * is handled here, the rest goes to the mesh (held back until the topology is known).
 * @internal
 */
export class AutoTransport implements Transport {
  private readonly mesh: MeshTransport;
  private sfu: SfuTransport | undefined;
  private mode: Mode = 'mesh';
  /** False until the server said the room's topology (or {@link TOPOLOGY_WAIT_MS} passed). */
  private decided = false;
  /** Mesh payloads that arrived before the topology was known, replayed if it is mesh. */
  private early: Array<[string, SignalingPayload]> = [];
  private readonly decideTimer: ReturnType<typeof setTimeout>;
  /** Peers told `path-ready` for the current mode. */
  private readonly readySent = new Set<string>();
  private readonly peers = new Set<string>();
  /** What signaling said about each peer (its role), for the mesh links made when the room moves to mesh. */
  private readonly details = new Map<string, PeerDetails>();
  /** Peers whose media the Room currently takes from the SFU. */
  private readonly viaSfu = new Set<string>();
  /** Peers that told us they receive us over the path of the current mode. */
  private readonly readyFrom = new Set<string>();
  /** Tracks of the path being brought up, by peer, not yet handed to the Room. */
  private readonly pending = new Map<string, Map<TrackSource, MediaStreamTrack>>();
  private readonly localTracks = new Map<TrackSource, MediaStreamTrack | null>();
  private readonly channel: SfuChannel;
  private readonly peerChannel: PeerChannel<AutoSignal>;
  /** The mesh's listener on {@link peerChannel}. */
  private toMesh: PeerListener | undefined;
  private switchTimer: ReturnType<typeof setTimeout> | undefined;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  constructor(
    selfId: string,
    private config: RTCConfiguration,
    private readonly options: { send: boolean; connectTimeoutMs: number; codecs: VideoCodecChoice; lastN?: number | undefined; pinned?: ReadonlySet<string> },
    openPeer: OpenPeerChannel<AutoSignal>,
    private readonly open: (listener: (event: SfuEvent) => void) => SfuChannel,
    private readonly callbacks: SfuTransportCallbacks,
  ) {
    this.peerChannel = openPeer((from, payload) => this.onPeerPayload(from, payload));
    // The mesh sends on this transport's channel and hears what `onPeerPayload` lets through (it closes the channel
    // only when this transport closes).
    this.mesh = new MeshTransport(selfId, config, options, (listener) => ((this.toMesh = listener), this.peerChannel), {
      onTrack: (peer, source, track) => this.onPathTrack('mesh', peer, source, track),
      onTrackEnded: (peer, source) => this.onPathTrackEnded('mesh', peer, source),
      onConnectionStateChange: (peer, state) => {
        if (!this.viaSfu.has(peer)) callbacks.onConnectionStateChange(peer, state);
      },
      onError: (error: NegotiationError) => {
        if (!this.viaSfu.has(error.participantId ?? '')) callbacks.onError(error);
      },
      onData: (peer, data) => callbacks.onData?.(peer, data),
    });
    this.channel = open((event) => {
      if (event.type === 'topology') this.decide(event.topology);
      // A restarted server (or media server) recounts the room: say hello again, with the topology in use.
      else if (event.type === 'sfu-state' && event.state === 'available') this.hello();
    });
    this.hello();
    this.decideTimer = setTimeout(() => this.decide('mesh'), TOPOLOGY_WAIT_MS);
  }

  /** The topology media currently takes (for tests and UIs). */
  get topology(): Mode {
    return this.mode;
  }

  addPeer(peerId: string, peer: PeerDetails = {}): void {
    this.peers.add(peerId);
    this.details.set(peerId, peer);
    if (!this.decided) return;
    if (this.mode === 'mesh') this.mesh.addPeer(peerId, peer);
    else {
      this.sfu?.addPeer(peerId);
      this.viaSfu.add(peerId); // a newcomer in an SFU room never gets a mesh link
    }
  }

  removePeer(peerId: string): void {
    this.peers.delete(peerId);
    this.details.delete(peerId);
    this.viaSfu.delete(peerId);
    this.readyFrom.delete(peerId);
    this.readySent.delete(peerId);
    this.pending.delete(peerId);
    this.early = this.early.filter(([from]) => from !== peerId);
    this.mesh.removePeer(peerId);
    this.sfu?.removePeer(peerId);
  }

  async setLocalTrack(source: TrackSource, track: MediaStreamTrack | null): Promise<void> {
    this.localTracks.set(source, track);
    await Promise.all([this.mesh.setLocalTrack(source, track), this.sfu?.setLocalTrack(source, track)]);
  }

  setIceServers(iceServers: RTCIceServer[]): void {
    this.config = { ...this.config, iceServers };
    this.mesh.setIceServers(iceServers);
    this.sfu?.setIceServers(iceServers);
  }

  restartIce(): void {
    this.mesh.restartIce();
    this.sfu?.restartIce();
  }

  connection(peerId: string): StatsSource | undefined {
    return this.viaSfu.has(peerId) ? this.sfu?.connection(peerId) : this.mesh.connection(peerId);
  }

  async setVideoQuality(peerId: string, quality: VideoPreference): Promise<void> {
    await this.sfu?.setVideoQuality(peerId, quality);
  }

  /** Data goes the way media goes now: through the SFU once the room moved there, else peer to peer. */
  sendData(chunks: Uint8Array<ArrayBuffer>[], reliable: boolean, to?: string): Promise<boolean> {
    return this.mode === 'sfu' && this.sfu ? this.sfu.sendData(chunks, reliable, to) : this.mesh.sendData(chunks, reliable, to);
  }

  /** The room's codec changed: both paths follow (the mesh links, and the SFU publish connection if up). */
  videoCodecChanged(): void {
    this.mesh.videoCodecChanged();
    this.sfu?.videoCodecChanged();
  }

  videoRelevanceChanged(): void {
    this.sfu?.videoRelevanceChanged();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.decideTimer);
    clearTimeout(this.switchTimer);
    clearInterval(this.pollTimer);
    this.channel.close();
    this.peerChannel.close();
    this.mesh.close();
    this.sfu?.close();
  }

  // ---- switching -------------------------------------------------------------------------------------------

  /** A payload from a peer in the room: `path-ready` is ours; mesh payloads wait until the topology is known. */
  private onPeerPayload(from: string, payload: SignalingPayload): void {
    if (!this.peers.has(from)) return;
    if (payload['t'] === 'path-ready') {
      if (payload['mode'] === this.mode) {
        this.readyFrom.add(from);
        // A peer that joined straight into the SFU never switched: it answers so the other side can close its
        // old link at once.
        if (this.pathOf(from) === this.mode && !this.readySent.has(from)) this.sendReady(from);
      }
      this.progress();
    } else if (!this.decided) {
      if (payload['t'] === 'sdp' || payload['t'] === 'ice') this.early.push([from, payload]);
    } else {
      this.toMesh?.(from, payload);
    }
  }

  private hello(): void {
    this.channel.notify({ op: 'hello', topology: 'auto', ...(this.decided ? { current: this.mode } : {}) });
  }

  /** The first topology the server tells starts the transport; later ones switch it. */
  private decide(mode: Mode): void {
    if (this.closed) return;
    if (this.decided) {
      this.moveTo(mode);
      return;
    }
    this.decided = true;
    clearTimeout(this.decideTimer);
    const early = this.early;
    this.early = [];
    this.mode = mode;
    if (mode === 'sfu') {
      for (const peer of this.peers) this.viaSfu.add(peer);
      this.startSfu();
    } else {
      for (const peer of this.peers) this.mesh.addPeer(peer, this.details.get(peer));
      for (const [from, payload] of early) this.toMesh?.(from, payload);
    }
  }

  private pathOf(peer: string): Mode {
    return this.viaSfu.has(peer) ? 'sfu' : 'mesh';
  }

  private startSfu(): void {
    this.sfu = new SfuTransport(this.config, this.options, this.open, {
      ...this.callbacks,
      onTrack: (peer, source, track) => this.onPathTrack('sfu', peer, source, track),
      onTrackEnded: (peer, source) => this.onPathTrackEnded('sfu', peer, source),
      onConnectionStateChange: (peer, state) => {
        if (this.viaSfu.has(peer)) this.callbacks.onConnectionStateChange(peer, state);
      },
    });
    for (const [source, track] of this.localTracks) void this.sfu.setLocalTrack(source, track);
    for (const peer of this.peers) this.sfu.addPeer(peer);
  }

  private sendReady(peer: string): void {
    this.readySent.add(peer);
    this.peerChannel.send(peer, { t: 'path-ready', mode: this.mode });
  }

  private moveTo(mode: Mode): void {
    if (this.closed || mode === this.mode) return;
    this.mode = mode;
    this.readyFrom.clear();
    this.readySent.clear();
    this.pending.clear();
    if (mode === 'sfu') {
      this.startSfu();
    } else {
      for (const peer of this.peers) this.mesh.addPeer(peer, this.details.get(peer));
    }
    clearInterval(this.pollTimer);
    this.pollTimer = setInterval(() => void this.poll(), POLL_MS);
    clearTimeout(this.switchTimer);
    this.switchTimer = setTimeout(() => this.finish(true), SWITCH_TIMEOUT_MS);
  }

  private onPathTrack(path: Mode, peer: string, source: TrackSource, track: MediaStreamTrack): void {
    if (path === this.pathOf(peer)) {
      this.callbacks.onTrack(peer, source, track);
      return;
    }
    if (path !== this.mode) return;
    let tracks = this.pending.get(peer);
    if (!tracks) this.pending.set(peer, (tracks = new Map()));
    tracks.set(source, track);
  }

  /** A peer's screen share ended: on its current path the Room hears of it; on the new one it is not handed over. */
  private onPathTrackEnded(path: Mode, peer: string, source: TrackSource): void {
    if (path === this.pathOf(peer)) this.callbacks.onTrackEnded(peer, source);
    else this.pending.get(peer)?.delete(source);
  }

  /** Hands over every peer whose new path decodes video (or has no video). */
  private async poll(): Promise<void> {
    for (const peer of this.peers) {
      if (this.pathOf(peer) === this.mode) continue;
      const source = this.mode === 'sfu' ? this.sfu?.connection(peer) : this.mesh.connection(peer);
      const tracks = this.pending.get(peer);
      if (!source || !tracks?.has('camera')) continue;
      let decoded = 0;
      // A path closed meanwhile (the peer left) reports nothing (see statsUnlessClosed).
      (await statsUnlessClosed(source))?.forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') decoded = Math.max(decoded, s.framesDecoded ?? 0);
      });
      if (decoded > 0 && this.pathOf(peer) !== this.mode) this.handOver(peer);
    }
    this.progress();
  }

  private handOver(peer: string): void {
    if (this.mode === 'sfu') this.viaSfu.add(peer);
    else this.viaSfu.delete(peer);
    for (const [source, track] of this.pending.get(peer) ?? []) this.callbacks.onTrack(peer, source, track);
    this.pending.delete(peer);
    this.sendReady(peer);
  }

  /** Closes old paths whose peers are switched both ways. */
  private progress(): void {
    const switched = (peer: string): boolean => this.pathOf(peer) === this.mode;
    for (const peer of this.peers) {
      if (this.mode === 'sfu' && switched(peer) && this.readyFrom.has(peer)) this.mesh.removePeer(peer);
    }
    if ([...this.peers].every((p) => switched(p) && this.readyFrom.has(p))) this.finish(false);
  }

  private finish(timedOut: boolean): void {
    clearTimeout(this.switchTimer);
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    if (timedOut) for (const peer of this.peers) if (this.pathOf(peer) !== this.mode) this.handOver(peer);
    if (this.mode === 'sfu') {
      for (const peer of this.peers) this.mesh.removePeer(peer);
    } else if (this.sfu) {
      this.sfu.close();
      this.sfu = undefined;
    }
  }
}
