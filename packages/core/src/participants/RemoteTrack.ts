import type { VideoQuality } from '../media/video-quality.js';
import type { Track } from './Track.js';

/** The size a video is rendered at, in CSS pixels (`0 × 0` for a hidden or offscreen view). */
export interface VideoDimensions {
  readonly width: number;
  readonly height: number;
}

/**
 * A subscribed track of a remote participant: `participant.cameraTrack`, the values of `participant.tracks`, and
 * the `track` of `trackSubscribed`.
 *
 * In SFU rooms (`topology: 'sfu'`, or `'auto'` once the room moved to the SFU) each remote camera arrives as one of
 * simulcast layers sized to the publisher's capture (a 1280×720 camera: 1280, 640 and 320 pixels wide; 640×480: 640
 * and 320), and the media server forwards the
 * one you prefer; a UI asks for a small one where the video is shown small, hidden or offscreen. `<rtc-video-tile>`
 * does this by itself. The preference belongs to the participant: it is kept when the track is replaced
 * (reconnection, moving between mesh and SFU) and dropped when the participant leaves. In mesh rooms every peer
 * sends a single layer, so both methods resolve and change nothing. Audio and screen-share tracks (one layer) ignore them too.
 *
 * @example
 * ```ts
 * // A custom UI: ask for the layer that fits each remote video element.
 * const observer = new ResizeObserver(([entry]) => {
 *   const { width, height } = entry.contentRect;
 *   participant.cameraTrack?.setVideoDimensions({ width, height }).catch(console.warn);
 * });
 * observer.observe(videoElement);
 * ```
 */
export interface RemoteTrack extends Track {
  /**
   * SFU rooms with `lastN`: this video is not among the N most relevant, so the media server forwards none of its
   * packets (no bandwidth) until it is again (`trackPaused` fires on each change). The track stays subscribed and
   * `live`; show the participant's avatar meanwhile. Always `false` for audio, in mesh rooms and without `lastN`.
   */
  readonly paused: boolean;
  /**
   * Asks for a simulcast layer of this video: `low` (the smallest), `medium` or `high` (the largest the publisher
   * sends). Before any call, the media server forwards the largest.
   * @example `await participant.cameraTrack?.setVideoQuality('low'); // a thumbnail`
   * @throws {RtcError} `invalid-argument` for an unknown quality; the media server's refusal
   *   (`negotiation-failed`, `sfu-unavailable`).
   */
  setVideoQuality(quality: VideoQuality): Promise<void>;
  /**
   * Asks for the layer that fits a view of `width × height` CSS pixels: the smallest layer the publisher really
   * sends (as it announces them: `outbound-rtp` sizes per `rid`) that is at least as wide as the view in device
   * pixels (× `devicePixelRatio`; a frame covering the view needs `max(width, height × aspect ratio)`), else the
   * largest; the lowest for `0 × 0` (hidden). Chosen again when the publisher's layers change.
   * @example `await track.setVideoDimensions({ width: video.clientWidth, height: video.clientHeight });`
   * @throws {RtcError} `invalid-argument` for a negative or non-finite size; as `setVideoQuality` otherwise.
   */
  setVideoDimensions(dimensions: VideoDimensions): Promise<void>;
}
