/**
 * What `@rtc-room/server`'s codes mean to an app. A server `error` or `sfu-reply` code that is also an
 * {@link RtcErrorCode} (`room-full`, `server-full`, `unauthorized`, `forbidden`, `rate-limited`,
 * `too-many-connections`, `unknown-peer`, `resume-failed`, `protocol-mismatch`, `sfu-unavailable`, `sfu-misconfigured`,
 * `recording-off`)
 * keeps its name; the others are mapped by {@link RENAMED}. Checked against `@rtc-room/protocol`'s code lists at
 * compile time: a server code added to the protocol that is neither an `RtcErrorCode` nor in the table fails the
 * type check. A plain object, not a validator: cheap in the bundle.
 */
import type { ErrorCode, ProtocolVersion, SfuErrorCode } from '@rtc-room/protocol';
import type { RtcErrorCode } from '../errors/RtcError.js';

/** The protocol major this client speaks (sent in `join` and `resume`; must equal `@rtc-room/protocol`'s). */
export const PROTOCOL_VERSION: ProtocolVersion = 1;

/** Server codes without an {@link RtcErrorCode} of the same name, and the one they map to. */
const RENAMED = {
  'invalid-json': 'protocol-error',
  'invalid-message': 'protocol-error',
  'not-joined': 'invalid-state',
  'already-joined': 'invalid-state',
  'join-timeout': 'signaling-closed',
  'idle-timeout': 'signaling-closed',
  internal: 'server-error',
  'server-unavailable': 'signaling-failed',
  'sfu-failed': 'negotiation-failed',
  'sfu-off': 'negotiation-failed',
} as const satisfies Record<Exclude<ErrorCode | SfuErrorCode, RtcErrorCode>, RtcErrorCode>;

/**
 * The {@link RtcErrorCode} of a server `error` or `sfu-reply` code. (A code from a newer server that this client
 * does not know keeps its name: match on `RtcError.code` with a `default` branch.)
 */
export function rtcCodeOf(code: ErrorCode | SfuErrorCode): RtcErrorCode {
  return Object.hasOwn(RENAMED, code) ? RENAMED[code as keyof typeof RENAMED] : (code as RtcErrorCode);
}
