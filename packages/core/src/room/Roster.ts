import type { SafeEmitter } from '../events/safe-emitter.js';
import type { VideoPreference } from '../media/video-quality.js';
import { RemoteParticipant } from '../participants/RemoteParticipant.js';
import type { TrackSource } from '../participants/Track.js';
import type { PeerInfo } from '../signaling/SignalingAdapter.js';
import type { CandidateType, ParticipantStats } from '../stats/types.js';
import type { Transport } from '../transport/Transport.js';
import { RemoteTrackImpl } from './RemoteTrackImpl.js';
import type { PeerStatePayload } from './RoomChannel.js';
import type { RoomEvents } from './types.js';

/** What the {@link Roster} needs of its `Room`. @internal */
export interface RosterHost {
  /** This participant's id (a peer with it is never added). */
  selfId(): string;
  /** The transport, while joined: newcomers are added to it, leavers removed. */
  transport(): Transport | undefined;
  /** Tells a newcomer this side's mute state. */
  greet(peerId: string): void;
  /** Stats of `peerId`'s connection (for the selected candidate pair's type). */
  snapshot(peerId: string): Promise<ParticipantStats | undefined>;
  /** `peerId` left: drop what other parts keep about it (stats baseline, speaker levels, partial messages). */
  forget(peerId: string): void;
  /** `peerId` muted its microphone. */
  silenced(peerId: string): void;
}

/**
 * Who is in the call, as this side sees it: remote participants and their tracks, their announced mute state,
 * layer preferences, the connection path to each, and peers whose signaling dropped (`away`) until they come
 * back, leave or vanish. Emits the participant and track events of the `Room`.
 * @internal
 */
export class Roster {
  private readonly remote = new Map<string, RemoteParticipant>();
  private readonly muted = new Map<string, Set<TrackSource>>();
  private readonly paths = new Map<string, CandidateType | null>();
  /** Layer preferences by participant (`setVideoQuality`), re-applied when a participant's video is replaced. */
  private readonly preferred = new Map<string, VideoPreference>();
  /** Peers whose signaling dropped (server grace period), with what is needed to add them back. */
  private readonly away = new Map<string, PeerInfo>();

  constructor(
    private readonly host: RosterHost,
    private readonly events: SafeEmitter<RoomEvents>,
  ) {}

  /** Remote participants by id, in join order. */
  get participants(): ReadonlyMap<string, RemoteParticipant> {
    return this.remote;
  }

  /** Whether `peerId` announced its microphone off. */
  micMuted(peerId: string): boolean {
    return this.muted.get(peerId)?.has('microphone') ?? false;
  }

  /** Records `peerId`'s layer preference (kept while it is in the room). */
  prefer(peerId: string, quality: VideoPreference): void {
    if (this.remote.has(peerId)) this.preferred.set(peerId, quality);
  }

  /** A peer entered (or came back): adds it to the transport and greets it. Idempotent. */
  joined(peer: PeerInfo): void {
    const transport = this.host.transport();
    if (!transport || this.remote.has(peer.id) || peer.id === this.host.selfId()) return;
    const participant = new RemoteParticipant(peer.id, peer.name);
    participant.assignRole(peer.role ?? 'publisher');
    this.remote.set(peer.id, participant);
    transport.addPeer(peer.id, peer.role ? { role: peer.role } : {});
    this.host.greet(peer.id);
    this.events.emit('participantJoined', participant);
  }

  left(peerId: string): void {
    this.away.delete(peerId);
    this.remove(peerId);
  }

  /**
   * A peer's signaling dropped (`away`) or came back. An away peer whose media has also stopped is gone (its tab
   * was killed, its network died): remove it now instead of waiting out the server's grace period. If it comes
   * back after all, it is added again.
   */
  setAway(peerId: string, away: boolean): void {
    if (away) {
      const participant = this.remote.get(peerId);
      if (!participant) return;
      this.away.set(peerId, { id: peerId, name: participant.name });
      this.dropIfVanished(peerId);
    } else {
      const info = this.away.get(peerId);
      this.away.delete(peerId);
      if (info && !this.remote.has(peerId)) this.joined(info);
    }
  }

  /** Removes `peerId` with its tracks (`trackUnsubscribed` for each, then `participantLeft`). */
  remove(peerId: string): void {
    const participant = this.remote.get(peerId);
    if (!participant) return;
    this.host.transport()?.removePeer(peerId);
    this.host.forget(peerId);
    this.paths.delete(peerId);
    for (const [source, track] of [...participant.tracks]) {
      participant.setTrack(source, undefined);
      this.events.emit('trackUnsubscribed', track, participant);
    }
    this.remote.delete(peerId);
    this.muted.delete(peerId);
    this.preferred.delete(peerId);
    this.events.emit('participantLeft', participant);
  }

