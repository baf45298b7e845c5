import { RtcError, type RtcErrorCode } from './RtcError.js';

/** Which capture a {@link MediaError} concerns. */
export type MediaKind = 'audioinput' | 'videoinput' | 'audiooutput';

/**
 * A camera/microphone/speaker failure. Built from the `DOMException` that `getUserMedia`
 * (W3C Media Capture and Streams §10.2) or `setSinkId` rejected with.
 */
export class MediaError extends RtcError {
  /** The device kind that failed, when known. */
  readonly kind: MediaKind | undefined;

  constructor(code: RtcErrorCode, message: string, kind?: MediaKind, cause?: unknown) {
    super(code, message, { cause });
    this.name = 'MediaError';
    this.kind = kind;
  }

  /**
   * Maps a `getUserMedia` rejection to a typed error:
   * `NotAllowedError`/`SecurityError` → `device-denied`; `NotFoundError`/`OverconstrainedError` →
   * `device-not-found`; `NotReadableError`/`AbortError` → `device-in-use`.
   */
  static fromGetUserMedia(error: unknown, kind?: MediaKind): MediaError {
    const name = error instanceof Error ? error.name : '';
    const what = kind === 'audioinput' ? 'microphone' : kind === 'videoinput' ? 'camera' : 'camera/microphone';
    switch (name) {
      case 'NotAllowedError':
      case 'SecurityError':
        return new MediaError('device-denied', `Permission to use the ${what} was denied.`, kind, error);
      case 'NotFoundError':
      case 'OverconstrainedError':
        return new MediaError('device-not-found', `No ${what} matches the request.`, kind, error);
      default:
        return new MediaError('device-in-use', `The ${what} could not be started (${name || String(error)}).`, kind, error);
    }
  }
}
