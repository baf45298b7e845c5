/**
 * The socket pipeline of one signaling connection: rate-limits and decodes frames, validates them, queues them
 * while a `join` awaits its token check, dispatches them, owns the join/idle timers, and answers every refusal with
 * an `error` message. It owns no room state: presence and seats go through {@link Sessions}, relaying through
 * `relay.ts`, SFU operations through the {@link SfuService}. Never throws to its caller.
 *
 * @packageDocumentation
 */
import { newId } from './ids.js';
import type { WebSocket } from 'ws';
import type { TokenVerifier } from './auth.js';
import { ProtocolError } from './errors.js';
import type { Logger } from './logger.js';
import { tokenIdentity, unlessRefused, type ModeratedClient, type Moderation, type TokenIdentity } from './moderation/moderation.js';
import { CLIENT_MESSAGE_TYPES, parseClientMessage, REMOVED_CLOSE_CODE, type ClientMessage, type ErrorCode, type ServerMessage } from './protocol.js';
import type { SendBudget } from './limits/send-budget.js';
import { TokenBucket, type RateLimit } from './ratelimit.js';
import { relayBroadcast, relaySignal, sequenced } from './relay.js';
import type { Participant } from './rooms.js';
import type { Session, SessionClient, Sessions } from './sessions/sessions.js';
import type { SfuService } from './sfu/service.js';

/** What a connection needs from its server. */
export interface ConnectionContext {
  /** Presence and seats (join, resume, away, leave). */
  sessions: Sessions;
  /** Room token check; `undefined` for an open server. */
  verifyToken: TokenVerifier | undefined;
  rateLimit: RateLimit;
  /** `0` disables. */
  joinTimeoutMs: number;
  /** `0` disables. */
  idleTimeoutMs: number;
  /** Sends to sockets within the per-socket and server-wide send queue budgets (slow readers are closed). */
  sendBudget: SendBudget;
  /** True once the server is shutting down: dropped sockets then leave at once (no grace). */
  shuttingDown: () => boolean;
  /** True once the server is draining (see `RtcRoomServer.drain`): joins and resumes are refused. */
  draining: () => boolean;
  log: Logger;
  /** The Janus driver, when `janusUrl` is set. */
  sfu?: SfuService | undefined;
  /** Room locks, mute holds and removals (`moderate`). */
  moderation: Moderation;
  /** Called after each client message relayed to other participants (the metrics count them). */
  onRelayed?: (kind: 'signal' | 'broadcast') => void;
}

/** Frames accepted (within the rate limit) while a `join` awaits its token check; more get `rate-limited`. */
export const MAX_QUEUED_WHILE_JOINING = 64;
/** After the server starts a close handshake, the socket is terminated if the client has not finished it by then. */
const CLOSE_GRACE_MS = 2000;
/** WebSocket close code of a drain (RFC 6455 §7.4.1 registry: 1012 Service Restart): resume at once, elsewhere. */
export const DRAIN_CLOSE_CODE = 1012;

type Frame = [data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean];

