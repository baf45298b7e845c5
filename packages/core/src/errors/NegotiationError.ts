import { RtcError, type RtcErrorCode } from './RtcError.js';

/** An offer/answer (JSEP, RFC 8829) or ICE (RFC 8445) failure on one peer connection. */
export class NegotiationError extends RtcError {
  constructor(code: RtcErrorCode, message: string, participantId: string, cause?: unknown) {
    super(code, message, { cause, participantId });
    this.name = 'NegotiationError';
  }
}
