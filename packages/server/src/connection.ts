/**
 * One signaling connection: rate-limits and decodes frames, validates them, checks room tokens,
 * and applies join / signal / broadcast / ice-servers / leave against the {@link RoomRegistry}.
 * Owns the connection's join and idle timers. Never throws to its caller.
 *
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
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
import type { SendBudget } from './limits/send-budget.js';
import { TokenBucket, type RateLimit } from './ratelimit.js';
import { toPeerInfo, type Participant, type RoomRegistry } from './rooms.js';
import { payloadPublishesMedia } from './sdp.js';
import { RESUME_TOKEN_MAX_AGE_MS, type ResumeClaims, type ResumeTokens } from './resume-token.js';
import { Seat, type SeatOwner, type SeatSettings } from './seats.js';
import { mintTurnCredentials } from './turn.js';
import type { SfuService } from './sfu/service.js';
import { grantRecording } from './sfu/recording.js';

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
  /** Sends to sockets within the per-socket and server-wide send queue budgets (slow readers are closed). */
  sendBudget: SendBudget;
  /** Resumption settings; `graceMs: 0` disables resumption. */
  resume: SeatSettings;
  /** Seats by participant id (only when resumption is on), shared by all connections of the server. */
  seats: Map<string, Seat>;
  /** Issues and verifies the signed resume tokens. */
  resumeTokens: ResumeTokens;
  /**
   * Ids restored from a token in this process, with the time the entry may be forgotten (the token's expiry): a
   * restored seat that later left or expired here must not be restored again from the same token.
   */
  restoredIds: Map<string, number>;
  /** True once the server is shutting down: dropped sockets then leave at once (no grace). */
  shuttingDown: () => boolean;
  log: Logger;
  /** The Janus driver, when `janusUrl` is set. */
  sfu?: SfuService | undefined;
}

/** Frames accepted (within the rate limit) while a `join` awaits its token check; more get `rate-limited`. */
export const MAX_QUEUED_WHILE_JOINING = 64;
/** After the server starts a close handshake, the socket is terminated if the client has not finished it by then. */
const CLOSE_GRACE_MS = 2000;

const KNOWN_TYPES = new Set(['join', 'signal', 'broadcast', 'ice-servers', 'resume', 'leave', 'ping', 'sfu']);

type Frame = [data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean];

/** Binds a WebSocket to the room logic. Create one per accepted socket, then call {@link Connection.start}. */
export class Connection implements SeatOwner {
  /** Random id of the socket, used only in logs (not the participant id). */
  readonly connId = randomUUID();
  #participant: Participant | undefined;
  /** The participant's seat, when resumption is on. */
  #seat: Seat | undefined;
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
      if (this.#seat && !this.ctx.shuttingDown()) this.#goAway(code);
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
        return this.#sequenced(message.seq, () => this.#signal(message.to, message.payload));
      case 'broadcast':
        return this.#sequenced(message.seq, () => this.#broadcast(message.payload));
      case 'resume':
        return this.#resume(message.id, message.resumeToken, message.lastSeq);
      case 'ice-servers':
        if (!this.#participant) throw ProtocolError.notJoined('ice-servers');
        return this.#send({ type: 'ice-servers', iceServers: [], ...this.#iceServers(this.#participant.id) });
      case 'sfu':
        if (!this.#participant) throw ProtocolError.notJoined('sfu');
        if (!this.ctx.sfu) {
          if ('req' in message) {
            const error = { code: 'sfu-off' as const, message: 'this server has no media server (start it with --janus-url)' };
            this.#participant.deliver(JSON.stringify({ type: 'sfu-reply', req: message.req, error } satisfies ServerMessage));
          } else if (message.op === 'hello' && message.topology === 'auto') {
            // Without a media server an `auto` room is always mesh: say so at once, so the client starts.
            this.#participant.deliver(JSON.stringify({ type: 'topology', topology: 'mesh' } satisfies ServerMessage));
          }
          return;
        }
        return this.ctx.sfu.handle(this.#participant, message);
      case 'ping':
        // Joined or not; does not count as activity for the join timer (a socket must still join in time).
        return this.#send(message.id === undefined ? { type: 'pong' } : { type: 'pong', id: message.id });
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
          this.#enter(room, result.claims.name ?? name, result.claims.role, result.claims.sub, result.claims.record === true);
        } catch (error) {
          this.#fail(error);
        }
      },
      (error: unknown) => this.#fail(error),
    );
  }

