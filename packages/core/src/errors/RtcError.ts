/**
 * Every error code rtc-room produces. Codes are stable strings: match on them, never on messages.
 *
 * - `device-denied`: the user or a permissions policy refused camera/microphone access (`NotAllowedError`).
 * - `device-not-found`: no device of the requested kind, or the requested `deviceId` is gone (`NotFoundError`,
 *   `OverconstrainedError`).
 * - `device-in-use`: the device exists but could not be opened (`NotReadableError`, `AbortError`).
 * - `signaling-failed`: the signaling channel could not be opened or was lost.
 * - `signaling-closed`: the signaling channel was closed by the server.
 * - `room-full`: the room reached its participant limit.
 * - `unauthorized`: the server refused the join (missing, invalid, expired or wrong-room token).
 * - `forbidden`: the server refused an action the participant's role does not allow (a subscriber publishing).
 * - `rate-limited`: the server dropped messages sent too fast.
 * - `invalid-state`: a method was called in a state where it cannot run (e.g. `switchDevice` before `join`).
 * - `invalid-argument`: a method received an argument it cannot use.
 * - `negotiation-failed`: an offer/answer or ICE candidate could not be applied (JSEP, RFC 8829).
 * - `ice-failed`: ICE could not find or keep a working candidate pair (RFC 8445).
 * - `protocol-error`: the peer or server sent a message rtc-room does not understand.
 * - `sfu-unavailable`: the media server (SFU) is unreachable or went away; the call recovers when it returns.
 * - `sfu-misconfigured`: the signaling server cannot use its media server: Janus refuses the server's credentials
 *   (`--janus-api-secret`, `--janus-token`, `--janus-admin-key`). An operator must fix the server's configuration.
 * - `message-too-large`: `room.send()` got a message over `RoomOptions.maxMessageBytes` (default 16 MiB), an
 *   unreliable one over one chunk (~16 KB), or one the signaling relay cannot carry (SFU rooms, 48 KB); or, on
 *   `error`, a participant announced a message over this room's limit (dropped; `participantId` names it).
 * - `recording-unsupported`: this browser cannot record the call (no `MediaRecorder`, `canvas.captureStream` or
 *   Web Audio), or not in the requested `mimeType` (`MediaRecorder.isTypeSupported`).
 * - `recording-failed`: a recording stopped on an error (`MediaRecorder` `error` event), or the server could not
 *   start or stop its recording.
 * - `recording-off`: the signaling server does not record (started without `--recordings-dir`, or not an SFU room).
 * - `server-full`: the server refused to create one more room (`maxRooms`).
 * - `too-many-connections`: the server refused one more socket from this IP (`maxConnectionsPerIp`).
 * - `unknown-peer`: the server knows no such participant in the room (a message to someone who left).
 * - `resume-failed`: the server could not give the seat back after the connection dropped: the call ends.
 * - `protocol-mismatch`: client and server speak different major versions of the wire protocol.
 * - `origin-not-allowed`: the server refused the page's origin (`--allowed-origin`).
 * - `server-error`: the signaling server failed unexpectedly while handling a message (`internal`).
 * - `room-locked`: a moderator locked the room; only moderators may join it now.
 * - `removed`: a moderator removed this participant; the call ended and the same room token cannot join again.
 */
export type RtcErrorCode =
  | 'device-denied'
  | 'device-not-found'
  | 'device-in-use'
  | 'signaling-failed'
  | 'signaling-closed'
  | 'room-full'
  | 'unauthorized'
  | 'forbidden'
  | 'rate-limited'
  | 'invalid-state'
  | 'invalid-argument'
  | 'negotiation-failed'
  | 'ice-failed'
  | 'protocol-error'
  | 'sfu-unavailable'
  | 'sfu-misconfigured'
  | 'message-too-large'
  | 'recording-unsupported'
  | 'recording-failed'
  | 'recording-off'
  | 'server-full'
  | 'too-many-connections'
  | 'unknown-peer'
  | 'resume-failed'
  | 'protocol-mismatch'
  | 'origin-not-allowed'
  | 'server-error'
  | 'room-locked'
  | 'removed'
  | 'load-failed';

/** Options accepted by every {@link RtcError} constructor. */
export interface RtcErrorOptions {
  /** The underlying error (a `DOMException`, a socket error, …). */
  cause?: unknown;
  /** The remote participant the error concerns, when there is one. */
  participantId?: string;
}

/**
 * Base class of every error rtc-room throws or emits on `room.on('error')`.
 *
 * @example
 * ```ts
 * try { await room.join(); }
 * catch (e) { if (e instanceof RtcError && e.code === 'device-denied') showPermissionHelp(); }
 * ```
 */
export class RtcError extends Error {
  /** Stable, machine-readable reason. */
  readonly code: RtcErrorCode;
  /** The remote participant concerned, if any. */
  readonly participantId: string | undefined;

  constructor(code: RtcErrorCode, message: string, options: RtcErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RtcError';
    this.code = code;
    this.participantId = options.participantId;
  }

  /** Wrong state for the call, e.g. `switchDevice()` before `join()`. */
  static invalidState(message: string): RtcError {
    return new RtcError('invalid-state', message);
  }

  /** A bad argument. */
  static invalidArgument(message: string): RtcError {
    return new RtcError('invalid-argument', message);
  }
}
