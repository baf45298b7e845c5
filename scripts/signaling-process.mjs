// A signaling server in its own process, for tests that kill it and start it again on the same port (the
// server restart of a deploy or a crash). Started and stopped by PID.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { alive, freePort, killNow } from './processes.mjs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../packages/server/dist/cli.js', import.meta.url));


async function spawnServer(port, args) {
  const child = spawn(process.execPath, [cli, '--host', '127.0.0.1', '--port', String(port), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  let err = '';
  child.stderr.on('data', (d) => (err = (err + d).slice(-2000))); // JSON log lines; the tail explains a failed start
  const deadline = Date.now() + 60_000; // an upper bound: a Node start took over 10 s at load average 44
  while (!out.includes('listening')) {
    if (!alive(child)) throw new Error(`signaling server exited (${child.exitCode}): ${out}${err}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('signaling server did not start within 60 s');
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return child;
}

/**
 * @param {string[]} [extraArgs] more CLI arguments (e.g. `--janus-url`)
 * @param {{ resumeSecret?: boolean }} [options] `resumeSecret: false` starts it without `--resume-secret` (the
 *   default of `npm start`): a restarted process then has none of the seats of the one it replaces
 * @returns {Promise<{ url: string, port: number, pid: number, kill(): Promise<void>, terminate(): Promise<void>,
 *   start(): Promise<void>, stop(): void }>} a server, by default with a fixed `--resume-secret`, so a restarted
 *   process can restore the seats of the one it replaces. `kill()` is SIGKILL (a crash), `terminate()` SIGTERM (a
 *   deploy); both resolve once the process is gone.
 */
export async function startSignalingProcess(extraArgs = [], { resumeSecret = true } = {}) {
  const port = await freePort();
  const args = [...(resumeSecret ? ['--resume-secret', randomBytes(24).toString('hex')] : []), ...extraArgs];
  let child = await spawnServer(port, args);
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    port,
    get pid() {
      return child.pid;
    },
    kill: () => killNow(child),
    /**
     * SIGTERM, as a deploy does (the server closes its sockets and exits); resolves once the process is gone,
     * SIGKILLing it after `timeoutMs`.
     */
    async terminate(timeoutMs = 30_000) {
      if (!alive(child)) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
    async start() {
      if (alive(child)) return;
      child = await spawnServer(port, args);
    },
    stop() {
      if (alive(child)) child.kill('SIGTERM');
    },
  };
}