  /** Removes everyone (leaving the room). */
  clear(): void {
    for (const id of [...this.remote.keys()]) this.remove(id);
    this.paths.clear();
    this.away.clear();
  }

  /** A peer announced its mute state (`{ t: 'state' }`). */
  applyState(peerId: string, state: PeerStatePayload): void {
    const participant = this.remote.get(peerId);
    if (!participant) return;
    const muted = new Set(state.muted);
    this.muted.set(peerId, muted);
    if (muted.has('microphone')) this.host.silenced(peerId);
    for (const track of participant.tracks.values()) {
      const impl = track as RemoteTrackImpl;
      const now = muted.has(impl.source);
      if (impl.muted === now) continue;
      impl.muted = now;
      this.events.emit(now ? 'trackMuted' : 'trackUnmuted', impl, participant);
    }
  }

  /**
   * A remote track arrived. `prefer` records and applies a layer preference (`RemoteTrack.setVideoQuality`).
   */
  addTrack(peerId: string, source: TrackSource, track: MediaStreamTrack, prefer: (quality: VideoPreference) => Promise<void>): void {
    const participant = this.remote.get(peerId);
    if (!participant || participant.tracks.get(source)?.mediaStreamTrack === track) return;
    const muted = this.muted.get(peerId)?.has(source) ?? false;
    const remoteTrack = new RemoteTrackImpl(track.kind === 'audio' ? 'audio' : 'video', source, track, muted, (quality) =>
      this.remote.get(peerId) === participant ? prefer(quality) : Promise.resolve(),
    );
    participant.setTrack(source, remoteTrack);
    // A new path (SFU reconnection, mesh → SFU with topology 'auto') starts on the server's default layer.
    const preferred = this.preferred.get(peerId);
    if (preferred && remoteTrack.kind === 'video') {
      this.host.transport()?.setVideoQuality?.(peerId, preferred).catch(() => undefined); // the next preference retries
    }
    this.events.emit('trackSubscribed', remoteTrack, participant);
  }

  /** `peerId` stopped publishing `source` (a screen share ended). */
  endTrack(peerId: string, source: TrackSource): void {
    const participant = this.remote.get(peerId);
    const track = participant?.tracks.get(source);
    if (!participant || !track) return;
    participant.setTrack(source, undefined);
    this.events.emit('trackUnsubscribed', track, participant);
  }

  /** SFU last-N: `peerId`'s `source` video was paused at the media server, or resumed. */
  videoPaused(peerId: string, source: TrackSource, paused: boolean): void {
    const participant = this.remote.get(peerId);
    const track = participant?.tracks.get(source) as RemoteTrackImpl | undefined;
    if (!participant || !track || track.paused === paused) return;
    track.paused = paused;
    this.events.emit('trackPaused', track, participant, paused);
  }

  /** The transport callbacks that report remote tracks and connection states. */
  transportCallbacks(prefer: (peerId: string, quality: VideoPreference) => Promise<void>) {
    return {
      onVideoPaused: (peerId: string, source: TrackSource, paused: boolean) => this.videoPaused(peerId, source, paused),
      onTrack: (peerId: string, source: TrackSource, track: MediaStreamTrack) =>
        this.addTrack(peerId, source, track, (quality) => prefer(peerId, quality)),
      onTrackEnded: (peerId: string, source: TrackSource) => this.endTrack(peerId, source),
      onConnectionStateChange: (peerId: string, state: RTCPeerConnectionState) => this.linkState(peerId, state),
    };
  }

  /** The connection carrying `peerId`'s media changed state. */
  linkState(peerId: string, state: RTCPeerConnectionState): void {
    const participant = this.remote.get(peerId);
    if (participant) this.events.emit('peerConnectionStateChanged', participant, state);
    if (state === 'connected') void this.checkPath(peerId);
    else this.dropIfVanished(peerId);
  }

  private dropIfVanished(peerId: string): void {
    const state = this.host.transport()?.connection(peerId)?.connectionState;
    if (this.away.has(peerId) && state !== 'connected' && state !== 'connecting' && state !== 'new') {
      this.remove(peerId);
    }
  }

  /** Emits `connectionPathChanged` when the selected candidate pair's type differs from the last one seen. */
  private async checkPath(peerId: string, attempt = 0): Promise<void> {
    const stats = await this.host.snapshot(peerId);
    const participant = this.remote.get(peerId);
    if (!stats || !participant) return;
    if (stats.candidateType === null && attempt < 10) {
      // Right at 'connected' the selected pair may not be in the stats yet.
      setTimeout(() => void this.checkPath(peerId, attempt + 1), 100);
      return;
    }
    if (this.paths.has(peerId) && this.paths.get(peerId) === stats.candidateType) return;
    this.paths.set(peerId, stats.candidateType);
    this.events.emit('connectionPathChanged', participant, stats.candidateType);
  }
}
