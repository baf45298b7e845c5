// Small helpers shared by the scripts that start test servers (coturn, Janus, the signaling server) by PID.
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
