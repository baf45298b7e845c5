/**
 * Errors raised inside message handlers and turned into `{ type: 'error' }` replies.
 *
 * @packageDocumentation
 */
import type { ErrorCode } from './protocol.js';

/**
 * A refusal of one client message. `message` goes to the client; `reason` goes to the log and
 * never contains client-chosen values. `ref` is the `type` of the refused message, when known.
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly reason: string = code,
    readonly ref?: string,
  ) {
    super(message);
  }

  /** `signal`/`broadcast`/`leave` sent before `join`. */
  static notJoined(ref: string): ProtocolError {
    return new ProtocolError('not-joined', `"${ref}" requires joining a room first`, 'not-joined', ref);
  }

  /** A second `join` on a socket that is already in a room. */
  static alreadyJoined(ref = 'join'): ProtocolError {
    return new ProtocolError('already-joined', 'already joined a room; send "leave" first', 'already-joined', ref);
  }

  /** A `resume` that cannot take the seat back; `message` says why (never echoes the token). */
  static resumeFailed(message: string, reason: string): ProtocolError {
    return new ProtocolError('resume-failed', message, reason, 'resume');
  }

  /** The room is at capacity. */
  static roomFull(max: number): ProtocolError {
    return new ProtocolError('room-full', `room is full (${max} participants)`, 'room-full', 'join');
  }

  /** A `join` would create a room beyond `maxRooms`. */
  static serverFull(): ProtocolError {
    return new ProtocolError('server-full', 'server has reached its room limit; try again later', 'server-full', 'join');
  }

  /** A room token is missing or invalid. `reason` is log-safe (never token content). */
  static unauthorized(message: string, reason: string): ProtocolError {
    return new ProtocolError('unauthorized', message, `token-${reason}`, 'join');
  }

  /** A subscriber tried to send a description that publishes media. */
  static forbidden(ref: string): ProtocolError {
    return new ProtocolError('forbidden', 'subscribers may not publish media', 'subscriber-publish', ref);
  }

  /** `signal.to` names nobody in the sender's room. */
  static unknownPeer(): ProtocolError {
    return new ProtocolError('unknown-peer', 'no such peer in this room', 'unknown-peer', 'signal');
  }

  /**
   * The server cannot serve this now: its shared store (Redis) is unreachable, or it is draining for a restart.
   * The client should try again shortly (another node, behind a load balancer).
   */
  static serverUnavailable(ref: 'join' | 'resume', why: 'redis' | 'draining' = 'redis'): ProtocolError {
    const message = why === 'draining'
      ? 'this server is restarting and takes no new participants; connect again (another node will take you)'
      : 'the server cannot reach its shared store right now; try again in a few seconds';
    return new ProtocolError('server-unavailable', message, `server-unavailable-${why}`, ref);
  }
}
