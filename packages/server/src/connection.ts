/**
 * One signaling connection: rate-limits and decodes frames, validates them, checks room tokens,
 * and applies join / signal / broadcast / ice-servers / leave against the {@link RoomRegistry}.
 * Owns the connection's join and idle timers. Never throws to its caller.
 *
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import type { TokenVerifier } from './auth.js';
import { ProtocolError } from './errors.js';
import type { Logger } from './logger.js';
import type { TurnSettings } from './options.js';
import {
  parseClientMessage,
  type ClientMessage,
  type ErrorCode,
  type IceServer,
  type Payload,
  type Role,
  type ServerMessage,
} from './protocol.js';
import { TokenBucket, type RateLimit } from './ratelimit.js';
import { toPeerInfo, type Participant, type RoomRegistry } from './rooms.js';
import { payloadPublishesMedia } from './sdp.js';
import { mintTurnCredentials } from './turn.js';

/** What a connection needs from its server. */
export interface ConnectionContext {
  registry: RoomRegistry;
  maxParticipantsPerRoom: number;
  /** Static ICE servers. */
  iceServers: IceServer[];
  /** TURN REST settings, when configured. */
  turn: TurnSettings | undefined;
  /** Room token check; `undefined` for an open server. */
  verifyToken: TokenVerifier | undefined;
  rateLimit: RateLimit;
  /** `0` disables. */
  joinTimeoutMs: number;
  /** `0` disables. */
  idleTimeoutMs: number;
  /** A client with more than this many bytes queued for sending is not reading: it is disconnected. */
  maxBufferedBytes: number;
  log: Logger;
}

/** Frames accepted (within the rate limit) while a `join` awaits its token check; more get `rate-limited`. */
export const MAX_QUEUED_WHILE_JOINING = 64;
/** After the server starts a close handshake, the socket is terminated if the client has not finished it by then. */
const CLOSE_GRACE_MS = 2000;

const KNOWN_TYPES = new Set(['join', 'signal', 'broadcast', 'ice-servers', 'leave']);

type Frame = [data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean];

/** Binds a WebSocket to the room logic. Create one per accepted socket, then call {@link Connection.start}. */
export class Connection {
  /** Random id of the socket, used only in logs (not the participant id). */
  readonly connId = randomUUID();
  #participant: Participant | undefined;
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

  constructor(
    private readonly socket: WebSocket,
    private readonly remote: string,
    private readonly ctx: ConnectionContext,
  ) {
    this.#bucket = new TokenBucket(ctx.rateLimit);
  }

