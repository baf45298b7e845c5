import { RtcError, type RtcErrorCode } from './RtcError.js';

/** A failure of the signaling channel or a refusal by the signaling server. */
export class SignalingError extends RtcError {
  constructor(code: RtcErrorCode, message: string, cause?: unknown) {
    super(code, message, { cause });
    this.name = 'SignalingError';
  }

  /** The channel could not be opened or broke. */
  static failed(message: string, cause?: unknown): SignalingError {
    return new SignalingError('signaling-failed', message, cause);
  }

  /** The channel was closed (by the server or by `close()`). */
  static closed(message: string): SignalingError {
    return new SignalingError('signaling-closed', message);
  }
}
