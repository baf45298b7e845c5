import { Participant } from './Participant.js';
import type { Track, TrackSource } from './Track.js';

/** A track published by this side. */
export interface LocalTrack extends Track {
  /** Id of the device the track is captured from, when known. */
  readonly deviceId: string | undefined;
}

/**
 * The participant on this side of the call: `room.localParticipant`.
 * Its tracks are read-only here; change them with the `Room`'s `setMicrophoneEnabled`,
 * `setCameraEnabled` and `switchDevice`.
 */
export class LocalParticipant extends Participant {
  readonly isLocal = true;

  /** @internal */
  setTrack(source: TrackSource, track: LocalTrack | undefined): void {
    if (track) this.trackMap.set(source, track);
    else this.trackMap.delete(source);
  }

  /** Published tracks by source. */
  override get tracks(): ReadonlyMap<TrackSource, LocalTrack> {
    return this.trackMap as unknown as ReadonlyMap<TrackSource, LocalTrack>;
  }

  /**
   * A `MediaStream` holding the live camera and microphone tracks, e.g. for a self-view `<video>`. Same object each
   * call. The screen share is not in it (`screenTrack`).
   */
  get stream(): MediaStream {
    this.syncStream();
    return this.mediaStream;
  }

  private readonly mediaStream = new MediaStream();

  private syncStream(): void {
    const live = new Set<MediaStreamTrack>();
    for (const t of this.trackMap.values()) if (t.mediaStreamTrack && !t.source.startsWith('screen')) live.add(t.mediaStreamTrack);
    for (const t of this.mediaStream.getTracks()) if (!live.has(t)) this.mediaStream.removeTrack(t);
    for (const t of live) if (!this.mediaStream.getTracks().includes(t)) this.mediaStream.addTrack(t);
  }
}

/** @internal Narrowing helper. */
export function isLocalTrack(t: Track): t is LocalTrack {
  return 'deviceId' in t;
}
