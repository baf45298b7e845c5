// A throw-away redis-server for the scale bench: Debian's binary, started by PID on a free 127.0.0.1 port with no
// persistence (`--save '' --appendonly no`), and a minimal RESP client for the counters the bench reads
// (`INFO commandstats`, `INFO stats`, `INFO cpu`). Stopped by PID (SIGTERM, then SIGKILL after 3 s).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from '../scripts/processes.mjs';

/** The redis-server binary: $REDIS_SERVER, else Debian's /usr/bin/redis-server, else the first on PATH. */
export function redisBinary() {
  if (process.env.REDIS_SERVER) return existsSync(process.env.REDIS_SERVER) ? process.env.REDIS_SERVER : undefined;
  if (existsSync('/usr/bin/redis-server')) return '/usr/bin/redis-server';
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : undefined;
}

/** Sends one command (RESP array of bulk strings) and resolves with its reply: a string, a number, or throws. */
function command(port, ...args) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`redis ${args[0]}: no reply in 5 s`)); }, 5000);
    const done = (fn, v) => { clearTimeout(timer); socket.end(); fn(v); };
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
    socket.on('connect', () => {
      socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`);
    });
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      const eol = buf.indexOf('\r\n');
      if (eol < 0) return;
      const head = buf.subarray(0, eol).toString();
      const kind = head[0];
      if (kind === '+') return done(resolve, head.slice(1));
      if (kind === '-') return done(reject, new Error(`redis ${args[0]}: ${head.slice(1)}`));
      if (kind === ':') return done(resolve, Number(head.slice(1)));
      if (kind === '$') {
        const len = Number(head.slice(1));
        if (len < 0) return done(resolve, undefined);
        if (buf.length >= eol + 2 + len + 2) return done(resolve, buf.subarray(eol + 2, eol + 2 + len).toString());
        return undefined; // wait for the rest of the bulk string
      }
      return done(reject, new Error(`redis ${args[0]}: unexpected reply ${head.slice(0, 40)}`));
    });
  });
}

/** `INFO <section>` parsed into `{ field: string }` (commandstats lines become `cmdstat_x: 'calls=…,usec=…'`). */
export async function info(port, section) {
  const text = await command(port, 'INFO', section);
  const out = {};
  for (const line of String(text).split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) out[line.slice(0, at)] = line.slice(at + 1);
  }
  return out;
}

/**
 * The counters the bench compares before/after a window: commands processed (all, and calls per command),
 * network bytes in/out, pub/sub channels and Redis's own CPU seconds (one thread serves every command).
 */
export async function counters(port) {
  // One after the other, always in this order, so the bench's own INFO calls between two readings are a constant.
  const stats = await info(port, 'stats');
  const cmd = await info(port, 'commandstats');
  const cpu = await info(port, 'cpu');
  const calls = {};
  for (const [key, value] of Object.entries(cmd)) {
    const m = /calls=(\d+)/.exec(value);
    if (key.startsWith('cmdstat_') && m) calls[key.slice(8)] = Number(m[1]);
  }
  return {
    at: performance.now(),
    commands: Number(stats.total_commands_processed),
    calls,
    netIn: Number(stats.total_net_input_bytes),
    netOut: Number(stats.total_net_output_bytes),
    pubsubChannels: Number(stats.pubsub_channels),
    pubsubPatterns: Number(stats.pubsub_patterns),
    cpuSeconds: Number(cpu.used_cpu_user) + Number(cpu.used_cpu_sys),
    // Its main thread alone (Redis 7 reports it; the I/O threads are off by default).
    mainThreadCpuSeconds: cpu.used_cpu_user_main_thread === undefined
      ? undefined
      : Number(cpu.used_cpu_user_main_thread) + Number(cpu.used_cpu_sys_main_thread),
  };
}

/**
 * The difference between two `counters()` readings, with the bench's own INFO calls taken out (3 per reading:
 * the `after` reading counts the `before` one's, and its own `INFO stats` sees itself).
 */
export function delta(before, after) {
  const calls = {};
  for (const [name, n] of Object.entries(after.calls)) {
    const d = n - (before.calls[name] ?? 0) - (name === 'info' ? 3 : 0);
    if (d > 0) calls[name] = d;
  }
  return {
    seconds: (after.at - before.at) / 1000,
    commands: after.commands - before.commands - 3,
    calls,
    netIn: after.netIn - before.netIn,
    netOut: after.netOut - before.netOut,
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
  };
}

/** Starts redis-server on a free loopback port and resolves once it answers PING; `stop()` ends it by PID. */
export async function startRedis({ log = () => {} } = {}) {
  const bin = redisBinary();
  if (!bin) throw Object.assign(new Error('redis-server not installed (apt-get install -y redis-server, or set REDIS_SERVER)'), { code: 'missing' });
  const port = await freePort();
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--daemonize', 'no', '--logfile', '', '--loglevel', 'warning', '--maxclients', '1000'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-2000); });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}: ${stderr.trim()}`);
    try {
      if ((await command(port, 'PING')) === 'PONG') break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server did not answer PING within 10 s: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const version = (await info(port, 'server')).redis_version;
  log(`    redis-server ${version} (pid ${child.pid}) on 127.0.0.1:${port}`);
  return { port, pid: child.pid, version, url: `redis://127.0.0.1:${port}`, counters: () => counters(port), stop };
}