/** Binds a WebSocket to the room logic. Create one per accepted socket, then call {@link Connection.start}. */
export class Connection implements SessionClient, ModeratedClient {
  /** Random id of the socket, used only in logs (not the participant id). */
  readonly connId = newId();
  /** The participant (and its seat) while joined. */
  #session: Session | undefined;
  /** Frames processed so far (a `resume` must be the first). */
  #frames = 0;
  readonly #bucket: TokenBucket;
  /** Set once the server decided to close this socket: later frames are ignored. */
  #closing = false;
  #closed = false;
  /** A `join` is awaiting its token check; frames wait in `#queue`. */
  #busy = false;
  readonly #queue: Frame[] = [];
  #joinTimer: NodeJS.Timeout | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  #graceTimer: NodeJS.Timeout | undefined;
  /** Closed by a drain: the seat is released, not left (see {@link Connection.drain}). */
  #drained = false;
  /** The room token of the pending or last `join`, for the moderation deny list. */
  #token: TokenIdentity | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly remote: string,
    private readonly ctx: ConnectionContext,
  ) {
    this.#bucket = new TokenBucket(ctx.rateLimit);
  }

  /** The participant while joined, else `undefined`. */
  get participant(): Participant | undefined {
    return this.#session?.participant;
  }

  /** Arms the join and idle timers. Call once, right after accepting the socket. */
  start(): void {
    this.#armJoinTimer();
    if (this.ctx.idleTimeoutMs > 0) {
      this.#idleTimer = setTimeout(
        () => this.#closeWith('idle-timeout', `no message for ${this.ctx.idleTimeoutMs} ms; closing`, 1000, 'idle timeout'),
        this.ctx.idleTimeoutMs,
      );
      this.#idleTimer.unref();
    }
  }

  /** Handles one incoming frame. Every failure becomes an `error` reply; nothing escapes. */
  receive(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    try {
      if (this.#closing || this.#closed) return;
      this.#idleTimer?.refresh();
      const take = this.#bucket.take();
      if (take !== 'ok') return this.#rateLimited(take === 'close');
      if (this.#busy) {
        if (this.#queue.length >= MAX_QUEUED_WHILE_JOINING) {
          throw new ProtocolError('rate-limited', 'too many messages while join is pending; message dropped', 'join-queue-full');
        }
        this.#queue.push([data, isBinary]);
        return;
      }
      this.#process(data, isBinary);
    } catch (error) {
      this.#fail(error);
    }
  }

  /**
   * The socket closed (for any reason): stop the timers; with resumption on, keep the seat for the grace
   * period (the others get `peer-away`), else leave the room at once (the others get `peer-left`).
   */
  closed(code: number): void {
    this.#closed = true;
    this.#queue.length = 0;
    clearTimeout(this.#joinTimer);
    clearTimeout(this.#idleTimer);
    clearTimeout(this.#graceTimer);
    try {
      if (this.#drained && this.#session) this.#forget(code);
      else if (this.#session?.seat && !this.ctx.shuttingDown()) this.#goAway(code);
      else this.#leave('close', code);
    } catch (error) {
      this.ctx.log({ event: 'internal-error', where: 'close', conn: this.connId, error: describe(error) });
    }
  }

  #process(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    try {
      this.#frames++;
      if (isBinary) {
        throw new ProtocolError('invalid-message', 'binary frames are not supported; send JSON text', 'binary-frame');
      }
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
      const parsed = parseClientMessage(text);
      if (!parsed.ok && parsed.code === 'protocol-mismatch') {
        // Another major version: one clear error, then close (RFC 6455 1002, protocol error).
        this.#closeWith('protocol-mismatch', parsed.message, 1002, 'protocol mismatch', parsed.ref);
        return;
      }
      if (!parsed.ok) throw new ProtocolError(parsed.code, parsed.message, parsed.reason, parsed.ref);
      const pending = this.#dispatch(parsed.message);
      if (pending) {
        this.#busy = true;
        void pending.finally(() => {
          this.#busy = false;
          this.#drain();
        });
      }
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Processes frames that arrived while a `join` was being checked, in order. */
  #drain(): void {
    while (!this.#busy && !this.#closing && !this.#closed) {
      const frame = this.#queue.shift();
      if (!frame) return;
      this.#process(...frame);
    }
  }

  /** Applies a message; returns a promise only for a `join` that awaits its token check. */
  #dispatch(message: ClientMessage): Promise<void> | void {
    switch (message.type) {
      case 'join':
        return this.#join(message.room, message.name, message.token);
      case 'signal': {
        const session = this.#joined('signal');
        return sequenced(session, message.seq, () => {
          relaySignal(this.ctx.sessions.store, session, message.to, message.payload, message.seq);
          this.ctx.onRelayed?.('signal');
        });
      }
      case 'broadcast': {
        const session = this.#joined('broadcast');
        return sequenced(session, message.seq, () => {
          relayBroadcast(this.ctx.sessions.store, session, message.payload, message.seq);
          this.ctx.onRelayed?.('broadcast');
        });
      }
      case 'resume':
        return this.#resume(message.id, message.resumeToken, message.lastSeq);
      case 'ice-servers':
        return this.#send({ type: 'ice-servers', iceServers: [], ...this.ctx.sessions.iceServers(this.#joined('ice-servers').participant.id) });
      case 'sfu': {
        const { participant } = this.#joined('sfu');
        if (!this.ctx.sfu) {
          if ('req' in message) {
            const error = { code: 'sfu-off' as const, message: 'this server has no media server (start it with --janus-url)' };
            participant.deliver(JSON.stringify({ type: 'sfu-reply', req: message.req, error } satisfies ServerMessage));
          } else if (message.op === 'hello' && message.topology === 'auto') {
            // Without a media server an `auto` room is always mesh: say so at once, so the client starts.
            participant.deliver(JSON.stringify({ type: 'topology', topology: 'mesh' } satisfies ServerMessage));
          }
          return;
        }
        return this.ctx.sfu.handle(participant, message);
      }
      case 'moderate':
        return this.ctx.moderation.handle(this.#joined('moderate').participant, message);
      case 'ping':
        // Joined or not; does not count as activity for the join timer (a socket must still join in time).
        return this.#send(message.id === undefined ? { type: 'pong' } : { type: 'pong', id: message.id });
      case 'leave':
        this.#joined('leave');
        this.#leave('leave');
        return this.#armJoinTimer();
    }
  }

  /** The session of a joined socket; @throws {ProtocolError} `not-joined` before `join`. */
  #joined(type: 'signal' | 'broadcast' | 'ice-servers' | 'sfu' | 'leave' | 'moderate'): Session {
    if (!this.#session) throw ProtocolError.notJoined(type);
    return this.#session;
  }

  #join(room: string, name: string, token: string | undefined): Promise<void> {
    if (this.#session) throw ProtocolError.alreadyJoined();
    if (this.ctx.draining()) throw ProtocolError.serverUnavailable('join', 'draining');
    const verify = this.ctx.verifyToken;
    if (!verify) {
      const enter = (): Promise<void> => this.#settle(this.ctx.sessions.enter(this, room, name, 'publisher', undefined));
      return Promise.resolve(unlessRefused(this.ctx.moderation.refuseJoin(room, 'publisher', undefined), enter, (e) => this.#fail(e)));
    }
    return verify(token, room).then(
      (result) => {
        if (this.#closing || this.#closed) return;
        if (!result.ok) return this.#fail(ProtocolError.unauthorized(result.message, result.reason));
        const { claims } = result;
        this.#token = token === undefined ? undefined : tokenIdentity(token, claims);
        const enter = (): Promise<void> | void => {
          if (this.#closing || this.#closed) return;
          return this.#settle(this.ctx.sessions.enter(this, room, claims.name ?? name, claims.role, claims.sub, claims.record === true));
        };
        return unlessRefused(this.ctx.moderation.refuseJoin(room, claims.role, this.#token), enter, (e) => this.#fail(e));
      },
      (error: unknown) => this.#fail(error),
    );
  }

  /** `resume` must be the first message on a socket; the session logic does the rest. */
  #resume(id: string, token: string, lastSeq: number): Promise<void> | void {
    if (this.#session) throw ProtocolError.alreadyJoined('resume');
    if (this.#frames > 1) throw ProtocolError.resumeFailed('resume must be the first message on a socket', 'resume-not-first');
    if (this.ctx.draining()) throw ProtocolError.serverUnavailable('resume', 'draining');
    const go = (): Promise<void> | void => {
      if (this.#closing || this.#closed) return;
      const session = this.ctx.sessions.resume(this, id, token, lastSeq);
      if (!(session instanceof Promise)) return this.#bind(session);
      return this.#settle(session);
    };
    return unlessRefused(this.ctx.moderation.refuseResume(id), go, (e) => this.#fail(e));
  }

  /** A join or resume that had to wait: bind its session, or end it when the socket closed meanwhile. */
  #settle(pending: Promise<Session>): Promise<void> {
    return pending.then(
      (session) => {
        if (!this.#closing && !this.#closed) return this.#bind(session);
        if (session.seat && !this.ctx.shuttingDown() && !this.#drained) this.ctx.sessions.away(session, this, 1006);
        else this.ctx.sessions.leave(session.participant, 'close', this.connId);
      },
      (error: unknown) => this.#fail(error),
    );
  }

  /**
   * Drain: release the seat (nothing more is delivered here; with Redis, messages wait for the node the client
   * resumes on), then close with 1012 after everything already sent (`ws` writes the close frame after queued
   * data). The seat is not left: the client resumes elsewhere. @returns once the close has been started
   */
  async drain(): Promise<void> {
    if (this.#closing || this.#closed) return;
    this.#closing = true;
    this.#queue.length = 0;
    clearTimeout(this.#joinTimer);
    clearTimeout(this.#idleTimer);
    const participant = this.#session?.participant;
    if (participant) await this.ctx.sessions.release(participant);
    this.#drained = true;
    this.ctx.log({ event: 'drain-close', conn: this.connId });
    this.socket.close(DRAIN_CLOSE_CODE, 'server restarting; resume on another node');
    this.#graceTimer = setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS);
    this.#graceTimer.unref();
  }

  #forget(closeCode: number): void {
    const session = this.#session;
    this.#session = undefined;
    if (session) this.ctx.sessions.forget(session.participant, this.connId, closeCode);
  }

  /** This socket now holds `session`: the join timer stops. */
  #bind(session: Session): void {
    this.#session = session;
    clearTimeout(this.#joinTimer);
    this.#joinTimer = undefined;
    this.ctx.moderation.bind(session.participant, this, this.#token);
  }

  /** A moderator removed this participant: `error` `removed`, leave the room (no seat kept), close with 4003. */
  removed(): void {
    this.#closeWith('removed', 'a moderator removed you from the room', REMOVED_CLOSE_CODE, 'removed by a moderator', 'moderate');
  }

  #leave(why: 'leave' | 'close' | 'kicked', closeCode?: number): void {
    const session = this.#session;
    if (!session) return;
    this.#session = undefined;
    this.ctx.sessions.leave(session.participant, why, this.connId, closeCode);
  }

  /** The socket dropped without `leave`: the session logic keeps the seat for the grace period. */
  #goAway(closeCode: number): void {
    const session = this.#session;
    this.#session = undefined;
    if (session) this.ctx.sessions.away(session, this, closeCode);
  }

  /** Another socket resumed our seat: forget it (no grace, no `peer-away`) and close with 4000. */
  takenOver(): void {
    this.#session = undefined;
    if (this.#closing || this.#closed) return;
    this.#closing = true;
    this.#queue.length = 0;
    clearTimeout(this.#joinTimer);
    clearTimeout(this.#idleTimer);
    this.ctx.log({ event: 'taken-over', conn: this.connId });
    this.socket.close(4000, 'resumed elsewhere');
    this.#graceTimer = setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS);
    this.#graceTimer.unref();
  }

  #armJoinTimer(): void {
    clearTimeout(this.#joinTimer);
    if (this.ctx.joinTimeoutMs <= 0 || this.#closed) return;
    this.#joinTimer = setTimeout(
      () => this.#closeWith('join-timeout', `no successful join within ${this.ctx.joinTimeoutMs} ms; closing`, 1008, 'join timeout'),
      this.ctx.joinTimeoutMs,
    );
    this.#joinTimer.unref();
  }

  #rateLimited(close: boolean): void {
    const { messagesPerSecond, burst } = this.ctx.rateLimit;
    if (close) {
      this.#closeWith('rate-limited', 'too many messages over the rate limit; closing', 1008, 'rate limit exceeded');
      return;
    }
    const first = this.#bucket.violations === 1;
    // Log the first drop of an episode and the close, not every dropped frame.
    this.#fail(
      new ProtocolError('rate-limited', `too many messages (${messagesPerSecond}/s, burst ${burst}); message dropped`, 'rate-limit'),
      first,
    );
  }

  /** Refuses with `code`, removes the participant at once (peers hear `peer-left`), and closes with `wsCode`. */
  #closeWith(code: ErrorCode, message: string, wsCode: number, wsReason: string, ref?: string): void {
    if (this.#closing || this.#closed) return;
    this.#fail(new ProtocolError(code, message, code, ref));
    this.#closing = true;
    this.#queue.length = 0;
    clearTimeout(this.#joinTimer);
    clearTimeout(this.#idleTimer);
    try {
      this.#leave('kicked', wsCode);
    } catch (error) {
      this.ctx.log({ event: 'internal-error', where: 'kick', conn: this.connId, error: describe(error) });
    }
    this.socket.close(wsCode, wsReason);
    this.#graceTimer = setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS);
    this.#graceTimer.unref();
  }

  #fail(error: unknown, log = true): void {
    const refusal =
      error instanceof ProtocolError
        ? error
        : new ProtocolError('internal', 'internal server error', 'internal');
    if (refusal.code === 'internal') {
      this.ctx.log({ event: 'internal-error', conn: this.connId, remote: this.remote, error: describe(error) });
    } else if (log) {
      this.ctx.log({
        event: 'refusal',
        conn: this.connId,
        remote: this.remote,
        ...(this.#session ? { id: this.#session.participant.id } : {}),
        code: refusal.code,
        reason: refusal.reason,
        // `ref` echoes the client's `type`: log it only when it is one of ours (never client-chosen text).
        ...(refusal.ref !== undefined && CLIENT_MESSAGE_TYPES.has(refusal.ref) ? { ref: refusal.ref } : {}),
      });
    }
    try {
      this.#send({
        type: 'error',
        code: refusal.code,
        message: refusal.message,
        ...(refusal.ref !== undefined ? { ref: refusal.ref } : {}),
      });
    } catch (sendError) {
      this.ctx.log({ event: 'internal-error', where: 'send-error', conn: this.connId, error: describe(sendError) });
    }
  }

  #send(message: ServerMessage): void {
    this.#sendRaw(JSON.stringify(message));
  }

  /** Sends one message to this socket now (the session logic's `joined` / `resumed`). */
  send(message: ServerMessage): void {
    this.#send(message);
  }

  /** Writes one serialized message to the socket (used by this connection's seat). */
  sendRaw(data: string): void {
    this.#sendRaw(data);
  }

  #sendRaw(data: string): void {
    this.ctx.sendBudget.send(this.socket, data);
  }
}

/** A log-safe description of an unexpected error: its name and message, never a payload. */
function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 200);
  return typeof error;
}
