/** What a track carries. */
export type TrackKind = 'audio' | 'video';

/**
 * Where a track comes from: `camera`, `microphone`, and for a screen share (`room.startScreenShare()`) `screen` (its
 * video) and `screen-audio` (the shared tab's or screen's sound, when the browser offers it). LiveKit calls the last
 * two `screen_share` and `screen_share_audio`; ours are kebab-case like every other rtc-room string.
 */
export type TrackSource = 'camera' | 'microphone' | 'screen' | 'screen-audio';

/**
 * A published media track of a participant (local or remote).
 *
 * `mediaStreamTrack` is `null` while a local camera is turned off (the capture is stopped, the camera light goes
 * out) and, for remote tracks, never null once subscribed. `muted` is the publisher's choice
 * (`setMicrophoneEnabled(false)`, `setCameraEnabled(false)`), signaled to every participant; it is not the
 * `MediaStreamTrack.muted` flag of the W3C spec (which reports media flow).
 */
export interface Track {
  /** `audio` or `video`. */
  readonly kind: TrackKind;
  /** `camera`, `microphone`, `screen` or `screen-audio`. */
  readonly source: TrackSource;
  /** The underlying track, or `null` when none is live. */
  readonly mediaStreamTrack: MediaStreamTrack | null;
  /** True when the publisher turned this track off. */
  readonly muted: boolean;
}
