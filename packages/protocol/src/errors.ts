/**
 * Every `code` an `error` message can carry (documented in `docs/server.md` and `docs/guides/errors.md`).
 * Closing refusals: `rate-limited` (only after repeated violations, 1008), `too-many-connections` (1013),
 * `join-timeout` (1008), `idle-timeout` (1000), `origin-not-allowed` (1008), `protocol-mismatch` (1002), `removed` (4003, a moderator removed you). All others leave the socket open
 * (after `resume-failed` the client may `join` afresh).
 */
export const ERROR_CODES = [
  'invalid-json',
  'invalid-message',
  'unknown-peer',
  'not-joined',
  'already-joined',
  'room-full',
  'server-full',
  'server-unavailable',
  'unauthorized',
  'forbidden',
  'room-locked',
  'removed',
  'rate-limited',
  'too-many-connections',
  'join-timeout',
  'idle-timeout',
  'resume-failed',
  'origin-not-allowed',
  'protocol-mismatch',
  'internal',
] as const;

/** A code of the server's `error` message. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every code of an `sfu-reply` error. */
export const SFU_ERROR_CODES = ['sfu-unavailable', 'sfu-misconfigured', 'sfu-failed', 'forbidden', 'sfu-off', 'recording-off'] as const;

/** A code of an `sfu-reply` error. */
export type SfuErrorCode = (typeof SFU_ERROR_CODES)[number];
