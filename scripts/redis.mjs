// Starts a private redis-server (Debian's `redis-server`) on 127.0.0.1 for a test or bench run: a free port, no
// persistence (`--save '' --appendonly no`: a restart loses every key, as a real crash of an unpersisted Redis
// does), stopped by PID, never by name. `kill()` + `start()` restart it on the same port (the backplane tests use
// that to prove the nodes put their presence back).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { alive, freePort, killNow } from './processes.mjs';

const CANDIDATES = [process.env.REDIS_SERVER_PATH, '/usr/bin/redis-server', '/usr/local/bin/redis-server'];

/** Spawns redis-server on `port` and waits until it answers PING. */
async function spawnRedis(bin, port) {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no', '--loglevel', 'warning', '--dir', '/tmp'];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output = (output + d).slice(-4000)));
  child.stderr.on('data', (d) => (output = (output + d).slice(-4000)));
  const deadline = Date.now() + 60_000; // an upper bound for a loaded machine
  for (;;) {
    if (!alive(child)) throw new Error(`redis-server exited (${child.exitCode}): ${output}`);
    const ok = await new Promise((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => s.write('PING\r\n'));
      s.once('data', (d) => (s.destroy(), resolve(String(d).startsWith('+PONG'))));
      s.once('error', () => resolve(false));
    });
    if (ok) return child;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start within 60 s: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * @returns {Promise<{ url: string, port: number, pid: number | undefined, stop(): Promise<void>, kill(): Promise<void>,
 *   start(): Promise<void> } | null>} null when redis-server is not installed (apt-get install -y redis-server).
 *   `kill()` ends it abruptly (SIGKILL: every key is lost); `start()` brings a fresh, empty one up on the same port.
 */
export async function startRedis() {
  const bin = CANDIDATES.find((p) => p && existsSync(p));
  if (!bin) return null;
  const port = await freePort();
  let child = await spawnRedis(bin, port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child.pid;
    },
    async stop() {
      if (!alive(child)) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
    kill: () => killNow(child),
    async start() {
      if (alive(child)) return;
      child = await spawnRedis(bin, port);
    },
  };
}
