import type { ConnectionQualityReport } from '../quality/types.js';
import type { Track, TrackSource } from './Track.js';

/**
 * What local and remote participants share.
 */
export abstract class Participant {
  /** Display name. */
  readonly name: string;
  /** @internal */
  protected readonly trackMap = new Map<TrackSource, Track>();
  private participantId: string;
  private quality: ConnectionQualityReport | null = null;
  private participantRole: 'publisher' | 'subscriber' | 'moderator' = 'publisher';

  /** @internal */
  constructor(id: string, name: string) {
    this.participantId = id;
    this.name = name;
  }

  /**
   * Id assigned by the signaling side; unique within the room. For the local participant it is `''` until
   * `room.join()` resolves.
   */
  get id(): string {
    return this.participantId;
  }

  /**
   * What this participant may do, as its room token grants: `publisher`, `subscriber` (receives only) or
   * `moderator` (publishes, and may mute, remove and lock: `room.moderation`). `publisher` without tokens.
   */
  get role(): 'publisher' | 'subscriber' | 'moderator' {
    return this.participantRole;
  }

  /** @internal */
  assignRole(role: 'publisher' | 'subscriber' | 'moderator'): void {
    this.participantRole = role;
  }

  /** @internal */
  assignId(id: string): void {
    this.participantId = id;
  }

  /** Published tracks by source. */
  get tracks(): ReadonlyMap<TrackSource, Track> {
    return this.trackMap;
  }

  /** The camera track, if any. */
  get cameraTrack(): Track | undefined {
    return this.trackMap.get('camera');
  }

  /** The microphone track, if any. */
  get microphoneTrack(): Track | undefined {
    return this.trackMap.get('microphone');
  }

  /** The shared screen's video (`room.startScreenShare()`), while this participant shares. */
  get screenTrack(): Track | undefined {
    return this.trackMap.get('screen');
  }

  /** True when a microphone track is published and not muted. */
  get isMicrophoneEnabled(): boolean {
    const t = this.trackMap.get('microphone');
    return t !== undefined && !t.muted;
  }

  /** True when a camera track is published and not muted. */
  get isCameraEnabled(): boolean {
    const t = this.trackMap.get('camera');
    return t !== undefined && !t.muted;
  }

  /**
   * The last measured connection quality (see `ConnectionQualityReport`), or `null` before the first
   * measurement. Measured while a `connectionQualityChanged` listener is subscribed to the `Room`, every second.
   * For the local participant: the quality of its best connection (its own network).
   */
  get connectionQuality(): ConnectionQualityReport | null {
    return this.quality;
  }

  /** @internal */
  setConnectionQuality(report: ConnectionQualityReport | null): void {
    this.quality = report;
  }

  /** True for the participant on this side. */
  abstract readonly isLocal: boolean;
}
