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

  /**
   * Maps a `getDisplayMedia` rejection (W3C Screen Capture §5.1) to a typed error: `NotAllowedError`/`SecurityError`
   * (the user cancelled the picker, or a policy refused) → `device-denied`; `NotFoundError` (nothing to capture: e.g.
   * Firefox on a machine without a display) → `device-not-found`; `InvalidStateError` (not called from a user
   * gesture) → `invalid-state`; anything else (`NotReadableError`, `AbortError`: the capture could not start) →
   * `device-in-use`.
   */
  static fromGetDisplayMedia(error: unknown): MediaError {
    const name = error instanceof Error ? error.name : '';
    const code: RtcErrorCode = /NotAllowed|Security/.test(name)
      ? 'device-denied'
      : name === 'NotFoundError' ? 'device-not-found' : name === 'InvalidStateError' ? 'invalid-state' : 'device-in-use';
    const why = { 'device-denied': 'was not allowed', 'device-not-found': 'found nothing to share', 'invalid-state': 'must start from a click' }[code as string] ?? 'failed';
    return new MediaError(code, `Screen sharing ${why} (${String(error)}).`, undefined, error);
  }

}
