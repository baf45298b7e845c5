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

  /**
   * Client and server speak different major versions of the wire protocol (`@rtc-room/protocol`): update the
   * older side. `server` is the version the server named, when it named one.
   */
  static protocolMismatch(client: number, server?: number): SignalingError {
    const theirs = server === undefined ? 'another version' : `protocol ${server}`;
    return new SignalingError('protocol-mismatch', `This client speaks protocol ${client}, the server ${theirs}: update one of them.`);
  }

  /** The channel was closed (by the server or by `close()`). */
  static closed(message: string): SignalingError {
    return new SignalingError('signaling-closed', message);
  }
}
