import { MediaError, type MediaKind } from '../errors/MediaError.js';
import { RtcError } from '../errors/RtcError.js';

/** Constraints for one capture kind: `true`, or W3C `MediaTrackConstraints`. */
export type CaptureConstraints = true | MediaTrackConstraints;

/** Result of {@link captureMedia}: the tracks that started and the errors of those that did not. */
export interface CaptureResult {
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
  errors: MediaError[];
}

/** The camera size asked for by default, in pixels: 1280×720 where the camera offers it (see {@link videoConstraints}). */
export const DEFAULT_CAPTURE = { width: 1280, height: 720 } as const;

/**
 * The camera constraints actually requested: `true` and constraints that name no size (no `width`, `height` or
 * `aspectRatio`) get `width`/`height` `{ ideal }` {@link DEFAULT_CAPTURE} (W3C Media Capture and Streams §4.3.8:
 * `ideal` values are never a reason to fail, so a camera without 1280×720 gives its nearest size and never an
 * `OverconstrainedError`). Browsers otherwise open cameras at 640×480, too small for three simulcast layers.
 */
export function videoConstraints(constraints: CaptureConstraints): MediaTrackConstraints {
  const base: MediaTrackConstraints = constraints === true ? {} : { ...constraints };
  if (base.width === undefined && base.height === undefined && base.aspectRatio === undefined) {
    base.width = { ideal: DEFAULT_CAPTURE.width };
    base.height = { ideal: DEFAULT_CAPTURE.height };
  }
  return base;
}

function mediaDevices(): MediaDevices {
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
    throw new MediaError('device-not-found', 'Media capture is not available (insecure context or no browser).');
  }
  return navigator.mediaDevices;
}

/**
 * Captures one track of `kind` with `getUserMedia` (W3C Media Capture and Streams §10.2); a camera at 1280×720 when
 * `constraints` name no size ({@link videoConstraints}).
 * @param deviceId When set, that exact device (`{ exact }`), overriding any `deviceId` in `constraints`.
 * @throws {MediaError} `device-denied`, `device-not-found` or `device-in-use`.
 */
export async function captureTrack(
  kind: 'audioinput' | 'videoinput',
  constraints: CaptureConstraints,
  deviceId?: string,
): Promise<MediaStreamTrack> {
  const base: MediaTrackConstraints =
    kind === 'videoinput' ? videoConstraints(constraints) : constraints === true ? {} : { ...constraints };
  if (deviceId) base.deviceId = { exact: deviceId };
  const request: MediaStreamConstraints = kind === 'audioinput' ? { audio: base } : { video: base };
  let stream: MediaStream;
  try {
    stream = await mediaDevices().getUserMedia(request);
  } catch (error) {
    throw error instanceof RtcError ? error : MediaError.fromGetUserMedia(error, kind);
  }
  const [track] = kind === 'audioinput' ? stream.getAudioTracks() : stream.getVideoTracks();
  if (!track) throw new MediaError('device-not-found', `getUserMedia returned no ${kind} track.`, kind);
  return track;
}

/**
 * Captures microphone and camera in one `getUserMedia` call (one permission prompt); if that fails, tries
 * each alone so that a missing or denied camera still lets the microphone through, and vice versa.
 */
export async function captureMedia(
  audio: CaptureConstraints | false,
  video: CaptureConstraints | false,
): Promise<CaptureResult> {
  const result: CaptureResult = { audio: null, video: null, errors: [] };
  if (!audio && !video) return result;
  if (audio && video) {
    try {
      const stream = await mediaDevices().getUserMedia({
        audio: audio === true ? true : audio,
        video: video ? videoConstraints(video) : false,
      });
      result.audio = stream.getAudioTracks()[0] ?? null;
      result.video = stream.getVideoTracks()[0] ?? null;
      return result;
    } catch {
      // Fall through to one kind at a time to learn which failed.
    }
  }
  const attempt = async (kind: MediaKind & ('audioinput' | 'videoinput'), c: CaptureConstraints) => {
    try {
      return await captureTrack(kind, c);
    } catch (error) {
      result.errors.push(error instanceof MediaError ? error : MediaError.fromGetUserMedia(error, kind));
      return null;
    }
  };
  if (audio) result.audio = await attempt('audioinput', audio);
  if (video) result.video = await attempt('videoinput', video);
  return result;
}
