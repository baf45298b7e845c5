/**
 * Helpers of the Redis backplane tests: a private redis-server (scripts/redis.mjs, started and stopped by PID) and
 * signaling nodes as child processes of the real CLI (so one can be SIGKILLed like a crashed machine).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, beforeEach } from 'node:test';
import { CLI_PATH, withTimeout } from './helpers.js';

/** A redis-server of scripts/redis.mjs. */
export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** SIGKILL: every key is lost (no persistence). */
  kill(): Promise<void>;
  /** A fresh, empty redis-server on the same port. */
  start(): Promise<void>;
}

/** scripts/redis.mjs's `startRedis`, found from this file (source or `.test-build/`); `null` without redis-server. */
export async function startRedis(): Promise<TestRedis | null> {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'scripts', 'redis.mjs'))) dir = path.dirname(dir);
  const script = (await import(pathToFileURL(path.join(dir, 'scripts', 'redis.mjs')).href)) as { startRedis(): Promise<TestRedis | null> };
  return script.startRedis();
}

/**
 * Registers, in the calling suite, a private redis-server started once and restarted empty before each test (tests
 * must not see each other's rooms); returns its getter. Its `beforeEach` runs before any the suite registers after.
 * @throws (from each test's hook) when redis-server is not installed
 */
export function freshRedisPerTest(): () => TestRedis {
  let redis: TestRedis | null = null;
  before(async () => {
    redis = await startRedis();
  });
  after(() => redis?.stop());
  beforeEach(async () => {
    if (!redis) throw new Error('redis-server is not installed (apt-get install -y redis-server)');
    await redis.kill();
    await redis.start();
  });
  return () => {
    if (!redis) throw new Error('redis-server is not installed (apt-get install -y redis-server)');
    return redis;
  };
}

/** A node run by the CLI in a child process. */
export interface NodeProcess {
  child: ChildProcess;
  wsUrl: string;
  url: string;
  /** Everything it wrote to stderr (its JSON log lines). */
  stderr(): string;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `rtc-room-server --port 0 --host 127.0.0.1 …args` and waits for its start line. */
export async function spawnNode(args: string[]): Promise<NodeProcess> {
  const child = spawn(process.execPath, [CLI_PATH, '--port', '0', '--host', '127.0.0.1', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-200_000)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await withTimeout(
    new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk;
        const match = /listening on http:\/\/localhost:(\d+)/.exec(stdout);
        if (match) resolve(Number(match[1]));
      });
      void exited.then(() => reject(new Error(`node exited early: ${stderr}`)));
    }),
    30_000,
    'node start line',
  );
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    stderr: () => stderr,
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}

/** GET /healthz as JSON. */
export async function health(url: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`${url}/healthz`)).json()) as Record<string, unknown>;
}