  #enter(room: string, name: string, role: Role, sub: string | undefined, record = false): void {
    const resumable = this.ctx.resume.graceMs > 0;
    let seat: Seat | undefined;
    // With resumption, everything for this participant goes through its seat (numbered, kept for replay).
    const deliver = resumable ? (data: string) => seat?.deliver(data) : (data: string) => this.#sendRaw(data);
    const result = this.ctx.registry.join(room, name, role, deliver);
    if (!result.ok) {
      throw result.reason === 'server-full' ? ProtocolError.serverFull() : ProtocolError.roomFull(this.ctx.maxParticipantsPerRoom);
    }
    clearTimeout(this.#joinTimer);
    const { participant, others } = result;
    this.#participant = participant;
    if (record) grantRecording(participant);
    if (resumable) {
      const token = this.ctx.resumeTokens.issue(participant);
      seat = new Seat(participant, this, this.ctx.resume, (s) => dropSeat(this.ctx, s, 'overflow'), token);
      this.ctx.seats.set(participant.id, seat);
      this.#seat = seat;
    }
    const announcement = JSON.stringify({ type: 'peer-joined', peer: toPeerInfo(participant) } satisfies ServerMessage);
    for (const other of others) other.deliver(announcement);
    this.#send({
      type: 'joined',
      id: participant.id,
      room,
      role,
      peers: others.map(toPeerInfo),
      ...this.#iceServers(participant.id),
      ...(seat ? { resumeToken: seat.token, resumeGraceMs: this.ctx.resume.graceMs } : {}),
    });
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
    this.#seat = undefined;
    removeParticipant(this.ctx, participant, why, this.connId, closeCode);
  }

  /**
   * Runs a `signal`/`broadcast` carrying an optional client `seq`: one at or below the highest already processed
   * is a resend after a reconnection and is ignored. Refused ones count as processed (a resend would be refused too).
   */
  #sequenced(seq: number | undefined, relay: () => void): void {
    const seat = this.#seat;
    if (seq === undefined || !seat) return relay();
    if (seq <= seat.lastClientSeq) return;
    try {
      relay();
    } finally {
      if (this.#seat === seat && seq > seat.lastClientSeq) seat.lastClientSeq = seq;
    }
  }

  /** The socket dropped without `leave`: keep the seat for the grace period and tell the others `peer-away`. */
  #goAway(closeCode: number): void {
    const seat = this.#seat;
    const participant = this.#participant;
    this.#seat = undefined;
    this.#participant = undefined;
    if (!seat || !participant || seat.owner !== this) return;
    const graceMs = seat.detach();
    seat.timer = setTimeout(() => dropSeat(this.ctx, seat, 'expired'), graceMs);
    seat.timer.unref();
    const data = JSON.stringify({ type: 'peer-away', id: participant.id } satisfies ServerMessage);
    const others = this.ctx.registry.others(participant.room, participant.id);
    for (const other of others) other.deliver(data);
    this.ctx.log({ event: 'away', conn: this.connId, id: participant.id, closeCode, graceMs });
    checkVanished(this.ctx, participant.id);
  }

  /** `resume`: binds a kept seat to this socket, replays what the client missed, and tells the others `peer-back`. */
  #resume(id: string, token: string, lastSeq: number): void {
    if (this.#participant) throw ProtocolError.alreadyJoined('resume');
    if (this.#frames > 1) throw ProtocolError.resumeFailed('resume must be the first message on a socket', 'resume-not-first');
    if (this.ctx.resume.graceMs <= 0) {
      throw ProtocolError.resumeFailed('this server does not keep seats (resumption is off); join again', 'resume-off');
    }
    const seat = this.ctx.seats.get(id);
    if (!seat || seat.gone) return this.#restore(id, token);
    if (!seat.tokenMatches(token)) throw ProtocolError.resumeFailed('bad resume token; join again', 'resume-token');
    const replay = seat.replayAfter(lastSeq);
    if (replay === 'ahead') {
      throw ProtocolError.resumeFailed(`lastSeq is beyond the last seq sent (${seat.seq})`, 'resume-ahead');
    }
    if (replay === 'gap') {
      // The client cannot catch up without losing messages: the seat is useless to it.
      if (seat.away) dropSeat(this.ctx, seat, 'resume-gap');
      throw ProtocolError.resumeFailed('messages missed since lastSeq are no longer available; join again', 'resume-gap');
    }
    const wasAway = seat.away;
    seat.owner?.takenOver();
    seat.attach(this);
    const participant = seat.participant;
    this.#seat = seat;
    this.#participant = participant;
    clearTimeout(this.#joinTimer);
    const others = this.ctx.registry.others(participant.room, participant.id);
    this.#send({
      type: 'resumed',
      id: participant.id,
      room: participant.room,
      role: participant.role,
      peers: others.map(toPeerInfo),
      lastSeq: seat.lastClientSeq,
      ...this.#iceServers(participant.id),
    });
    for (const data of replay) this.#sendRaw(data);
    if (wasAway) {
      const back = JSON.stringify({ type: 'peer-back', id: participant.id } satisfies ServerMessage);
      for (const other of others) other.deliver(back);
    }
    this.ctx.log({ event: 'resume', conn: this.connId, id: participant.id, replayed: replay.length, wasAway });
  }

  /**
   * `resume` of a seat this process does not have: with `resumeSecret`, re-create it from the signed token (same id,
   * name, role, room; the token stays valid), answer `resumed` with `restored: true` and tell the others `peer-joined`.
   * Tokens issued by this process, and ids already restored here, are never restored (their seat ended here).
   */
  #restore(id: string, token: string): void {
    const unknown = (): ProtocolError =>
      ProtocolError.resumeFailed('unknown or expired seat (grace period over, or the server restarted); join again', 'resume-unknown');
    const tokens = this.ctx.resumeTokens;
    if (!tokens.restorable) throw unknown();
    const verified = tokens.verify(token);
    if (!verified.ok) {
      throw ProtocolError.resumeFailed(
        verified.reason === 'resume-token-expired' ? 'resume token too old to restore the seat; join again' : 'bad resume token; join again',
        verified.reason,
      );
    }
    const claims: ResumeClaims = verified.claims;
    if (claims.id !== id) throw ProtocolError.resumeFailed('bad resume token; join again', 'resume-token');
    if (claims.sid === tokens.sid || this.ctx.restoredIds.has(id)) throw unknown();
    const { registry } = this.ctx;
    if (registry.find(claims.room, id)) throw unknown();
    let seat: Seat | undefined;
    const result = registry.join(claims.room, claims.name, claims.role, (data) => seat?.deliver(data), id);
    if (!result.ok) {
      throw result.reason === 'server-full'
        ? ProtocolError.resumeFailed('server has reached its room limit; join again later', 'server-full')
        : ProtocolError.resumeFailed(`room is full (${this.ctx.maxParticipantsPerRoom} participants); join again later`, 'room-full');
    }
    const { participant, others } = result;
    seat = new Seat(participant, this, this.ctx.resume, (s) => dropSeat(this.ctx, s, 'overflow'), token);
    this.ctx.seats.set(id, seat);
    this.ctx.restoredIds.set(id, claims.iat * 1000 + RESUME_TOKEN_MAX_AGE_MS);
    this.#seat = seat;
    this.#participant = participant;
    clearTimeout(this.#joinTimer);
    this.#send({
      type: 'resumed',
      id,
      room: participant.room,
      role: participant.role,
      peers: others.map(toPeerInfo),
      lastSeq: 0,
      restored: true,
      ...this.#iceServers(id),
    });
    const announcement = JSON.stringify({ type: 'peer-joined', peer: toPeerInfo(participant) } satisfies ServerMessage);
    for (const other of others) other.deliver(announcement);
    this.ctx.log({ event: 'restore', conn: this.connId, id, role: participant.role, peers: others.length });
  }

  /** Another socket resumed our seat: forget it (no grace, no `peer-away`) and close with 4000. */
  takenOver(): void {
    this.#seat = undefined;
    this.#participant = undefined;
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

  /** Writes one serialized message to the socket (used by this connection's seat). */
  sendRaw(data: string): void {
    this.#sendRaw(data);
  }

  #sendRaw(data: string): void {
    this.ctx.sendBudget.send(this.socket, data);
  }
}

