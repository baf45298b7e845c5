import { RtcError } from '../errors/RtcError.js';
import type { VideoDimensions } from '../participants/RemoteTrack.js';

/** Simulcast layer preference for one remote video: `low` = smallest layer. */
export type VideoQuality = 'low' | 'medium' | 'high';

// In SFU rooms a camera of 1280×720 or more is sent as three simulcast layers: full, ½ and ¼ size (SfuTransport's
// encodings). The thresholds below are the two smaller layers' widths for the usual 1280×720 camera.
const LOW_LAYER_WIDTH = 320;
const MEDIUM_LAYER_WIDTH = 640;
/** How far a layer may be scaled up on screen before the next larger one is worth its bandwidth. */
const MAX_UPSCALE = 1.25;
/** Shape of the camera layers. A tall view showing the video with `object-fit: cover` needs `height × 16/9` pixels across. */
const LAYER_ASPECT = 16 / 9;

/** @internal Guard shared by `Room.setVideoQuality` and `RemoteTrack.setVideoQuality`. */
export function assertVideoQuality(quality: unknown): asserts quality is VideoQuality {
  if (quality !== 'low' && quality !== 'medium' && quality !== 'high') {
    throw RtcError.invalidArgument(`Video quality must be "low", "medium" or "high", got "${String(quality)}".`);
  }
}

/**
 * The simulcast layer that fits a video rendered at `width × height` CSS pixels: `low` up to 400 px across (the
 * 320 px layer, scaled up at most 1.25×) and for a zero size (hidden, collapsed), `medium` up to 800 px, `high`
 * above. "Across" is the larger of `width` and `height × 16/9`, the width a 16:9 frame covering the view has.
 * The size is in CSS pixels, not device pixels: on a 2× screen the chosen layer is a little soft, for half the
 * bandwidth.
 *
 * @example
 * ```ts
 * videoQualityFor({ width: 160, height: 90 });   // 'low'
 * videoQualityFor({ width: 640, height: 360 });  // 'medium'
 * videoQualityFor({ width: 1000, height: 562 }); // 'high'
 * videoQualityFor({ width: 0, height: 0 });      // 'low' (hidden)
 * ```
 * @throws {RtcError} `invalid-argument` for a negative, `NaN` or infinite size.
 */
export function videoQualityFor(dimensions: VideoDimensions): VideoQuality {
  assertVideoDimensions(dimensions);
  const { width, height } = dimensions;
  if (width === 0 || height === 0) return 'low';
  const across = Math.max(width, height * LAYER_ASPECT);
  if (across <= LOW_LAYER_WIDTH * MAX_UPSCALE) return 'low';
  if (across <= MEDIUM_LAYER_WIDTH * MAX_UPSCALE) return 'medium';
  return 'high';
}

/**
 * @internal What a participant's video should be in SFU rooms: a layer by name, or the size it is rendered at in
 * device pixels (the transport picks the layer from the publisher's real layers, see transport/sfu/simulcast.ts).
 */
export type VideoPreference = VideoQuality | VideoDimensions;

/** @internal Guard of `videoQualityFor` and `RemoteTrack.setVideoDimensions`. */
export function assertVideoDimensions(dimensions: VideoDimensions): void {
  const width: unknown = dimensions?.width;
  const height: unknown = dimensions?.height;
  if (!isSize(width) || !isSize(height)) {
    throw RtcError.invalidArgument(`Video dimensions must be finite numbers ≥ 0, got ${String(width)} × ${String(height)}.`);
  }
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
