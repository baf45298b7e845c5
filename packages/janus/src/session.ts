/**
 * One session on the Janus WebSocket API (subprotocol `janus-protocol`), independent of the socket
 * implementation: the browser's `WebSocket` (`JanusSignaling` in `@rtc-room/core`) and Node's `ws`
 * (`@rtc-room/server`) both feed it (see `./connect.ts`). Transactions, keepalives, and events routed to the handle
 * they belong to. Knows nothing about rooms.
 *
 * Janus answers a request with `success`/`error` (synchronous) or `ack` then an `event` carrying the same
 * `transaction` (asynchronous plugin requests). Events without a transaction (`event`, `webrtcup`, `hangup`,
 * `media`, `detached`, …) are pushed to the handle's listener.
 * Reference: https://janus.conf.meetecho.com/docs/rest.html (the WebSocket API uses the same messages).
 *
 * Kept free of DOM and Node types (the package compiles with neither).
 */

/** A JSEP description as Janus sends and accepts it. */
export interface Jsep {
  type: 'offer' | 'answer';
  sdp: string;
}

/** A message Janus sent (only the fields rtc-room reads). */
export interface JanusMessage {
  janus: string;
  transaction?: string;
  session_id?: number;
  sender?: number;
  data?: { id?: number };
  error?: { code: number; reason: string };
  plugindata?: { plugin: string; data: Record<string, unknown> };
  jsep?: Jsep;
  /** `media` events: the stream (`mid`, Janus 1.x) and whether Janus receives it (false after `no_media_timer`). */
  mid?: string;
  type?: string;
  receiving?: boolean;
}

/** The result of a plugin request: the plugin's `data` and the JSEP, if any. */
export interface PluginResult {
  data: Record<string, unknown>;
  jsep?: Jsep;
}

/**
 * Raised for Janus `error` replies (core codes such as 403 unauthorized, 458 no such session), plugin errors
 * (`error_code` in the plugin data, e.g. VideoRoom 426 no such room), timeouts and a dropped socket (no code).
 */
export class JanusError extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'JanusError';
  }
}

/** Janus core error codes (`error.code` of a Janus `error` reply) rtc-room reacts to. */
export const JanusCoreError = {
  /** Wrong or missing `apisecret` / `token` (janus.jcfg `api_secret`, `token_auth`). */
  UNAUTHORIZED: 403,
  /** The `token` may not use this plugin. */
  UNAUTHORIZED_PLUGIN: 405,
} as const;

/** The socket a {@link JanusSession} writes to. Its owner calls `receive()` and `transportClosed()`. */
export interface JanusTransport {
  /** Sends one text frame. */
  send(text: string): void;
  /** True while frames can be sent. */
  readonly open: boolean;
  /** Closes the socket. */
  close(): void;
}

/** The part of the WebSocket API a session needs: the browser's `WebSocket` and Node's `ws` both have it. */
export interface WebSocketLike {
  send(text: string): void;
  close(): void;
  /** 1 = OPEN. */
  readonly readyState: number;
}

/** A {@link JanusTransport} over a WebSocket (browser or `ws`). */
export function webSocketTransport(socket: WebSocketLike): JanusTransport {
  return {
    send: (text) => socket.send(text),
    get open() {
      return socket.readyState === 1;
    },
    close: () => socket.close(),
  };
}

/** Options of a {@link JanusSession}. */
export interface JanusSessionOptions {
  /** Janus stored-token auth (`token_auth`): added to every request. */
  token?: string;
  /** Janus API secret (`api_secret`): added to every request. */
  apisecret?: string;
  /** How long a request may wait for its answer, in ms. Default 10000. */
  requestTimeoutMs?: number;
  /** The session is gone: the socket closed, or Janus timed the session out. Not called after `close()`. */
  onClose?(): void;
}

interface Pending {
  resolve(message: JanusMessage): void;
  reject(error: Error): void;
  /** Resolve only on the `event` of async plugin requests; `ack` is skipped. */
  async: boolean;
  timer: unknown;
}

/** Janus drops sessions after `session_timeout` (default 60 s) without traffic. */
export const KEEPALIVE_MS = 25_000;

