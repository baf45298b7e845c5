import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { createServer as netServer } from 'node:net';
/**
 * Test helpers: a server on 127.0.0.1 with a free port, and a `ws` client that buffers
 * every message so tests can await "the next message of type X" with a timeout.
 */
import { WebSocket, type ClientOptions } from 'ws';
import { createServer, type LogEvent, type RtcRoomServer, type ServerOptions } from '../src/index.js';

export interface TestServer {
  server: RtcRoomServer;
  url: string;
  wsUrl: string;
  logs: LogEvent[];
  close(): Promise<void>;
}

/**
 * Starts a server on 127.0.0.1:0 that records its log events. Resumption is off unless `options.resumeGraceMs`
 * says otherwise: most suites test the plain protocol (a drop is an immediate `peer-left`, no `seq`);
 * `resume.test.ts` covers resumption, including the production default.
 */
export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const logs: LogEvent[] = [];
  const server = createServer({ host: '127.0.0.1', port: 0, resumeGraceMs: 0, logger: (e) => logs.push(e), ...options });
  const { url, wsUrl } = await server.listen();
  return { server, url, wsUrl, logs, close: () => server.close() };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Msg = Record<string, any>;

// Generous: only a failing test waits this long, and a loaded CI machine can stall for a second.
// An upper bound for "this message will come", never a measure of speed: generous, so a loaded machine (load
// average 20+ on two cores) cannot fail a test that is right.
const DEFAULT_TIMEOUT = 20_000;

/** A WebSocket client that queues incoming JSON messages. */
export class TestClient {
  /** Every message received, in order (never consumed). */
  readonly history: Msg[] = [];
  readonly #queue: Msg[] = [];
  readonly #waiters = new Set<() => void>();
  closeCode: number | undefined;
  readonly closed: Promise<number>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const msg = isBinary ? { type: '(binary)' } : (JSON.parse(data.toString()) as Msg);
      this.history.push(msg);
      this.#queue.push(msg);
      for (const wake of [...this.#waiters]) wake();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code) => {
        this.closeCode = code;
        resolve(code);
        for (const wake of [...this.#waiters]) wake();
      }),
    );
    ws.on('error', () => {});
  }

  /** Resolves with the close code once closed; rejects after `timeoutMs`. */
  closedWithin(timeoutMs = DEFAULT_TIMEOUT): Promise<number> {
    return withTimeout(this.closed, timeoutMs, 'socket close');
  }

  /** Sends a JSON value (or a raw string / buffer as-is). */
  send(data: unknown): void {
    this.ws.send(typeof data === 'string' || Buffer.isBuffer(data) ? data : JSON.stringify(data));
  }

  /** Resolves with the next not-yet-consumed message of `type`; rejects after `timeoutMs`. */
  next(type: string, timeoutMs = DEFAULT_TIMEOUT): Promise<Msg> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const index = this.#queue.findIndex((m) => m['type'] === type);
        if (index === -1) return false;
        const [msg] = this.#queue.splice(index, 1);
        resolve(msg as Msg);
        return true;
      };
      if (check()) return;
      const wake = (): void => {
        if (check()) done();
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for "${type}"; got ${JSON.stringify(this.history)}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
      };
      this.#waiters.add(wake);
    });
  }

  /** Waits `ms` and returns the messages of `type` that arrived and were not consumed. */
  async collect(type: string, ms: number): Promise<Msg[]> {
    await delay(ms);
    return this.#queue.filter((m) => m['type'] === type);
  }

  /** Sends a message and awaits the `error` reply. */
  async expectError(data: unknown, code: string): Promise<Msg> {
    this.send(data);
    const error = await this.next('error');
    if (error['code'] !== code) throw new Error(`expected error ${code}, got ${JSON.stringify(error)}`);
    return error;
  }

  /** Joins a room (with a room token when given) and returns the `joined` reply. */
  async join(room: string, name: string, token?: string): Promise<Msg> {
    this.send({ type: 'join', room, name, ...(token !== undefined ? { token } : {}) });
    return this.next('joined');
  }

  close(): Promise<number> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve(this.closeCode ?? 1006);
    this.ws.close();
    return this.closed;
  }
}

/** Opens a client to `wsUrl` and waits until it is open. */
export function connect(wsUrl: string, options: ClientOptions = {}): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, options);
    const client = new TestClient(ws);
    ws.once('open', () => resolve(client));
    ws.once('error', reject);
  });
}

/** Connects and joins in one step. */
export async function joined(
  wsUrl: string,
  room: string,
  name: string,
  token?: string,
): Promise<{ client: TestClient; id: string; msg: Msg }> {
  const client = await connect(wsUrl);
  const msg = await client.join(room, name, token);
  return { client, id: msg['id'] as string, msg };
}

/** Per-suite limit so a broken server can never hang the run. */
export const SUITE = { timeout: 120_000 } as const;

/** Rejects if `promise` does not settle within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `predicate` every 10 ms until true; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = DEFAULT_TIMEOUT, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await delay(10);
  }
}

/**
 * The built CLI (`packages/server/dist/cli.js`, which `npm test` builds first): the program users run. Found from
 * this file whether the tests run from source or compiled to `.test-build/`.
 */
export const CLI_PATH = ((): string => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return path.join(dir, 'dist', 'cli.js');
})();

/** Highest `seq` a client has seen so far (what a real client sends as `lastSeq`). */
export const lastSeqOf = (c: TestClient): number =>
  Math.max(0, ...c.history.map((m) => (typeof m['seq'] === 'number' ? (m['seq'] as number) : 0)));

/** Opens a socket and sends `resume` as its first message; resolves with `resumed` or `error`. */
export async function resume(
  wsUrl: string,
  id: string,
  resumeToken: string,
  lastSeq: number,
): Promise<{ client: TestClient; reply: Msg }> {
  const client = await connect(wsUrl);
  client.send({ type: 'resume', id, resumeToken, lastSeq });
  const reply = await Promise.race([client.next('resumed'), client.next('error')]);
  return { client, reply };
}

/** A loopback port nobody listens on (bound once, then closed). */
export async function deadPort(): Promise<number> {
  const s = netServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}
