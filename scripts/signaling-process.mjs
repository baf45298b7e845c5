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
  child.stderr.on('data', () => {}); // JSON log lines
  const deadline = Date.now() + 10_000;
  while (!out.includes('listening')) {
    if (!alive(child)) throw new Error(`signaling server exited (${child.exitCode}): ${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('signaling server did not start within 10 s');
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return child;
}

/**
 * @param {string[]} [extraArgs] more CLI arguments (e.g. `--janus-url`)
 * @param {{ resumeSecret?: boolean }} [options] `resumeSecret: false` starts it without `--resume-secret` (the
 *   default of `npm start`): a restarted process then has none of the seats of the one it replaces
 * @returns {Promise<{ url: string, kill(): Promise<void>, start(): Promise<void>, stop(): void }>} a server, by
 *   default with a fixed `--resume-secret`, so a restarted process can restore the seats of the one it replaces.
 */
export async function startSignalingProcess(extraArgs = [], { resumeSecret = true } = {}) {
  const port = await freePort();
  const args = [...(resumeSecret ? ['--resume-secret', randomBytes(24).toString('hex')] : []), ...extraArgs];
  let child = await spawnServer(port, args);
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    kill: () => killNow(child),
    async start() {
      if (alive(child)) return;
      child = await spawnServer(port, args);
    },
    stop() {
      if (alive(child)) child.kill('SIGTERM');
    },
  };
}
