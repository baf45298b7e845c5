import type { PeerPayloadOf } from '@rtc-room/protocol';
import { assertVideoQuality, videoQualityFor } from '../media/video-quality.js';
import type { RemoteTrack, VideoDimensions } from '../participants/RemoteTrack.js';
import type { LocalParticipant } from '../participants/LocalParticipant.js';
import type { TrackKind, TrackSource } from '../participants/Track.js';
import type { VideoQuality } from '../media/video-quality.js';

/** Mutable implementation of a subscribed remote track. @internal */
export class RemoteTrackImpl implements RemoteTrack {
  /**
   * @param prefer Records and applies the participant's layer preference (the `Room` does; the preference outlives
   *   this object when the track is replaced).
   */
  constructor(
    readonly kind: TrackKind,
    readonly source: TrackSource,
    public mediaStreamTrack: MediaStreamTrack | null,
    public muted: boolean,
    private readonly prefer: (quality: VideoQuality) => Promise<void>,
  ) {}

  async setVideoQuality(quality: VideoQuality): Promise<void> {
    assertVideoQuality(quality);
    if (this.source !== 'camera') return; // only cameras are simulcast
    await this.prefer(quality);
  }

  async setVideoDimensions(dimensions: VideoDimensions): Promise<void> {
    await this.setVideoQuality(videoQualityFor(dimensions));
  }
}

/** Participant state every peer announces (`{ t: 'state', muted }` payload, `@rtc-room/protocol`). @internal */
export type PeerStatePayload = PeerPayloadOf<'state'>;

/** @internal */
export function isPeerState(payload: { readonly [key: string]: unknown }): payload is PeerStatePayload & { [key: string]: unknown } {
  return payload['t'] === 'state' && Array.isArray(payload['muted']) && payload['muted'].every((s) => typeof s === 'string');
}

/** This side's announced state: the sources that are off (no track, muted, or not capturing). @internal */
export function localState(local: LocalParticipant): PeerStatePayload & { [key: string]: unknown } {
  const muted: TrackSource[] = [];
  for (const source of ['microphone', 'camera'] as const) {
    const t = local.tracks.get(source);
    if (!t || t.muted || !t.mediaStreamTrack) muted.push(source);
  }
  return { t: 'state', muted };
}