let transactions = 0;
const tx = (): string => `${(transactions += 1).toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * One Janus session over one socket. Construct it, route the socket's frames to {@link receive} and its close to
 * {@link transportClosed}, then `await start()`.
 */
export class JanusSession {
  #id = 0;
  readonly #pending = new Map<string, Pending>();
  readonly #handles = new Map<number, (message: JanusMessage) => void>();
  #keepalive: unknown;
  #closed = false;

  constructor(
    private readonly transport: JanusTransport,
    private readonly options: JanusSessionOptions = {},
  ) {}

  /**
   * Creates the session and starts keepalives. On failure the session closes (and the socket with it).
   * @throws {JanusError} when Janus refuses (e.g. code 403: wrong `token`/`apisecret`) or does not answer.
   */
  async start(): Promise<void> {
    try {
      this.#id = (await this.#request({ janus: 'create' })).data?.id ?? 0;
    } catch (error) {
      this.close();
      throw error;
    }
    this.#keepalive = setInterval(() => {
      this.#request({ janus: 'keepalive', session_id: this.#id }).catch(() => undefined);
    }, KEEPALIVE_MS);
    // Node: do not keep the process alive for keepalives alone.
    (this.#keepalive as { unref?: () => void }).unref?.();
  }

  /** True until the socket closed or {@link close} ran. */
  get open(): boolean {
    return !this.#closed;
  }

  /** Attaches a plugin handle; `onEvent` gets every pushed event of that handle. */
  async attach(onEvent: (message: JanusMessage) => void, plugin = 'janus.plugin.videoroom'): Promise<number> {
    const reply = await this.#request({ janus: 'attach', session_id: this.#id, plugin });
    const id = reply.data?.id;
    if (!id) throw new JanusError('attach returned no handle id');
    this.#handles.set(id, onEvent);
    return id;
  }

  /** Detaches a handle (hangs up its PeerConnection). Errors are ignored: the handle may be gone already. */
  async detach(handleId: number): Promise<void> {
    this.#handles.delete(handleId);
    if (this.#closed) return;
    await this.#request({ janus: 'detach', session_id: this.#id, handle_id: handleId }).catch(() => undefined);
  }

  /**
   * Sends a plugin request. Synchronous requests (`create`, `exists`, …) resolve with the `success` reply;
   * `async: true` ones (`join`, `publish`, `start`, `update`, `configure`, …) with the `event` that follows the `ack`.
   * @throws {JanusError} for a Janus or plugin error (`error_code`/`error` in the plugin data).
   */
  async message(handleId: number, body: Record<string, unknown>, jsep?: Jsep, async = false): Promise<PluginResult> {
    const reply = await this.#request(
      { janus: 'message', session_id: this.#id, handle_id: handleId, body, ...(jsep ? { jsep } : {}) },
      async,
    );
    const data = reply.plugindata?.data ?? {};
    if (typeof data['error_code'] === 'number') {
      throw new JanusError(String(data['error'] ?? 'plugin error'), data['error_code']);
    }
    return { data, ...(reply.jsep ? { jsep: reply.jsep } : {}) };
  }

  /** Trickles one ICE candidate (or `null`: gathering completed) to a handle. */
  trickle(handleId: number, candidate: object | null): void {
    void this.#request({
      janus: 'trickle',
      session_id: this.#id,
      handle_id: handleId,
      candidate: candidate ?? { completed: true },
    }).catch(() => undefined);
  }

  /** Destroys the session and closes the socket. */
  close(): void {
    if (this.#closed) return;
    if (this.#id && this.transport.open) {
      this.transport.send(JSON.stringify({ janus: 'destroy', session_id: this.#id, transaction: tx(), ...this.#auth() }));
    }
    this.transport.close();
    this.#end(false);
  }

  /** Feeds one frame received on the socket. */
  receive(text: string): void {
    let message: JanusMessage;
    try {
      message = JSON.parse(text) as JanusMessage;
    } catch {
      return;
    }
    const pending = message.transaction ? this.#pending.get(message.transaction) : undefined;
    if (pending) {
      if (message.janus === 'ack' && pending.async) return;
      this.#pending.delete(message.transaction!);
      clearTimeout(pending.timer);
      if (message.janus === 'error') {
        pending.reject(new JanusError(message.error?.reason ?? 'Janus error', message.error?.code));
      } else {
        pending.resolve(message);
      }
      return;
    }
    if (message.janus === 'timeout' && message.session_id === this.#id) {
      this.transport.close();
      this.#end(true);
      return;
    }
    if (message.sender !== undefined) this.#handles.get(message.sender)?.(message);
  }

  /** The socket closed: the session and every handle are gone. */
  transportClosed(): void {
    this.#end(true);
  }

  #auth(): Record<string, string> {
    const { token, apisecret } = this.options;
    return { ...(token ? { token } : {}), ...(apisecret ? { apisecret } : {}) };
  }

  #request(body: Record<string, unknown>, async = false): Promise<JanusMessage> {
    if (this.#closed || !this.transport.open) return Promise.reject(new JanusError('Janus connection is closed'));
    const transaction = tx();
    const timeoutMs = this.options.requestTimeoutMs ?? 10_000;
    return new Promise<JanusMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(transaction);
        reject(new JanusError(`Janus did not answer ${String(body['janus'])} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(transaction, { resolve, reject, async, timer });
      this.transport.send(JSON.stringify({ ...body, transaction, ...this.#auth() }));
    });
  }

  #end(notify: boolean): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#keepalive);
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(new JanusError('Janus connection closed'));
    }
    this.#pending.clear();
    this.#handles.clear();
    if (notify) this.options.onClose?.();
  }
}
