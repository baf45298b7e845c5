import { SignalingError } from '../../errors/SignalingError.js';
import type { RtcErrorCode } from '../../errors/RtcError.js';
import { JanusError, VideoRoomError } from '@rtc-room/janus';

/** Janus error codes with an rtc-room meaning; everything else is `signaling-failed`. */
const CODES: Readonly<Record<number, RtcErrorCode>> = {
  403: 'unauthorized', // core: wrong or missing token / apisecret
  405: 'unauthorized', // core: token not allowed to use the plugin
  [VideoRoomError.UNAUTHORIZED]: 'unauthorized', // wrong pin, or not in the room's `allowed` list
  [VideoRoomError.PUBLISHERS_FULL]: 'room-full',
};

/** An {@link SignalingError} for a failure while talking to Janus, keeping Janus's code and reason in the message. */
export function toSignalingError(error: unknown, doing: string): SignalingError {
  if (error instanceof SignalingError) return error;
  const code = error instanceof JanusError && error.code !== undefined ? CODES[error.code] : undefined;
  const detail = error instanceof JanusError && error.code !== undefined ? ` (Janus error ${error.code})` : '';
  const reason = error instanceof Error ? error.message : String(error);
  return new SignalingError(code ?? 'signaling-failed', `Janus: ${doing} failed: ${reason}${detail}.`, error);
}
