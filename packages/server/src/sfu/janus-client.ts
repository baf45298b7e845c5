/**
 * A small client for the Janus WebSocket API (subprotocol `janus-protocol`): one socket, one session,
 * transactions, keepalives, and events routed to the handle they belong to. Knows nothing about rooms.
 *
 * Janus answers a request with `success`/`error` (synchronous) or `ack` then an `event` carrying the same
 * `transaction` (asynchronous plugin requests). Events without a transaction (`event`, `webrtcup`, `hangup`,
 * `media`, `detached`, …) are pushed to the handle's listener.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';

/** A JSEP description as Janus sends and accepts it. */
export interface Jsep {
  type: 'offer' | 'answer';
  sdp: string;
}

/** A message Janus sent (only the fields we read). */
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

/** Raised for Janus `error` replies, plugin `error` data, timeouts and a dropped socket. */
export class JanusError extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'JanusError';
  }
}

/** Callbacks of a {@link JanusClient}. */
export interface JanusClientEvents {
  /** The socket closed (Janus stopped or restarted). The session and every handle are gone. */
  onClose(): void;
}

interface Pending {
  resolve(message: JanusMessage): void;
  reject(error: Error): void;
  /** Resolve only on this `janus` value (`event` for async plugin requests); `ack` is skipped. */
  async: boolean;
  timer: NodeJS.Timeout;
}

const REQUEST_TIMEOUT_MS = 10_000;
/** Janus drops sessions after `session_timeout` (default 60 s) without traffic. */
export const KEEPALIVE_MS = 25_000;

/** One connected session on one Janus. Create with {@link JanusClient.connect}. */
export class JanusClient {
  #sessionId = 0;
  readonly #pending = new Map<string, Pending>();
  readonly #handles = new Map<number, (message: JanusMessage) => void>();
  #keepalive: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(
    private readonly socket: WebSocket,
    private readonly events: JanusClientEvents,
  ) {
    socket.on('message', (data) => this.#receive(String(data)));
    socket.on('close', () => this.#onClose());
    socket.on('error', () => undefined); // 'close' follows
  }

  /**
   * Opens the socket and creates a session.
   * @throws {JanusError} when Janus is unreachable or refuses the session.
   */
  static async connect(url: string, events: JanusClientEvents, timeoutMs = 5000): Promise<JanusClient> {
    const socket = new WebSocket(url, 'janus-protocol');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => (socket.terminate(), reject(new JanusError(`Janus at ${url} did not answer`))), timeoutMs);
      socket.once('open', () => (clearTimeout(timer), resolve()));
      socket.once('error', (error) => (clearTimeout(timer), reject(new JanusError(`Janus at ${url}: ${error.message}`))));
    });
    const client = new JanusClient(socket, events);
    try {
      const created = await client.#request({ janus: 'create' });
      client.#sessionId = created.data?.id ?? 0;
    } catch (error) {
      client.close();
      throw error;
    }
    client.#keepalive = setInterval(() => {
      client.#request({ janus: 'keepalive', session_id: client.#sessionId }).catch(() => undefined);
    }, KEEPALIVE_MS);
    client.#keepalive.unref();
    return client;
  }

  /** True until the socket closed. */
  get open(): boolean {
    return !this.#closed;
  }

  /** Attaches a VideoRoom handle; `onEvent` gets every pushed event of that handle. */
  async attach(onEvent: (message: JanusMessage) => void): Promise<number> {
    const reply = await this.#request({ janus: 'attach', session_id: this.#sessionId, plugin: 'janus.plugin.videoroom' });
    const id = reply.data?.id;
    if (!id) throw new JanusError('attach returned no handle id');
    this.#handles.set(id, onEvent);
    return id;
  }

  /** Detaches a handle (hangs up its PeerConnection). Errors are ignored: the handle may be gone already. */
  async detach(handleId: number): Promise<void> {
    this.#handles.delete(handleId);
    if (this.#closed) return;
    await this.#request({ janus: 'detach', session_id: this.#sessionId, handle_id: handleId }).catch(() => undefined);
  }

  /**
   * Sends a plugin request. Synchronous requests (`create`, `exists`, `configure` on subscribers, …) resolve with
   * the `success` reply; `async: true` ones (`join`, `publish`, `start`, `update`, …) with the `event` that follows
   * the `ack`.
   * @throws {JanusError} for a Janus or plugin error (`error_code`/`error` in the plugin data).
   */
  async message(handleId: number, body: Record<string, unknown>, jsep?: Jsep, async = false): Promise<PluginResult> {
    const reply = await this.#request(
      { janus: 'message', session_id: this.#sessionId, handle_id: handleId, body, ...(jsep ? { jsep } : {}) },
      async,
    );
    const data = reply.plugindata?.data ?? {};
    if (typeof data['error_code'] === 'number') {
      throw new JanusError(String(data['error'] ?? 'plugin error'), data['error_code']);
    }
    return { data, ...(reply.jsep ? { jsep: reply.jsep } : {}) };
  }

  /** Trickles one ICE candidate (or `null`: gathering completed) to a handle. */
  trickle(handleId: number, candidate: Record<string, unknown> | null): void {
    void this.#request({
      janus: 'trickle',
      session_id: this.#sessionId,
      handle_id: handleId,
      candidate: candidate ?? { completed: true },
    }).catch(() => undefined);
  }

  /** Destroys the session and closes the socket. */
  close(): void {
    if (this.#closed) return;
    if (this.#sessionId && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify({ janus: 'destroy', session_id: this.#sessionId, transaction: tx() }));
    }
    this.socket.close();
    this.#onClose(false);
  }

  #request(body: Record<string, unknown>, async = false): Promise<JanusMessage> {
    if (this.#closed || this.socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new JanusError('Janus connection is closed'));
    }
    const transaction = tx();
    return new Promise<JanusMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(transaction);
        reject(new JanusError(`Janus did not answer ${String(body['janus'])} within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      this.#pending.set(transaction, { resolve, reject, async, timer });
      this.socket.send(JSON.stringify({ ...body, transaction }));
    });
  }

  #receive(text: string): void {
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
    if (message.sender !== undefined) this.#handles.get(message.sender)?.(message);
  }

  #onClose(notify = true): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#keepalive);
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(new JanusError('Janus connection closed'));
    }
    this.#pending.clear();
    this.#handles.clear();
    if (notify) this.events.onClose();
  }
}

const tx = (): string => randomBytes(9).toString('base64url');
