import { assertVideoDimensions, assertVideoQuality, type VideoPreference } from '../media/video-quality.js';
import type { RemoteTrack, VideoDimensions } from '../participants/RemoteTrack.js';
import type { TrackKind, TrackSource } from '../participants/Track.js';
import type { VideoQuality } from '../media/video-quality.js';

/** Mutable implementation of a subscribed remote track. @internal */
export class RemoteTrackImpl implements RemoteTrack {
  paused = false;
  /**
   * @param prefer Records and applies the participant's layer preference (the `Room` does; the preference outlives
   *   this object when the track is replaced).
   */
  constructor(
    readonly kind: TrackKind,
    readonly source: TrackSource,
    public mediaStreamTrack: MediaStreamTrack | null,
    public muted: boolean,
    private readonly prefer: (preference: VideoPreference) => Promise<void>,
  ) {}

  async setVideoQuality(quality: VideoQuality): Promise<void> {
    assertVideoQuality(quality);
    if (this.source !== 'camera') return; // only cameras are simulcast
    await this.prefer(quality);
  }

  async setVideoDimensions(dimensions: VideoDimensions): Promise<void> {
    assertVideoDimensions(dimensions);
    if (this.source !== 'camera') return;
    // Layers are chosen in device pixels: a 485 px tile on a 2× screen shows 970 pixels across.
    const ratio = typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1;
    await this.prefer({ width: dimensions.width * ratio, height: dimensions.height * ratio });
  }
}
