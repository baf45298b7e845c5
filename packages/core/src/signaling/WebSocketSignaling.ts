import { RtcError, type RtcErrorCode } from '../errors/RtcError.js';
import { SignalingError } from '../errors/SignalingError.js';
import type { ClientMessage, ServerMessage } from './protocol.js';
import type {
  IceServersResult,
  SignalingAdapter,
  SignalingHandlers,
  SignalingJoinRequest,
  SignalingJoinResult,
  SignalingPayload,
  SignalingState,
} from './SignalingAdapter.js';

/** Options of {@link WebSocketSignaling}. */
export interface WebSocketSignalingOptions {
  /** How long `join()` waits for the server's `joined` reply, in ms. Default 10000. */
  joinTimeoutMs?: number;
  /**
   * Room token (a JWT minted by your backend, see docs/server.md) for servers started with `--auth-secret`,
   * or a function returning one — called at each join, so it can fetch a fresh token.
   */
  token?: string | (() => string | Promise<string>);
}

/** Server error codes that map to an {@link RtcError} code of the same meaning. */
const SERVER_ERROR_CODES: Readonly<Record<string, RtcErrorCode>> = {
  'room-full': 'room-full',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  'rate-limited': 'rate-limited',
  'already-joined': 'invalid-state',
};

/**
 * {@link SignalingAdapter} speaking rtc-room's JSON protocol (see `protocol.ts`) to `@rtc-room/server` over one
 * WebSocket (RFC 6455).
 *
 * @example
 * ```ts
 * const room = new Room({ room: 'standup', signaling: new WebSocketSignaling('wss://example.com/ws') });
 * ```
 */
export class WebSocketSignaling implements SignalingAdapter {
  private handlers: SignalingHandlers | undefined;
  private socket: WebSocket | undefined;
  private currentState: SignalingState = 'disconnected';
  private joined = false;
  private readonly joinTimeoutMs: number;
  private readonly token: WebSocketSignalingOptions['token'];
  private iceWaiters: Array<{ resolve(r: IceServersResult): void; reject(e: RtcError): void }> = [];

