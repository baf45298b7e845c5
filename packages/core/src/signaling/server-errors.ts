/**
 * What `@rtc-room/server`'s codes mean to an app: each server `error` code and `sfu-reply` error code mapped to the
 * {@link RtcErrorCode} a client reports. Plain objects (no validator), checked against `@rtc-room/protocol`'s code
 * lists at compile time: a code added to the protocol without a row here fails the type check.
 */
import type { ErrorCode, ProtocolVersion, SfuErrorCode } from '@rtc-room/protocol';
import type { RtcErrorCode } from '../errors/RtcError.js';

/** The protocol major this client speaks (sent in `join` and `resume`; must equal `@rtc-room/protocol`'s). */
export const PROTOCOL_VERSION: ProtocolVersion = 1;

/** The {@link RtcErrorCode} of each server `error` code. */
export const SERVER_ERROR_CODES = {
  'invalid-json': 'protocol-error',
  'invalid-message': 'protocol-error',
  'unknown-peer': 'unknown-peer',
  'not-joined': 'invalid-state',
  'already-joined': 'invalid-state',
  'room-full': 'room-full',
  'server-full': 'server-full',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  'rate-limited': 'rate-limited',
  'too-many-connections': 'too-many-connections',
  'join-timeout': 'signaling-closed',
  'idle-timeout': 'signaling-closed',
  'resume-failed': 'resume-failed',
  'protocol-mismatch': 'protocol-mismatch',
  internal: 'server-error',
} as const satisfies Record<ErrorCode, RtcErrorCode>;

/** The {@link RtcErrorCode} of each `sfu-reply` error code. */
export const SFU_ERROR_CODES = {
  'sfu-unavailable': 'sfu-unavailable',
  'sfu-failed': 'negotiation-failed',
  forbidden: 'forbidden',
  'sfu-off': 'negotiation-failed',
  'recording-off': 'recording-off',
} as const satisfies Record<SfuErrorCode, RtcErrorCode>;

/** The {@link RtcErrorCode} of a server code; `protocol-error` for a code this client does not know. */
export function rtcCodeOf(code: string): RtcErrorCode {
  return Object.hasOwn(SERVER_ERROR_CODES, code) ? SERVER_ERROR_CODES[code as ErrorCode] : 'protocol-error';
}
