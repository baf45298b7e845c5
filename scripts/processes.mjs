// Small helpers shared by the scripts that start test servers (coturn, Janus, the signaling server) by PID.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Whether a child process still runs. One killed by a signal keeps `exitCode === null`: look at `signalCode` too. */
export function alive(child) {
  return child.exitCode === null && child.signalCode === null;
}

/** Ends a child abruptly (SIGKILL, as a crash does) and resolves once it is gone. */
export async function killNow(child) {
  if (!alive(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/**
 * Runs the signaling server's CLI (`packages/server/dist/cli.js` under `root`) with `args` in a child process and
 * resolves with it and its port once its start line ("listening on http://localhost:PORT") is out. Throws with what
 * it printed when it exits first or has not started within `timeoutMs` (ms).
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, port: number }>}
 */
export async function startServerCli(root, args, timeoutMs) {
  const child = spawn(process.execPath, ['packages/server/dist/cli.js', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const deadline = Date.now() + timeoutMs;
  while (!/localhost:(\d+)/.test(out)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start: ${out}${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, port: Number(/localhost:(\d+)/.exec(out)[1]) };
}