/** Removes a participant (and its seat) from its room and tells the others `peer-left`. */
function removeParticipant(
  ctx: ConnectionContext,
  participant: Participant,
  why: 'leave' | 'close' | 'kicked' | 'expired' | 'overflow' | 'resume-gap' | 'vanished',
  conn: string | undefined,
  closeCode?: number,
): void {
  const seat = ctx.seats.get(participant.id);
  if (seat) {
    seat.dispose();
    ctx.seats.delete(participant.id);
  }
  ctx.sfu?.leave(participant);
  const remaining = ctx.registry.leave(participant);
  const data = JSON.stringify({ type: 'peer-left', id: participant.id } satisfies ServerMessage);
  for (const other of remaining) other.deliver(data);
  ctx.log({
    event: 'leave',
    ...(conn !== undefined ? { conn } : {}),
    id: participant.id,
    why,
    ...(closeCode !== undefined ? { closeCode } : {}),
    remaining: remaining.length,
  });
}

/** How long an away participant's SFU media may stay stopped before it counts as vanished, in ms. */
const VANISHED_MS = 3000;

/**
 * An away participant (socket dropped) whose SFU media has stopped too is gone — tab killed, network dead — so its
 * seat is dropped after {@link VANISHED_MS} instead of the whole grace period: the SFU counterpart of the mesh
 * clients' own check (`peer-away` plus ICE state). Called when a participant goes away and whenever the SFU says
 * its media started or stopped flowing (Janus `media` events).
 */
export function checkVanished(ctx: ConnectionContext, id: string): void {
  const seat = ctx.seats.get(id);
  if (!seat || seat.gone || !seat.away || ctx.sfu?.mediaFlowing(seat.participant) !== false) {
    clearTimeout(seat?.vanishTimer);
    if (seat) seat.vanishTimer = undefined;
    return;
  }
  seat.vanishTimer ??= setTimeout(() => {
    seat.vanishTimer = undefined;
    if (seat.away && ctx.sfu?.mediaFlowing(seat.participant) === false) dropSeat(ctx, seat, 'vanished');
  }, VANISHED_MS);
  seat.vanishTimer.unref();
}

/** Ends a kept seat: grace period over, replay buffer overflow, a resume that cannot catch up, or vanished. */
function dropSeat(ctx: ConnectionContext, seat: Seat, why: 'expired' | 'overflow' | 'resume-gap' | 'vanished'): void {
  if (seat.gone) return;
  removeParticipant(ctx, seat.participant, why, undefined);
}

/** A log-safe description of an unexpected error: its name and message, never a payload. */
function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 200);
  return typeof error;
}
