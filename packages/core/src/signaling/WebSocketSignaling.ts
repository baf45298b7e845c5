import { RtcError, type RtcErrorCode } from '../errors/RtcError.js';
import { SignalingError } from '../errors/SignalingError.js';
import { backoffDelay, HINTED_RETRIES, hintedDelay, isReconnectHint, type ReconnectOptions } from './backoff.js';
import { parseServerMessage, toJoinResult } from './server-messages.js';
import type { ClientMessage, ServerMessage } from './protocol.js';
import { PROTOCOL_VERSION, rtcCodeOf } from './server-errors.js';
import type { SfuChannel, SfuEvent, SfuReply } from './sfu-protocol.js';
import { ModerationWire, REMOVED_CLOSE_CODE, type ModerationChannel, type ModerationEvent } from './moderation-protocol.js';
import type { IceServersResult, PeerInfo, SignalingAdapter, SignalingJoinRequest, SignalingJoinResult, SignalingPayload } from './SignalingAdapter.js';
import { PeerAdapterBase } from './AdapterBase.js';
import { AwayPeers } from './away-peers.js';

/** Options of {@link WebSocketSignaling}. */
export interface WebSocketSignalingOptions {
  /** How long `join()` waits for the server's `joined` reply, in ms. Default 10000. */
  joinTimeoutMs?: number;
  /**
   * Room token (a JWT minted by your backend, see docs/server.md) for servers started with `--auth-secret`,
   * or a function returning one — called at each join, so it can fetch a fresh token.
   */
  token?: string | (() => string | Promise<string>);
  /** Reconnection after the connection drops; `false` disables it. */
  reconnect?: ReconnectOptions | false;
}

/** Relayed messages kept for resending after a reconnection (beyond this, the oldest are dropped). */
const OUTBOX_LIMIT = 1000;

type Relayed = Extract<ClientMessage, { type: 'signal' | 'broadcast' }>;

/**
 * {@link SignalingAdapter} speaking rtc-room's JSON protocol (see `protocol.ts`) to `@rtc-room/server` over one
 * WebSocket (RFC 6455).
 *
 * When the connection drops it reconnects with exponential backoff and jitter and **resumes** the same seat:
 * same participant id, no leave/join seen by the others. Messages sent meanwhile are queued and delivered after
 * the reconnection, in order; messages the server relayed meanwhile are replayed; sequence numbers make sure
 * nothing is lost or delivered twice. When the server no longer has the seat (it restarted without
 * `--resume-secret`, or the grace period is over) it **joins again by itself** on the same socket, with a new id,
 * and reports it through `rejoined` (see {@link SignalingHandlers.rejoined}). A close with 1001 (Going Away) or
 * 1012 (Service Restart: a node draining on SIGTERM) is a hint to reconnect now: the first `resume` goes out within
 * 250 ms, without backoff, and behind a load balancer another node (sharing rooms through Redis) takes the seat.
 *
 * @example
 * ```ts
 * const room = new Room({ room: 'standup', signaling: new WebSocketSignaling('wss://example.com/ws') });
 * ```
 */
export class WebSocketSignaling extends PeerAdapterBase implements SignalingAdapter {
  private socket: WebSocket | undefined;
  private readonly joinTimeoutMs: number;
  private readonly token: WebSocketSignalingOptions['token'];
  private readonly reconnect: ReconnectOptions | false;
  private iceWaiters: Array<{ resolve(r: IceServersResult): void; reject(e: RtcError): void }> = [];
  /** What `join()` asked for: a lost seat is joined again with it. */
  private request: SignalingJoinRequest | undefined;
  /** The seat, once joined: what a resume needs. */
  private session: { id: string; resumeToken: string | undefined } | undefined;
  private readonly peers = new Map<string, PeerInfo>();
  private lastReceivedSeq = 0;
  private nextSeq = 1;
  private outbox: Array<{ seq: number; message: Relayed }> = [];
  /** Highest `seq` written while connected (a restored session resends only what came after). */
  private sentWhileConnected = 0;
  /** Peers missing after a restore, removed if not back within the grace period. */
  private readonly away = new AwayPeers({
    away: (id, away) => this.handlers?.peerAway?.(id, away),
    expired: (id) => void (this.peers.delete(id) && this.handlers?.peerLeft(id)),
  });
  private graceMs = 15_000;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  /** Attempts still to be made at once, without backoff, since the server's close asked for it (1001, 1012). */
  private hinted = 0;
  private disconnectedSince = 0;
  /** SFU channel: event listeners and requests awaiting their `sfu-reply`. */
  private readonly sfuListeners = new Set<(event: SfuEvent) => void>();
  private readonly sfuPending = new Map<number, { resolve(r: SfuReply): void; reject(e: RtcError): void }>();
  private sfuReq = 1;
  private readonly mod = new ModerationWire((m) => this.write(m), () => this.state === 'connected');

