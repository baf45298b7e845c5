/**
 * Opening a {@link JanusSession} on a WebSocket: the one piece of the package that touches a socket, written
 * against the part of the WHATWG WebSocket API that both the browser's `WebSocket` and Node's `ws` implement
 * (`addEventListener`, `send`, `close`, `readyState`), so it needs neither the DOM nor Node.
 */
import { JanusError, JanusSession, webSocketTransport, type JanusSessionOptions } from './session.js';

/** The part of a WebSocket {@link openJanusSession} uses: the browser's `WebSocket` and `ws`'s both have it. */
export interface JanusSocket {
  /** 1 = OPEN. */
  readonly readyState: number;
  send(text: string): void;
  close(): void;
  /** `message` events carry the text frame in `data`; `close` events the close `code`. */
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: unknown) => void): void;
}

/**
 * A WebSocket constructor: the browser's `WebSocket` (and Node ≥ 22's global one), or `WebSocket` from the `ws`
 * package in Node 20, which has no global WebSocket.
 */
export type JanusSocketConstructor = new (url: string, protocol: string) => JanusSocket;

/** Options of {@link openJanusSession}: the session's, plus how to open the socket. */
export interface OpenJanusSessionOptions extends JanusSessionOptions {
  /** The WebSocket implementation. Default: `globalThis.WebSocket` (there is none in Node 20: pass `ws`'s). */
  WebSocket?: JanusSocketConstructor | undefined;
  /** How long opening the socket may take, in ms. Default 10000. */
  connectTimeoutMs?: number | undefined;
}

/**
 * Opens a WebSocket to Janus (subprotocol `janus-protocol`) and creates a session on it. The session's `onClose`
 * runs when the socket closes later (Janus stopped or restarted: the session and every handle are gone).
 *
 * @example
 * ```ts
 * import { WebSocket } from 'ws'; // Node 20; browsers need no option
 * const session = await openJanusSession('ws://127.0.0.1:8188', { WebSocket, onClose: () => console.log('gone') });
 * ```
 * @param url Janus's WebSocket transport, e.g. `ws://127.0.0.1:8188`.
 * @throws {JanusError} without a `code` when nothing answers within `connectTimeoutMs` or the socket closes
 *   before opening (message `Cannot reach Janus at <url>: <why>`), or when there is no WebSocket implementation;
 *   with Janus's code when it refuses the session (e.g. 403: wrong `token` or `apisecret`).
 */
export async function openJanusSession(url: string, options: OpenJanusSessionOptions = {}): Promise<JanusSession> {
  const Socket = options.WebSocket ?? (globalThis as { WebSocket?: JanusSocketConstructor }).WebSocket;
  if (!Socket) throw new JanusError('no WebSocket implementation: pass options.WebSocket (in Node 20, `ws`)');
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  const socket = new Socket(url, 'janus-protocol');
  const session = new JanusSession(webSocketTransport(socket), options);
  let opened = false;
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string): void => reject(new JanusError(`Cannot reach Janus at ${url}: ${why}`));
    const timer = setTimeout(() => (fail(`no answer within ${timeoutMs} ms`), socket.close()), timeoutMs);
    socket.addEventListener('open', () => ((opened = true), clearTimeout(timer), resolve()));
    // Before 'open': a refusal (a later reject is a no-op); after: the session is gone.
    socket.addEventListener('close', (event) => {
      clearTimeout(timer);
      if (opened) session.transportClosed();
      else fail(`the connection closed (code ${String((event as { code?: unknown }).code)})`);
    });
    // `ws` throws an 'error' nobody listens to; a 'close' always follows it.
    socket.addEventListener('error', () => undefined);
    socket.addEventListener('message', (event) => session.receive(String((event as { data?: unknown }).data)));
  });
  await session.start();
  return session;
}