  /** The participant while joined, else `undefined`. */
  get participant(): Participant | undefined {
    return this.#participant;
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

  /** The socket closed (for any reason): stop the timers and leave the room, telling the others. */
  closed(code: number): void {
    this.#closed = true;
    this.#queue.length = 0;
    clearTimeout(this.#joinTimer);
    clearTimeout(this.#idleTimer);
    clearTimeout(this.#graceTimer);
    try {
      this.#leave('close', code);
    } catch (error) {
      this.ctx.log({ event: 'internal-error', where: 'close', conn: this.connId, error: describe(error) });
    }
  }

  #process(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    try {
      if (isBinary) {
        throw new ProtocolError('invalid-message', 'binary frames are not supported; send JSON text', 'binary-frame');
      }
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
      const parsed = parseClientMessage(text);
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
      case 'signal':
        return this.#signal(message.to, message.payload);
      case 'broadcast':
        return this.#broadcast(message.payload);
      case 'ice-servers':
        if (!this.#participant) throw ProtocolError.notJoined('ice-servers');
        return this.#send({ type: 'ice-servers', iceServers: [], ...this.#iceServers(this.#participant.id) });
      case 'leave':
        if (!this.#participant) throw ProtocolError.notJoined('leave');
        this.#leave('leave');
        return this.#armJoinTimer();
    }
  }

  #join(room: string, name: string, token: string | undefined): Promise<void> | void {
    if (this.#participant) throw ProtocolError.alreadyJoined();
    const verify = this.ctx.verifyToken;
    if (!verify) return this.#enter(room, name, 'publisher', undefined);
    return verify(token, room).then(
      (result) => {
        if (this.#closing || this.#closed) return;
        try {
          if (!result.ok) throw ProtocolError.unauthorized(result.message, result.reason);
          this.#enter(room, result.claims.name ?? name, result.claims.role, result.claims.sub);
        } catch (error) {
          this.#fail(error);
        }
      },
      (error: unknown) => this.#fail(error),
    );
  }

  #enter(room: string, name: string, role: Role, sub: string | undefined): void {
    const result = this.ctx.registry.join(room, name, role, (data) => this.#sendRaw(data));
    if (!result.ok) {
      throw result.reason === 'server-full' ? ProtocolError.serverFull() : ProtocolError.roomFull(this.ctx.maxParticipantsPerRoom);
    }
    clearTimeout(this.#joinTimer);
    const { participant, others } = result;
    this.#participant = participant;
    const announcement = JSON.stringify({ type: 'peer-joined', peer: toPeerInfo(participant) } satisfies ServerMessage);
    for (const other of others) other.deliver(announcement);
    this.#send({ type: 'joined', id: participant.id, room, role, peers: others.map(toPeerInfo), ...this.#iceServers(participant.id) });
    this.ctx.log({
      event: 'join',
      conn: this.connId,
      id: participant.id,
      role,
      ...(sub !== undefined ? { sub: sub.slice(0, 64) } : {}),
      roomLength: room.length,
      nameLength: name.length,
      peers: others.length,
    });
  }

  /** Static ICE servers plus, with TURN REST, one entry with credentials minted now for `user`. */
  #iceServers(user: string): { iceServers?: IceServer[]; iceServersTtlMs?: number } {
    const { turn, iceServers } = this.ctx;
    if (turn) {
      const minted = mintTurnCredentials({ secret: turn.secret, urls: turn.urls, user, ttlSeconds: turn.ttlSeconds });
      return { iceServers: [...iceServers, minted.iceServer], iceServersTtlMs: minted.ttlMs };
    }
    return iceServers.length > 0 ? { iceServers } : {};
  }

  #signal(to: string, payload: Payload): void {
    const sender = this.#participant;
    if (!sender) throw ProtocolError.notJoined('signal');
    const target = this.ctx.registry.find(sender.room, to);
    if (!target || target.id === sender.id) throw ProtocolError.unknownPeer();
    if (sender.role === 'subscriber' && payloadPublishesMedia(payload)) throw ProtocolError.forbidden('signal');
    target.deliver(JSON.stringify({ type: 'signal', from: sender.id, payload } satisfies ServerMessage));
  }

  #broadcast(payload: Payload): void {
    const sender = this.#participant;
    if (!sender) throw ProtocolError.notJoined('broadcast');
    if (sender.role === 'subscriber' && payloadPublishesMedia(payload)) throw ProtocolError.forbidden('broadcast');
    // Serialize once for all recipients; `from` always comes from the connection, never the client.
    const data = JSON.stringify({ type: 'signal', from: sender.id, payload } satisfies ServerMessage);
    for (const other of this.ctx.registry.others(sender.room, sender.id)) other.deliver(data);
  }

  #leave(why: 'leave' | 'close' | 'kicked', closeCode?: number): void {
    const participant = this.#participant;
    if (!participant) return;
    this.#participant = undefined;
    const remaining = this.ctx.registry.leave(participant);
    const data = JSON.stringify({ type: 'peer-left', id: participant.id } satisfies ServerMessage);
    for (const other of remaining) other.deliver(data);
    this.ctx.log({
      event: 'leave',
      conn: this.connId,
      id: participant.id,
      why,
      ...(closeCode !== undefined ? { closeCode } : {}),
      remaining: remaining.length,
    });
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
  #closeWith(code: ErrorCode, message: string, wsCode: number, wsReason: string): void {
    if (this.#closing || this.#closed) return;
    this.#fail(new ProtocolError(code, message, code));
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
        ...(this.#participant ? { id: this.#participant.id } : {}),
        code: refusal.code,
        reason: refusal.reason,
        // `ref` echoes the client's `type`: log it only when it is one of ours (never client-chosen text).
        ...(refusal.ref !== undefined && KNOWN_TYPES.has(refusal.ref) ? { ref: refusal.ref } : {}),
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

  #sendRaw(data: string): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > this.ctx.maxBufferedBytes) {
      // The client stopped reading; queuing more would only grow the heap.
      this.ctx.log({ event: 'slow-consumer', conn: this.connId, remote: this.remote, buffered: this.socket.bufferedAmount });
      this.socket.terminate();
      return;
    }
    this.socket.send(data);
  }
}

/** A log-safe description of an unexpected error: its name and message, never a payload. */
function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 200);
  return typeof error;
}