  /**
   * @param url The server's signaling endpoint, e.g. `ws://localhost:8080/ws`.
   * @throws {RtcError} `invalid-argument` if `url` is not a `ws:` or `wss:` URL.
   */
  constructor(readonly url: string, options: WebSocketSignalingOptions = {}) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw RtcError.invalidArgument(`Not a URL: "${url}".`);
    }
    if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
      throw RtcError.invalidArgument(`Signaling URL must start with ws: or wss:, got "${url}".`);
    }
    this.joinTimeoutMs = options.joinTimeoutMs ?? 10_000;
    this.token = options.token;
  }

  get state(): SignalingState {
    return this.currentState;
  }

  setHandlers(handlers: SignalingHandlers): void {
    this.handlers = handlers;
  }

  async join(request: SignalingJoinRequest): Promise<SignalingJoinResult> {
    if (this.socket) throw RtcError.invalidState('Already joined or joining a room.');
    let token: string | undefined;
    try {
      token = typeof this.token === 'function' ? await this.token() : this.token;
    } catch (error) {
      throw new SignalingError('unauthorized', 'Could not obtain a room token.', error);
    }
    this.setState('connecting');
    return new Promise<SignalingJoinResult>((resolve, reject) => {
      let settled = false;
      const socket = new WebSocket(this.url);
      this.socket = socket;
      const fail = (error: RtcError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.teardown();
        reject(error);
      };
      const timer = setTimeout(
        () => fail(SignalingError.failed(`No answer from ${this.url} within ${this.joinTimeoutMs} ms.`)),
        this.joinTimeoutMs,
      );
      socket.onopen = () =>
        this.write({ type: 'join', room: request.room, name: request.name, ...(token ? { token } : {}) });
      socket.onerror = () => fail(SignalingError.failed(`Could not connect to ${this.url}.`));
      socket.onclose = (event) => {
        if (!settled) {
          fail(SignalingError.failed(`Connection to ${this.url} closed before joining (code ${event.code}).`));
          return;
        }
        this.onClosed(event);
      };
      socket.onmessage = (event) => {
        const message = this.parse(event.data);
        if (!message) return;
        if (!settled) {
          if (message.type === 'joined') {
            settled = true;
            clearTimeout(timer);
            this.joined = true;
            this.setState('connected');
            resolve({
              selfId: message.id,
              peers: message.peers,
              ...(message.role ? { role: message.role } : {}),
              ...(message.iceServers ? { iceServers: message.iceServers } : {}),
              ...(message.iceServersTtlMs !== undefined ? { iceServersTtlMs: message.iceServersTtlMs } : {}),
            });
          } else if (message.type === 'error') {
            const code = SERVER_ERROR_CODES[message.code] ?? 'signaling-failed';
            fail(new SignalingError(code, message.message));
          }
          return;
        }
        this.dispatch(message);
      };
    });
  }

  send(to: string, payload: SignalingPayload): void {
    if (this.joined) this.write({ type: 'signal', to, payload });
  }

  broadcast(payload: SignalingPayload): void {
    if (this.joined) this.write({ type: 'broadcast', payload });
  }

  /**
   * Asks the server for fresh ICE servers (new short-lived TURN credentials).
   * @throws {RtcError} `signaling-failed` when not joined or the connection drops first.
   */
  refreshIceServers(): Promise<IceServersResult> {
    if (!this.joined) return Promise.reject(SignalingError.failed('Not connected to the signaling server.'));
    return new Promise<IceServersResult>((resolve, reject) => {
      this.iceWaiters.push({ resolve, reject });
      this.write({ type: 'ice-servers' });
    });
  }

  async leave(): Promise<void> {
    if (!this.socket) return;
    if (this.joined) this.write({ type: 'leave' });
    this.teardown();
  }

  private dispatch(message: ServerMessage): void {
    const h = this.handlers;
    if (!h) return;
    switch (message.type) {
      case 'peer-joined':
        h.peerJoined(message.peer);
        break;
      case 'peer-left':
        h.peerLeft(message.id);
        break;
      case 'signal':
        h.message(message.from, message.payload);
        break;
      case 'ice-servers': {
        const waiter = this.iceWaiters.shift();
        waiter?.resolve({
          iceServers: message.iceServers,
          ...(message.iceServersTtlMs !== undefined ? { iceServersTtlMs: message.iceServersTtlMs } : {}),
        });
        break;
      }
      case 'error': {
        const code = SERVER_ERROR_CODES[message.code] ?? 'protocol-error';
        const error = new SignalingError(code, `Signaling server: ${message.message} (${message.code}).`);
        if (message.ref === 'ice-servers') this.iceWaiters.shift()?.reject(error);
        else h.error(error);
        break;
      }
      case 'joined':
        break;
    }
  }

  private onClosed(event: CloseEvent): void {
    const wasJoined = this.joined;
    this.teardown();
    if (wasJoined) {
      this.handlers?.error(
        SignalingError.failed(`Signaling connection lost (code ${event.code}${event.reason ? `: ${event.reason}` : ''}).`),
      );
    }
  }

  private parse(data: unknown): ServerMessage | undefined {
    if (typeof data !== 'string') return undefined;
    try {
      const value: unknown = JSON.parse(data);
      if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') {
        return value as ServerMessage;
      }
    } catch {
      // fall through
    }
    this.handlers?.error(new SignalingError('protocol-error', 'Signaling server sent a message that is not JSON.'));
    return undefined;
  }

  private write(message: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private teardown(): void {
    const socket = this.socket;
    this.socket = undefined;
    this.joined = false;
    const waiters = this.iceWaiters;
    this.iceWaiters = [];
    for (const w of waiters) w.reject(SignalingError.failed('Signaling connection closed.'));
    if (socket) {
      socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(1000);
    }
    this.setState('disconnected');
  }

  private setState(state: SignalingState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.handlers?.stateChanged(state);
  }
}
