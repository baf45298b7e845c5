// Starts a private coturn (Debian's `turnserver`) on 127.0.0.1 for a test or bench run, with TURN REST
// credentials (`--use-auth-secret`). Stopped by PID, never by name. Flags per ../shared/TESTING.md:
// `--allow-loopback-peers` is required on loopback (otherwise CREATE_PERMISSION answers 403).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { alive, freePort, killNow } from './processes.mjs';

const CANDIDATES = [process.env.TURNSERVER_PATH, '/usr/bin/turnserver', '/usr/sbin/turnserver'];


/**
 * @returns {Promise<{ url: string, secret: string, port: number, stop(): void } | null>} null when coturn is not
 *   installed (apt-get install -y coturn).
 */
/** Spawns turnserver and waits until it accepts TCP on `port`. */
async function spawnTurnserver(bin, port, secret, minPort, maxPort) {
  const args = [
    '-n', '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${port}`,
    `--min-port=${minPort}`, `--max-port=${maxPort}`, '--use-auth-secret', `--static-auth-secret=${secret}`,
    '--realm=rtc-room.test', '--no-cli', '--no-tls', '--no-dtls', '--allow-loopback-peers',
    '--log-file=stdout', '--simple-log', '--no-stdout-log',
  ];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output = (output + d).slice(-4000)));
  child.stderr.on('data', (d) => (output = (output + d).slice(-4000)));
  const deadline = Date.now() + 60_000; // an upper bound for a loaded machine
  for (;;) {
    if (!alive(child)) throw new Error(`turnserver exited (${child.exitCode}): ${output}`);
    const ok = await new Promise((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return child;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`turnserver did not start within 60 s: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * @returns {Promise<{ url: string, secret: string, port: number, stop(): void, kill(): Promise<void>,
 *   start(): Promise<void>, pause(): void, resume(): void } | null>} null when coturn is not installed (apt-get install -y coturn).
 *   `kill()` ends the process abruptly (every allocation is lost, as when a relay dies); `start()` brings up a
 *   fresh one on the same port with the same secret.
 */
export async function startCoturn({ minPort = 50000, maxPort = 50199 } = {}) {
  const bin = CANDIDATES.find((p) => p && existsSync(p));
  if (!bin) return null;
  const port = await freePort();
  const secret = randomBytes(16).toString('hex');
  let child = await spawnTurnserver(bin, port, secret, minPort, maxPort);
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    secret,
    port,
    stop() {
      if (alive(child)) child.kill('SIGTERM');
    },
    kill: () => killNow(child),
    async start() {
      if (alive(child)) return;
      child = await spawnTurnserver(bin, port, secret, minPort, maxPort);
    },
    /** Freezes the relay (SIGSTOP): packets are no longer answered or forwarded, as when a path dies. */
    pause() {
      if (alive(child)) child.kill('SIGSTOP');
    },
    /** Unfreezes it (SIGCONT). */
    resume() {
      if (alive(child)) child.kill('SIGCONT');
    },
  };
}
