/**
 * Presence and sessions: join, resume, restore (after a restart, from a signed token), away (socket dropped, seat
 * kept), vanished (away and its SFU media stopped) and leave — over a {@link SessionStore}. Owns no socket: the
 * pipeline (`connection.ts`) hands it a {@link SessionClient} and keeps the {@link Session} it gets back.
 * Refusals are thrown as {@link ProtocolError}s for the pipeline to answer.
 *
 * @packageDocumentation
 */
import { PROTOCOL_VERSION, type ServerMessage, type IceServer, type Role } from '../protocol.js';
import { ProtocolError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { TurnSettings } from '../options.js';
import { toPeerInfo, type Participant } from '../rooms.js';
import { RESUME_TOKEN_MAX_AGE_MS, type ResumeClaims, type ResumeTokens } from '../resume-token.js';
import { Seat, type SeatOwner, type SeatSettings } from '../seats.js';
import type { SfuService } from '../sfu/service.js';
import { grantRecording } from '../sfu/recording.js';
import { mintTurnCredentials } from '../turn.js';
import { RedisStore } from './redis-store.js';
import type { SessionStore } from './store.js';

/** The socket side of a session, as the session logic sees it. */
export interface SessionClient extends SeatOwner {
  /** Random id of the socket, for logs. */
  readonly connId: string;
  /** Sends one message to this socket now (outside the seat's numbering: `joined`, `resumed`). */
  send(message: ServerMessage): void;
}

/** A joined participant as held by its socket: the participant and, when resumption is on, its seat. */
export interface Session {
  readonly participant: Participant;
  readonly seat: Seat | undefined;
}

/** Why a participant left its room (logged). */
export type LeaveReason = 'leave' | 'close' | 'kicked' | 'expired' | 'overflow' | 'resume-gap' | 'vanished';

/** What the session logic needs from its server. */
export interface SessionsContext {
  store: SessionStore;
  maxParticipantsPerRoom: number;
  /** Static ICE servers. */
  iceServers: IceServer[];
  /** TURN REST settings, when configured. */
  turn: TurnSettings | undefined;
  /** Resumption settings; `graceMs: 0` disables resumption. */
  resume: SeatSettings;
  /** Issues and verifies the signed resume tokens. */
  resumeTokens: ResumeTokens;
  log: Logger;
  /** The Janus driver, when `janusUrl` is set. */
  sfu?: SfuService | undefined;
  /** Called for each TURN REST credential minted (the metrics count them). */
  onTurnMinted?: () => void;
  /** Whether a moderator locked `room` (`joined.locked`). */
  locked?: (room: string) => boolean;
  /** Called after a participant left its room, with how many remain there. */
  onLeft?: (participant: Participant, remaining: number) => void;
}

/** How long an away participant's SFU media may stay stopped before it counts as vanished, in ms. */
const VANISHED_MS = 3000;

/** The seat lifecycle of every participant of one server. */
export class Sessions {
  constructor(private readonly ctx: SessionsContext) {
    if (ctx.store instanceof RedisStore) ctx.store.onMovedAway = (seat, participant, lastSeq) => this.#movedAway(seat, participant, lastSeq);
  }

  /** The store the sessions live in (read by the relay and the health endpoint). */
  get store(): SessionStore {
    return this.ctx.store;
  }

  /** Whether seats are kept for resumption (`resumeGraceMs > 0`). */
  get resumable(): boolean {
    return this.ctx.resume.graceMs > 0;
  }

  /**
   * `join`: adds a participant with a fresh id, tells the others `peer-joined` and answers `joined`.
   * @throws {ProtocolError} `room-full` / `server-full`; `server-unavailable` while the shared store is unreachable
   */
  async enter(client: SessionClient, room: string, name: string, role: Role, sub: string | undefined, record = false): Promise<Session> {
    const { store } = this.ctx;
    const resumable = this.resumable;
    let seat: Seat | undefined;
    // With resumption, everything for this participant goes through its seat (numbered, kept for replay).
    const deliver = resumable ? (data: string) => seat?.deliver(data) : (data: string) => client.sendRaw(data);
    const result = await store.join(room, name, role, deliver);
    if (!result.ok) {
      if (result.reason === 'server-unavailable') throw ProtocolError.serverUnavailable('join');
      throw result.reason === 'server-full' ? ProtocolError.serverFull() : ProtocolError.roomFull(this.ctx.maxParticipantsPerRoom);
    }
    const { participant, others } = result;
    if (record) grantRecording(participant);
    if (resumable) {
      const token = this.ctx.resumeTokens.issue(participant);
      seat = new Seat(participant, client, this.ctx.resume, (s) => this.#dropSeat(s, 'overflow'), token);
      store.putSeat(seat);
    }
    const announcement = JSON.stringify({ type: 'peer-joined', peer: toPeerInfo(participant) } satisfies ServerMessage);
    for (const other of store.local(room, participant.id)) other.deliver(announcement);
    client.send({
      type: 'joined',
      protocol: PROTOCOL_VERSION,
      id: participant.id,
      room,
      role,
      peers: others.map(toPeerInfo),
      ...this.iceServers(participant.id),
      ...(seat ? { resumeToken: seat.token, resumeGraceMs: this.ctx.resume.graceMs } : {}),
      ...(this.ctx.locked?.(room) ? { locked: true as const } : {}),
    });
    store.activate(participant.id);
    this.ctx.log({
      event: 'join',
      conn: client.connId,
      id: participant.id,
      role,
      ...(sub !== undefined ? { sub: sub.slice(0, 64) } : {}),
      roomLength: room.length,
      nameLength: name.length,
      peers: others.length,
    });
    return { participant, seat };
  }

  /** Static ICE servers plus, with TURN REST, one entry with credentials minted now for `user`. */
  iceServers(user: string): { iceServers?: IceServer[]; iceServersTtlMs?: number } {
    const { turn, iceServers } = this.ctx;
    if (turn) {
      const minted = mintTurnCredentials({ secret: turn.secret, urls: turn.urls, user, ttlSeconds: turn.ttlSeconds });
      this.ctx.onTurnMinted?.();
      return { iceServers: [...iceServers, minted.iceServer], iceServersTtlMs: minted.ttlMs };
    }
    return iceServers.length > 0 ? { iceServers } : {};
  }

  /** Removes a participant (and its seat) from its room and tells the others `peer-left`. */
  leave(participant: Participant, why: LeaveReason, conn: string | undefined, closeCode?: number): void {
    const { store } = this.ctx;
    const seat = store.seat(participant.id);
    if (seat) {
      seat.dispose();
      store.deleteSeat(participant.id);
    }
    this.ctx.sfu?.leave(participant);
    const remaining = store.leave(participant);
    const data = JSON.stringify({ type: 'peer-left', id: participant.id } satisfies ServerMessage);
    for (const other of remaining) other.deliver(data);
    this.ctx.onLeft?.(participant, remaining.length);
    this.ctx.log({
      event: 'leave',
      ...(conn !== undefined ? { conn } : {}),
      id: participant.id,
      why,
      ...(closeCode !== undefined ? { closeCode } : {}),
      remaining: remaining.length,
    });
  }

  /** The socket of `session` dropped without `leave`: keep the seat for the grace period and tell the others `peer-away`. */
  away(session: Session, client: SessionClient, closeCode: number): void {
    const { seat, participant } = session;
    if (!seat || seat.owner !== client) return;
    const graceMs = seat.detach();
    seat.timer = setTimeout(() => this.#dropSeat(seat, 'expired'), graceMs);
    seat.timer.unref();
    const data = JSON.stringify({ type: 'peer-away', id: participant.id } satisfies ServerMessage);
    this.ctx.store.away(participant);
    for (const other of this.ctx.store.local(participant.room, participant.id)) other.deliver(data);
    this.ctx.log({ event: 'away', conn: client.connId, id: participant.id, closeCode, graceMs });
    this.checkVanished(participant.id);
  }

  /**
   * `resume`: binds a kept seat to `client`, answers `resumed`, replays what the client missed and tells the others
   * `peer-back`; a seat this process does not have is restored from the token when possible.
   * With Redis, a seat held by another node (or by a dead one) is taken over: see {@link #takeOver}.
   * @throws {ProtocolError} `resume-failed` (with the reason) when the client must join again; `server-unavailable`
   *   when the seat is elsewhere and Redis is unreachable
   */
  resume(client: SessionClient, id: string, token: string, lastSeq: number): Session | Promise<Session> {
    if (!this.resumable) {
      throw ProtocolError.resumeFailed('this server does not keep seats (resumption is off); join again', 'resume-off');
    }
    const seat = this.ctx.store.seat(id);
    if ((!seat || seat.gone) && this.ctx.store instanceof RedisStore) return this.#takeOver(this.ctx.store, client, id, token, lastSeq);
    if (!seat || seat.gone) return this.#restore(client, id, token);
    if (!seat.tokenMatches(token)) throw ProtocolError.resumeFailed('bad resume token; join again', 'resume-token');
    const replay = seat.replayAfter(lastSeq);
    if (replay === 'ahead') {
      throw ProtocolError.resumeFailed(`lastSeq is beyond the last seq sent (${seat.seq})`, 'resume-ahead');
    }
    if (replay === 'gap') {
      // The client cannot catch up without losing messages: the seat is useless to it.
      if (seat.away) this.#dropSeat(seat, 'resume-gap');
      throw ProtocolError.resumeFailed('messages missed since lastSeq are no longer available; join again', 'resume-gap');
    }
    const wasAway = seat.away;
    seat.owner?.takenOver();
    seat.attach(client);
    const participant = seat.participant;
    const others = this.ctx.store.others(participant.room, participant.id);
    if (wasAway) this.ctx.store.back(participant);
    client.send({
      type: 'resumed',
      protocol: PROTOCOL_VERSION,
      id: participant.id,
      room: participant.room,
      role: participant.role,
      peers: others.map(toPeerInfo),
      lastSeq: seat.lastClientSeq,
      ...this.iceServers(participant.id),
    });
    for (const data of replay) client.sendRaw(data);
    if (wasAway) {
      const back = JSON.stringify({ type: 'peer-back', id: participant.id } satisfies ServerMessage);
      for (const other of this.ctx.store.local(participant.room, participant.id)) other.deliver(back);
    }
    this.ctx.log({ event: 'resume', conn: client.connId, id: participant.id, replayed: replay.length, wasAway });
    return { participant, seat };
  }

  /**
   * `resume` of a seat this process does not have: with `resumeSecret`, re-create it from the signed token (same id,
   * name, role, room; the token stays valid), answer `resumed` with `restored: true` and tell the others `peer-joined`.
   * Tokens issued by this process, and ids already restored here, are never restored (their seat ended here).
   */
  async #restore(client: SessionClient, id: string, token: string): Promise<Session> {
    const unknown = (): ProtocolError =>
      ProtocolError.resumeFailed('unknown or expired seat (grace period over, or the server restarted); join again', 'resume-unknown');
    const { resumeTokens: tokens, store } = this.ctx;
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
    if (claims.sid === tokens.sid || store.wasRestored(id)) throw unknown();
    if (store.find(claims.room, id)) throw unknown();
    let seat: Seat | undefined;
    const result = await store.join(claims.room, claims.name, claims.role, (data) => seat?.deliver(data), id);
    if (!result.ok) {
      throw result.reason === 'server-full'
        ? ProtocolError.resumeFailed('server has reached its room limit; join again later', 'server-full')
        : ProtocolError.resumeFailed(`room is full (${this.ctx.maxParticipantsPerRoom} participants); join again later`, 'room-full');
    }
    const { participant, others } = result;
    seat = new Seat(participant, client, this.ctx.resume, (s) => this.#dropSeat(s, 'overflow'), token);
    store.putSeat(seat);
    store.markRestored(id, claims.iat * 1000 + RESUME_TOKEN_MAX_AGE_MS);
    client.send({
      type: 'resumed',
      protocol: PROTOCOL_VERSION,
      id,
      room: participant.room,
      role: participant.role,
      peers: others.map(toPeerInfo),
      lastSeq: 0,
      restored: true,
      ...this.iceServers(id),
    });
    store.activate(id);
    const announcement = JSON.stringify({ type: 'peer-joined', peer: toPeerInfo(participant) } satisfies ServerMessage);
    for (const other of store.local(participant.room, id)) other.deliver(announcement);
    this.ctx.log({ event: 'restore', conn: client.connId, id, role: participant.role, peers: others.length });
    return { participant, seat };
  }

  /**
   * `resume` of a seat another node holds, or held (it died, or it is draining): with a valid token (signed with
   * the secret every node shares), this node takes the seat over atomically, continues numbering at the client's
   * `lastSeq`, answers `resumed` (not `restored`: nobody sees a leave or a join) with the room-wide peers and the
   * seat's `lastClientSeq` from Redis, then delivers what waited in the seat's pending list.
   */
  async #takeOver(store: RedisStore, client: SessionClient, id: string, token: string, lastSeq: number): Promise<Session> {
    const verified = this.ctx.resumeTokens.verify(token);
    if (!verified.ok || verified.claims.id !== id) throw ProtocolError.resumeFailed('bad resume token; join again', verified.ok ? 'resume-token' : verified.reason);
    let seat: Seat | undefined;
    const result = await store.takeOver(id, verified.claims.room, token, lastSeq, (data) => seat?.deliver(data));
    if (!result.ok) {
      if (result.reason === 'server-unavailable') throw ProtocolError.serverUnavailable('resume');
      if (result.reason === 'token') throw ProtocolError.resumeFailed('bad resume token; join again', 'resume-token');
      throw ProtocolError.resumeFailed('unknown or expired seat (grace period over); join again', 'resume-unknown');
    }
    const { participant, others } = result;
    seat = new Seat(participant, client, this.ctx.resume, (s) => this.#dropSeat(s, 'overflow'), token, lastSeq);
    seat.lastClientSeq = result.lastClientSeq;
    store.putSeat(seat);
    client.send({
      type: 'resumed',
      protocol: PROTOCOL_VERSION,
      id,
      room: participant.room,
      role: participant.role,
      peers: others.map(toPeerInfo),
      lastSeq: result.lastClientSeq,
      ...this.iceServers(id),
    });
    for (const data of result.pending) seat.deliver(data);
    store.activate(id);
    // This node has none of the seat's SFU state (its Janus handles were the old node's, gone with it): an SFU
    // client publishes and subscribes again, as when the media server comes back (a mesh client ignores it).
    if (this.ctx.sfu) seat.deliver(JSON.stringify({ type: 'sfu-state', state: 'available', message: 'resumed on another signaling server' } satisfies ServerMessage));
    if (result.wasAway) {
      const back = JSON.stringify({ type: 'peer-back', id } satisfies ServerMessage);
      for (const other of store.local(participant.room, id)) other.deliver(back);
    }
    this.ctx.log({ event: 'resume-takeover', conn: client.connId, id, pending: result.pending.length, wasAway: result.wasAway });
    return { participant, seat };
  }

  /** Another node took over a seat of this node: let go of it silently (its socket, if any, is closed with 4000). */
  #movedAway(seat: Seat | undefined, participant: Participant, lastSeq: number): void {
    seat?.owner?.takenOver();
    this.ctx.sfu?.leave(participant, true);
    this.ctx.log({ event: 'moved-away', id: participant.id, lastSeq });
  }

  /**
   * Drain, step one: stop delivering to the participant's seat on this node (with Redis, what is sent to it from
   * now on waits in its pending list for the node it resumes on). Resolves once effective.
   */
  async release(participant: Participant): Promise<void> {
    if (this.ctx.store instanceof RedisStore) await this.ctx.store.release(participant.id);
  }

  /**
   * Drain, step two (its socket closed with 1012): with Redis, forget the participant here only — its seat stays
   * for another node to take over, so nobody sees it leave. Without Redis it leaves (the node is going away).
   */
  forget(participant: Participant, conn: string, closeCode: number): void {
    const { store } = this.ctx;
    if (!(store instanceof RedisStore)) return this.leave(participant, 'close', conn, closeCode);
    this.ctx.sfu?.leave(participant, true);
    store.forget(participant);
    this.ctx.log({ event: 'drained', conn, id: participant.id });
  }

  /**
   * An away participant (socket dropped) whose SFU media has stopped too is gone — tab killed, network dead — so its
   * seat is dropped after {@link VANISHED_MS} instead of the whole grace period: the SFU counterpart of the mesh
   * clients' own check (`peer-away` plus ICE state). Called when a participant goes away and whenever the SFU says
   * its media started or stopped flowing (Janus `media` events).
   */
  checkVanished(id: string): void {
    const { sfu } = this.ctx;
    const seat = this.ctx.store.seat(id);
    if (!seat || seat.gone || !seat.away || sfu?.mediaFlowing(seat.participant) !== false) {
      clearTimeout(seat?.vanishTimer);
      if (seat) seat.vanishTimer = undefined;
      return;
    }
    seat.vanishTimer ??= setTimeout(() => {
      seat.vanishTimer = undefined;
      if (seat.away && sfu.mediaFlowing(seat.participant) === false) this.#dropSeat(seat, 'vanished');
    }, VANISHED_MS);
    seat.vanishTimer.unref();
  }

  /** Ends a kept seat: grace period over, replay buffer overflow, a resume that cannot catch up, or vanished. */
  #dropSeat(seat: Seat, why: 'expired' | 'overflow' | 'resume-gap' | 'vanished'): void {
    if (seat.gone) return;
    this.leave(seat.participant, why, undefined);
  }
}
