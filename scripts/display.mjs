// A display and an audio output for one test run, as child processes of that run (never system-wide, never a
// service): Xvfb (Debian's `xvfb`) and a PulseAudio daemon (Debian's `pulseaudio`) with a null sink, both in a
// private temporary folder and stopped by PID. Headless Firefox needs both (measured here, Firefox ESR 153):
// - `getDisplayMedia` captures the X display named by DISPLAY; without one it rejects with NotFoundError;
// - an `AudioContext` stays `suspended` without an audio output (PULSE_SERVER), so recording cannot mix audio.
// Headless Chromium needs neither (its fake devices serve getDisplayMedia; it plays audio into nothing).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive } from './processes.mjs';

const which = (name) => ['/usr/bin', '/bin', '/usr/local/bin'].map((d) => join(d, name)).find((p) => existsSync(p));

/** Resolves when `predicate()` is true, or rejects after `timeoutMs` (a generous bound for a busy machine). */
async function until(predicate, timeoutMs, what) {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not ready after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Starts Xvfb on a free display number (`-displayfd`: Xvfb picks it and writes it when ready) and PulseAudio
 * with one null sink on a private UNIX socket. Missing binaries are reported in `missing` (the caller decides:
 * `npm test` fails the Firefox screen-share and recording tests with the apt-get command).
 * @returns {Promise<{ env: Record<string, string>, missing: string[], stop(): void }>}
 */
export async function startDisplayAndAudio() {
  const dir = mkdtempSync(join(tmpdir(), 'rtc-room-display-'));
  const env = {};
  const missing = [];
  const children = [];
  const xvfb = which('Xvfb');
  if (!xvfb) missing.push('xvfb');
  else {
    const displayFile = join(dir, 'display');
    // fd 3 is a file: Xvfb writes the display number there once it accepts connections.
    const { openSync } = await import('node:fs');
    const fd = openSync(displayFile, 'w');
    const x = spawn(xvfb, ['-displayfd', '3', '-screen', '0', '1280x720x24', '-nolisten', 'tcp', '-nolisten', 'unix'], {
      stdio: ['ignore', 'ignore', 'pipe', fd],
    });
    x.stderr.resume();
    children.push(x);
    await until(() => !alive(x) || /\d+\n/.test(readFileSync(displayFile, 'utf8')), 30_000, 'Xvfb');
    if (!alive(x)) throw new Error('Xvfb exited at start');
    env.DISPLAY = `:${readFileSync(displayFile, 'utf8').trim()}`;
  }
  const pulseaudio = which('pulseaudio');
  if (!pulseaudio) missing.push('pulseaudio');
  else {
    const socket = join(dir, 'pulse.sock');
    const p = spawn(
      pulseaudio,
      [
        '-n', // no default.pa: only the modules below
        '--daemonize=no',
        '--exit-idle-time=-1',
        '--use-pid-file=no',
        '--log-target=stderr',
        '--log-level=error',
        '-L', `module-native-protocol-unix socket=${socket} auth-anonymous=1`,
        '-L', 'module-null-sink sink_name=rtc_test_null',
      ],
      // Its own HOME and runtime folder: nothing of the user's or the system's PulseAudio is touched.
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir, XDG_CONFIG_HOME: dir } },
    );
    p.stderr.resume();
    children.push(p);
    await until(() => !alive(p) || existsSync(socket), 30_000, 'PulseAudio');
    if (!alive(p)) throw new Error('PulseAudio exited at start');
    env.PULSE_SERVER = `unix:${socket}`;
  }
  return {
    env,
    missing,
    stop() {
      for (const child of children) if (alive(child)) child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
