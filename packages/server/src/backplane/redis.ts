/**
 * The node's two Redis connections (ioredis): one for commands and scripts — the node's only publisher, so
 * messages from one sender to one receiver stay in order — and one for subscriptions. Both reconnect with backoff
 * (ioredis); while the command connection is down, commands fail at once (no offline queue), so callers can tell
 * a client `server-unavailable` instead of hanging.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** How long the first connection may take before `listen()` goes on without Redis (joins refused until it is up). */
const FIRST_CONNECT_MS = 5000;
/** Reconnect backoff: 100 ms, 200 ms, … up to this. */
const MAX_BACKOFF_MS = 2000;

/** A Redis reply of a script. */
export type Reply = string | number | null | Reply[];

/** The command and subscription connections of one node. */
export class RedisLink {
  readonly cmd: Redis;
  readonly sub: Redis;
  readonly #shas = new Map<string, string>();
  readonly #onReady = new Set<() => void>();
  #closed = false;
  #wasDown = false;

  /**
   * @param url - `redis://host:port` (or `rediss://`, with credentials when needed)
   * @param onMessage - every message on a subscribed channel
   */
  constructor(
    url: string,
    private readonly log: Logger,
    onMessage: (channel: string, message: string) => void,
  ) {
    const options = {
      retryStrategy: (times: number) => Math.min(times * 100, MAX_BACKOFF_MS),
      maxRetriesPerRequest: 1,
      lazyConnect: true,
    };
    this.cmd = new Redis(url, { ...options, enableOfflineQueue: false, connectionName: 'rtc-room' });
    this.sub = new Redis(url, { ...options, enableOfflineQueue: true, autoResubscribe: true, connectionName: 'rtc-room-sub' });
    this.sub.on('message', onMessage);
    for (const [name, redis] of [['cmd', this.cmd], ['sub', this.sub]] as const) {
      // ioredis logs unhandled 'error' events to the console; ours go to the server log, once per outage.
      redis.on('error', (error: Error & { code?: string }) => {
        if (!this.#wasDown) log({ event: 'redis-error', connection: name, code: error.code ?? error.name });
      });
      redis.on('close', () => {
        if (this.#closed || this.#wasDown) return;
        this.#wasDown = true;
        log({ event: 'redis-down', connection: name });
      });
      redis.on('ready', () => this.#ready());
    }
  }

  /** Connects both; resolves once up or after {@link FIRST_CONNECT_MS} (then keeps retrying in the background). */
  async start(): Promise<void> {
    const connect = Promise.all([this.cmd.connect(), this.sub.connect()]).then(() => undefined, () => undefined);
    await Promise.race([connect, new Promise<void>((resolve) => setTimeout(resolve, FIRST_CONNECT_MS).unref())]);
  }

  /** Whether both connections are up now. */
  get up(): boolean {
    return this.cmd.status === 'ready' && this.sub.status === 'ready';
  }

  /** Calls `fn` each time both connections are up again (after the first connection too). */
  onReady(fn: () => void): void {
    this.#onReady.add(fn);
  }

  #ready(): void {
    if (!this.up || this.#closed) return;
    if (this.#wasDown) this.log({ event: 'redis-up' });
    this.#wasDown = false;
    for (const fn of this.#onReady) {
      try {
        fn();
      } catch (error) {
        this.log({ event: 'internal-error', where: 'redis-ready', error: error instanceof Error ? error.message : typeof error });
      }
    }
  }

  /**
   * Runs a Lua script (EVALSHA, loading it with EVAL when Redis does not know it: first use, or Redis restarted).
   * @throws the Redis or connection error (callers turn it into `server-unavailable` or log it)
   */
  async run(script: string, keys: string[], args: (string | number)[]): Promise<Reply> {
    let sha = this.#shas.get(script);
    if (sha === undefined) {
      sha = createHash('sha1').update(script).digest('hex');
      this.#shas.set(script, sha);
    }
    try {
      return (await this.cmd.evalsha(sha, keys.length, ...keys, ...args)) as Reply;
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return (await this.cmd.eval(script, keys.length, ...keys, ...args)) as Reply;
    }
  }

  /** Disconnects both connections (no reconnect). */
  close(): void {
    this.#closed = true;
    this.cmd.disconnect();
    this.sub.disconnect();
  }
}