  /**
   * @param url The server's signaling endpoint, e.g. `ws://localhost:8080/ws`.
   * @throws {RtcError} `invalid-argument` if `url` is not a `ws:` or `wss:` URL.
   */
  constructor(readonly url: string, options: WebSocketSignalingOptions = {}) {
    super();
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw RtcError.invalidArgument(`Not a URL: "${url}".`);
    }
    if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') throw RtcError.invalidArgument(`Signaling URL must start with ws: or wss:, got "${url}".`);
    this.joinTimeoutMs = options.joinTimeoutMs ?? 10_000;
    this.token = options.token;
    this.reconnect = options.reconnect ?? {};
  }

  async join(request: SignalingJoinRequest): Promise<SignalingJoinResult> {
    if (this.socket || this.session) throw RtcError.invalidState('Already joined or joining a room.');
    this.request = { room: request.room, name: request.name };
    let token: string | undefined;
    try {
      token = typeof this.token === 'function' ? await this.token() : this.token;
    } catch (error) {
      throw new SignalingError('unauthorized', 'Could not obtain a room token.', error);
    }
    this.setState('connecting');
    return new Promise<SignalingJoinResult>((resolve, reject) => {
      let settled = false;
      const fail = (error: RtcError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.close();
        reject(error);
      };
      const timer = setTimeout(
        () => fail(SignalingError.failed(`No answer from ${this.url} within ${this.joinTimeoutMs} ms.`)),
        this.joinTimeoutMs,
      );
      // A draining node behind a load balancer (1012, `server-unavailable`): another takes it within joinTimeoutMs.
      let [hinted, refused] = [0, false];
      const attempt = (): void => this.open(
        { type: 'join', room: request.room, name: request.name, ...(token ? { token } : {}), protocol: PROTOCOL_VERSION },
        (message) => {
          if (message.type === 'joined') {
            settled = true;
            clearTimeout(timer);
            this.session = { id: message.id, resumeToken: message.resumeToken };
            if (message.resumeGraceMs !== undefined) this.graceMs = message.resumeGraceMs;
            for (const p of message.peers) this.peers.set(p.id, p);
            this.setState('connected');
            resolve(toJoinResult(message));
          } else if (message.type === 'error') {
            if (message.code === 'server-unavailable' && hinted < HINTED_RETRIES) {
              refused = true;
              this.socket?.close(1000);
              return;
            }
            fail(new SignalingError(rtcCodeOf(message.code), message.message));
          }
        },
        (event) => {
          if ((refused || isReconnectHint(event.code)) && hinted++ < HINTED_RETRIES) {
            refused = false;
            this.reconnectTimer = setTimeout(attempt, hintedDelay());
            return;
          }
          fail(SignalingError.failed(`Connection to ${this.url} closed before joining (code ${event.code}).`));
        },
      );
      attempt();
    });
  }

  protected sendPeer(to: string | null, payload: SignalingPayload): void {
    this.relay(to === null ? { type: 'broadcast', payload } : { type: 'signal', to, payload });
  }

  /**
   * Asks the server for fresh ICE servers (new short-lived TURN credentials).
   * @throws {RtcError} `signaling-failed` when not connected or the connection drops first.
   */
  refreshIceServers(): Promise<IceServersResult> {
    if (this.state !== 'connected') return Promise.reject(SignalingError.failed('Not connected to the signaling server.'));
    return new Promise<IceServersResult>((resolve, reject) => {
      this.iceWaiters.push({ resolve, reject });
      this.write({ type: 'ice-servers' });
    });
  }

  async leave(): Promise<void> {
    if (!this.socket && !this.session && this.state !== 'connecting') return;
    if (this.state === 'connected') this.write({ type: 'leave' });
    this.close();
  }

  /**
   * The SFU channel (see `sfu-protocol.ts`): requests with replies, notifications, and pushed events.
   * @example `const channel = signaling.sfu((event) => console.log(event.type));`
   */
  sfu(listener: (event: SfuEvent) => void): SfuChannel {
    this.sfuListeners.add(listener);
    return {
      request: (request) => {
        if (this.state !== 'connected') return Promise.reject(SignalingError.failed('Not connected to the signaling server.'));
        const req = this.sfuReq++;
        return new Promise<SfuReply>((resolve, reject) => {
          this.sfuPending.set(req, { resolve, reject });
          this.write({ type: 'sfu', req, ...request });
        });
      },
      notify: (notice) => this.write({ type: 'sfu', ...notice }),
      close: () => void this.sfuListeners.delete(listener),
    };
  }

  /** The moderation channel (`moderation-protocol.ts`): `moderate` requests, and what moderators did. */
  moderation(listener: (event: ModerationEvent) => void): ModerationChannel {
    return this.mod.open(listener);
  }

  // ---- connection ------------------------------------------------------------------------------------------

  /**
   * Opens a socket, sends `first` on open, hands messages to `onMessage` until it returns (joined/resumed),
   * then to {@link dispatch}.
   */
  private open(first: ClientMessage, onFirstReply: (m: ServerMessage) => void, onEarlyClose: (e: CloseEvent) => void): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    let established = false;
    socket.onopen = () => this.write(first);
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (!established) onEarlyClose(event);
      else this.onDropped(event);
    };
    socket.onmessage = (event) => {
      let message = this.parse(event.data);
      if (!message) return;
      if ('protocol' in message && message.protocol !== PROTOCOL_VERSION) {
        // `joined`/`resumed` of a server of another major: refused like a server refusing us (`protocol-mismatch`).
        message = {
          type: 'error',
          code: 'protocol-mismatch',
          message: `client protocol ${PROTOCOL_VERSION}, server ${message.protocol}`,
        };
      }
      if (!established) {
        onFirstReply(message);
        established = message.type === 'joined' || message.type === 'resumed';
        return;
      }
      this.dispatch(message);
    };
  }

  /** The connection dropped while joined: reconnect and resume, or give up. */
  private onDropped(event: CloseEvent): void {
    this.rejectIceWaiters();
    if (!this.session || event.code === REMOVED_CLOSE_CODE) return this.close(); // removed: never resume
    if (this.reconnect === false || !this.session.resumeToken) {
      this.close();
      this.handlers?.error(SignalingError.failed(`Signaling connection lost (code ${event.code}).`));
      return;
    }
    if (this.state !== 'reconnecting') {
      this.disconnectedSince = Date.now();
      this.attempt = 0;
      this.setState('reconnecting');
    }
    // The node is going away on purpose (drain, restart): another one (or it, restarted) is worth trying now. The
    // first attempts may still meet the node on its way out; they are made at once too.
    if (isReconnectHint(event.code)) this.hinted = HINTED_RETRIES;
    this.scheduleReconnect();
  }

  /** The next `resume` attempt: at once after a reconnect hint, else after the backoff delay. */
  private scheduleReconnect(): void {
    const options = this.reconnect || {};
    if (Date.now() - this.disconnectedSince > (options.giveUpAfterMs ?? 60_000)) {
      this.close();
      this.handlers?.error(SignalingError.failed(`Could not reconnect to ${this.url}; giving up.`));
      return;
    }
    clearTimeout(this.reconnectTimer);
    let delay: number;
    if (this.hinted > 0) {
      this.hinted--;
      delay = hintedDelay();
    } else delay = backoffDelay(this.attempt++, options);
    this.reconnectTimer = setTimeout(() => this.tryResume(), delay);
  }

  private tryResume(): void {
    const session = this.session;
    if (!session?.resumeToken) return;
    let rejoining = false;
    const giveUp = (code: RtcErrorCode, message: string): void => {
      this.close();
      this.handlers?.error(new SignalingError(code, message));
    };
    this.open(
      { type: 'resume', id: session.id, resumeToken: session.resumeToken, lastSeq: this.lastReceivedSeq, protocol: PROTOCOL_VERSION },
      (message) => {
        if (message.type === 'resumed') this.onResumed(message);
        else if (message.type === 'joined') this.onRejoined(message);
        else if (message.type === 'error') {
          if (message.code === 'server-unavailable') {
            // This node cannot take the seat now (Redis unreachable, draining): not lost; the close retries it.
            this.socket?.close(1000);
            return;
          }
          if (message.code === 'resume-failed' && !rejoining && this.request) {
            // The seat is gone (server restarted without it, grace period over): join again on this socket.
            rejoining = true;
            void this.sendRejoin(this.request).catch(() => giveUp('signaling-failed', 'Could not obtain a room token to join again.'));
            return;
          }
          // Joining again failed too, or the server now speaks another protocol (`protocol-mismatch`): the call
          // cannot resume.
          giveUp(rtcCodeOf(message.code), `Could not ${rejoining ? 'join the room again' : 'resume the session'}: ${message.message}`);
        }
      },
      () => this.scheduleReconnect(),
    );
  }

  private async sendRejoin(request: SignalingJoinRequest): Promise<void> {
    const token = typeof this.token === 'function' ? await this.token() : this.token;
    this.write({ type: 'join', room: request.room, name: request.name, ...(token ? { token } : {}), protocol: PROTOCOL_VERSION });
  }

  /** Joined again after the seat was lost: a new session, new id, the room as it is now. */
  private onRejoined(message: Extract<ServerMessage, { type: 'joined' }>): void {
    const before = [...this.peers.keys()];
    this.away.clear();
    this.peers.clear();
    this.outbox = [];
    this.nextSeq = 1;
    this.lastReceivedSeq = 0;
    this.sentWhileConnected = 0;
    this.attempt = this.hinted = 0;
    this.session = { id: message.id, resumeToken: message.resumeToken };
    if (message.resumeGraceMs !== undefined) this.graceMs = message.resumeGraceMs;
    for (const p of message.peers) this.peers.set(p.id, p);
    for (const w of this.sfuPending.values()) w.reject(SignalingError.failed('The signaling session was lost.'));
    this.sfuPending.clear();
    this.setState('connected');
    const h = this.handlers;
    if (h?.rejoined) {
      h.rejoined(toJoinResult(message));
    } else {
      for (const id of before) h?.peerLeft(id);
      for (const p of message.peers) h?.peerJoined(p);
    }
  }

  private onResumed(message: Extract<ServerMessage, { type: 'resumed' }>): void {
    this.attempt = this.hinted = 0;
    const now = new Map(message.peers.map((p) => [p.id, p]));
    if (message.restored) {
      // A restarted server rebuilt our seat: its numbering starts again and it has nothing to replay. Peers it
      // does not list yet are probably still reconnecting: mark them away and give them the grace period.
      this.lastReceivedSeq = 0;
      for (const id of this.peers.keys()) {
        if (!now.has(id)) this.away.mark(id, this.graceMs);
      }
      // Resend only what was queued while disconnected; what was sent before the drop was relayed then.
      this.outbox = this.outbox.filter((m) => m.seq > this.sentWhileConnected);
      // The new server process has none of our SFU state (its media-server session is new): requests in flight
      // will never be answered, and SFU users must publish and subscribe again, as when the media server returns.
      for (const w of this.sfuPending.values()) w.reject(SignalingError.failed('The signaling server restarted.'));
      this.sfuPending.clear();
      const back: SfuEvent = { type: 'sfu-state', state: 'available', message: 'the signaling server restarted' };
      for (const listener of this.sfuListeners) listener(back);
    } else {
      // Reconcile presence: peers who left or came while we were away.
      for (const id of [...this.peers.keys()]) {
        if (!now.has(id)) {
          this.peers.delete(id);
          this.handlers?.peerLeft(id);
        }
      }
      this.outbox = this.outbox.filter((m) => m.seq > message.lastSeq);
    }
    for (const [id, peer] of now) {
      if (!this.peers.has(id)) {
        this.peers.set(id, peer);
        this.handlers?.peerJoined(peer);
      } else {
        this.away.back(id);
      }
    }
    this.setState('connected');
    for (const { message: m } of this.outbox) this.write(m);
  }

  // ---- messages --------------------------------------------------------------------------------------------

  private relay(message: Relayed): void {
    if (!this.session) return;
    // Sequence numbers and the outbox exist only when the server offers resumption (it sent a resumeToken).
    if (!this.session.resumeToken) {
      if (this.state === 'connected') this.write(message);
      return;
    }
    const numbered = { ...message, seq: this.nextSeq++ };
    this.outbox.push({ seq: numbered.seq, message: numbered });
    if (this.outbox.length > OUTBOX_LIMIT) this.outbox.shift();
    if (this.state === 'connected' && this.write(numbered)) this.sentWhileConnected = numbered.seq;
  }

  private dispatch(message: ServerMessage): void {
    const h = this.handlers;
    if ('seq' in message && typeof message.seq === 'number') {
      if (message.seq <= this.lastReceivedSeq) return; // a replay we already have
      this.lastReceivedSeq = message.seq;
    }
    if (!h) return;
    switch (message.type) {
      case 'peer-joined':
        if (this.peers.has(message.peer.id)) {
          this.away.back(message.peer.id); // a restored seat announced again: no duplicate
          break;
        }
        this.peers.set(message.peer.id, message.peer);
        h.peerJoined(message.peer);
        break;
      case 'peer-left':
        this.away.end(message.id);
        this.peers.delete(message.id);
        h.peerLeft(message.id);
        break;
      case 'peer-away':
      case 'peer-back':
        h.peerAway?.(message.id, message.type === 'peer-away');
        break;
      case 'signal':
        this.receivePeer(message.from, message.payload);
        break;
      case 'ice-servers':
        this.iceWaiters.shift()?.resolve({
          iceServers: message.iceServers,
          ...(message.iceServersTtlMs !== undefined ? { iceServersTtlMs: message.iceServersTtlMs } : {}),
        });
        break;
      case 'error': {
        const error = new SignalingError(rtcCodeOf(message.code), `Signaling server: ${message.message} (${message.code}).`);
        if (message.code === 'removed') this.mod.receive({ type: 'removed' });
        if (message.ref === 'ice-servers') this.iceWaiters.shift()?.reject(error);
        else h.error(error);
        break;
      }
      case 'sfu-reply':
        this.sfuPending.get(message.req)?.resolve(message);
        this.sfuPending.delete(message.req);
        break;
      case 'sfu-offer':
      case 'sfu-event':
      case 'sfu-state':
      case 'topology':
        for (const listener of this.sfuListeners) listener(message);
        break;
      case 'moderate-reply': case 'moderation': case 'room-lock':
        this.mod.receive(message);
        break;
      case 'joined':
      case 'resumed':
        break;
    }
  }

  private parse(data: unknown): ServerMessage | undefined {
    const message = parseServerMessage(data);
    if (!message) this.handlers?.error(new SignalingError('protocol-error', 'Signaling server sent a message that is not JSON.'));
    return message;
  }

  /** Sends if the socket is open; returns whether it was handed to the socket. */
  private write(message: ClientMessage): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  private rejectIceWaiters(): void {
    const waiters = this.iceWaiters;
    this.iceWaiters = [];
    for (const w of waiters) w.reject(SignalingError.failed('Signaling connection closed.'));
    for (const w of this.sfuPending.values()) w.reject(SignalingError.failed('Signaling connection closed.'));
    this.sfuPending.clear();
    this.mod.rejectAll(SignalingError.failed('Signaling connection closed.'));
  }

  /** Ends everything: socket, session, timers. */
  private close(): void {
    clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    this.socket = undefined;
    this.session = undefined;
    this.request = undefined;
    this.peers.clear();
    this.outbox = [];
    this.lastReceivedSeq = 0;
    this.sentWhileConnected = 0;
    this.away.clear();
    this.nextSeq = 1;
    this.rejectIceWaiters();
    if (socket) {
      socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(1000);
    }
    this.setState('disconnected');
  }
}
