// Starts a private Debian `redis-server` on 127.0.0.1 for a test or bench run (no persistence, its own mkdtemp
// folder). Stopped by PID, never by name. (Minimal version for the multi-node browser tests; the backplane's
// server tests share it, same API.)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, freePort } from './processes.mjs';

const REDIS_BIN = [process.env.REDIS_SERVER_PATH, '/usr/bin/redis-server', '/usr/sbin/redis-server'].find((p) => p && existsSync(p));

/** Answers `PING` with `+PONG`: redis is up and serving. */
function pong(port) {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.setTimeout(1000, () => (s.destroy(), resolve(false)));
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => (s.destroy(), resolve(String(d).startsWith('+PONG'))));
    s.once('error', () => resolve(false));
  });
}

async function spawnRedis(port, dir) {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  const child = spawn(REDIS_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => (output = (output + d).slice(-4000)));
  const deadline = Date.now() + 5000;
  while (!(await pong(port))) {
    if (!alive(child) || Date.now() > deadline) {
      if (alive(child)) child.kill('SIGKILL');
      throw new Error(`redis-server did not start (exit ${child.exitCode}): ${output}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return child;
}

/**
 * @returns {Promise<{ url: string, port: number, readonly pid: number, kill(signal?: NodeJS.Signals): Promise<void>,
 *   restart(): Promise<void> } | null>} null when redis-server is not installed (apt-get install -y redis-server).
 *   `url` is `redis://127.0.0.1:PORT`; `kill()` sends `signal` (default SIGKILL, as a crash) and resolves once the
 *   process is gone (SIGTERM ends it for good: the run's cleanup); `restart()` starts a fresh, empty one on the
 *   same port if it is not running.
 */
export async function startRedis() {
  if (!REDIS_BIN) return null;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rtc-redis-'));
  let child = await spawnRedis(port, dir);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child.pid;
    },
    async kill(signal = 'SIGKILL') {
      if (alive(child)) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill(signal);
        await exited;
      }
      if (signal === 'SIGTERM') rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      if (alive(child)) return;
      mkdirSync(dir, { recursive: true });
      child = await spawnRedis(port, dir);
    },
  };
}
