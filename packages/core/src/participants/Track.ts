/** What a track carries. */
export type TrackKind = 'audio' | 'video';

/** Where a track comes from. */
export type TrackSource = 'camera' | 'microphone' | 'screen';

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
  /** `camera`, `microphone` or `screen`. */
  readonly source: TrackSource;
  /** The underlying track, or `null` when none is live. */
  readonly mediaStreamTrack: MediaStreamTrack | null;
  /** True when the publisher turned this track off. */
  readonly muted: boolean;
}
