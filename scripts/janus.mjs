// Starts a private Janus (Debian's `janus` 1.1.x, VideoRoom + WebSocket transport only) for a test run, with a
// generated config folder (mkdtemp). Stopped by PID, never by name. Facts per ../shared/TESTING.md:
// - libnice never gathers loopback candidates, so Janus needs a non-loopback interface. Inside the test's own
//   network namespace (RTC_TEST_IN_NETNS=1, or root in a namespace whose only interface is `lo`) this script
//   creates a veth pair v0/v1 with 198.18.0.1/32 on v0 and starts Janus with `-E v0`. It never touches the
//   interfaces of a real (host) network namespace: outside a private namespace it returns null.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, freePort } from './processes.mjs';

const JANUS_BIN = [process.env.JANUS_PATH, '/usr/bin/janus'].find((p) => p && existsSync(p));
const LIBDIR = ['/usr/lib/x86_64-linux-gnu/janus', '/usr/lib/aarch64-linux-gnu/janus', '/usr/lib/janus'].find((d) => existsSync(d));
export const VETH_ADDRESS = '198.18.0.1';

/** Interfaces of the current network namespace (/proc/self/net is per namespace; /sys/class/net is not after unshare). */
const interfaces = () =>
  readFileSync('/proc/self/net/dev', 'utf8')
    .split('\n')
    .slice(2)
    .map((line) => line.split(':')[0].trim())
    .filter(Boolean);

/**
 * True when this process is root in a private network namespace made for tests: `RTC_TEST_IN_NETNS=1`, or
 * nothing but `lo` (and our own veth pair) exists.
 */
export function inTestNamespace() {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const names = interfaces().filter((n) => n !== 'lo' && n !== 'v0' && n !== 'v1');
  if (process.env.RTC_TEST_IN_NETNS === '1') return names.length === 0 || interfaces().includes('v0');
  return names.length === 0;
}

/** Creates the veth pair once (only inside the test namespace). */
function ensureVeth() {
  if (interfaces().includes('v0')) return;
  const ip = (...args) => {
    const r = spawnSync('ip', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr || r.error}`);
  };
  ip('link', 'set', 'lo', 'up');
  ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
  ip('addr', 'add', `${VETH_ADDRESS}/32`, 'dev', 'v0');
  ip('link', 'set', 'v0', 'up');
  ip('link', 'set', 'v1', 'up');
}

/**
 * Blackholes (or restores) every packet from or to Janus's media address on `lo`, where all of the namespace's
 * local traffic flows: the SFU's media path dies while Janus, its WebSocket (on 127.0.0.1) and every address stay
 * up, as when a network path drops. An htb class of 8 bit/s with a one-packet queue stands in for a drop action
 * (the test kernels have no act_gact/netem). Only inside the test namespace.
 */
export function blockMedia(blocked) {
  if (!inTestNamespace()) throw new Error('blockMedia: not inside the test network namespace');
  const tc = (args, allowFailure = false) => {
    const r = spawnSync('tc', args.split(' '), { encoding: 'utf8' });
    if (r.status !== 0 && !allowFailure) throw new Error(`tc ${args}: ${r.stderr || r.error}`);
  };
  tc('qdisc del dev lo root', true);
  if (!blocked) return;
  tc('qdisc add dev lo root handle 1: htb default 1 r2q 1000000');
  tc('class add dev lo parent 1: classid 1:1 htb rate 10gbit');
  tc('class add dev lo parent 1: classid 1:2 htb rate 8bit ceil 8bit');
  tc('qdisc add dev lo parent 1:2 handle 20: pfifo limit 1');
  tc(`filter add dev lo parent 1: protocol ip prio 1 u32 match ip dst ${VETH_ADDRESS}/32 flowid 1:2`);
  tc(`filter add dev lo parent 1: protocol ip prio 2 u32 match ip src ${VETH_ADDRESS}/32 flowid 1:2`);
}

/** A JSON string is a valid libconfig string for the secrets we generate (letters, digits, `-`, `_`). */
const quoted = (value) => {
  if (!/^[\w-]+$/.test(value)) throw new TypeError(`janus.mjs: secrets must match [A-Za-z0-9_-]+, got "${value}"`);
  return `"${value}"`;
};

function writeConfig(dir, { wsPort, rtpRange, apiSecret, adminKey, tokenAuth, adminPort, adminSecret }) {
  const plugins = readdirSync(join(LIBDIR, 'plugins')).filter((f) => /\.so$/.test(f) && !f.includes('videoroom'));
  const transports = readdirSync(join(LIBDIR, 'transports')).filter((f) => /\.so$/.test(f) && !f.includes('websockets'));
  writeFileSync(
    join(dir, 'janus.jcfg'),
    `general: {
  configs_folder = "${dir}"
  plugins_folder = "${LIBDIR}/plugins"
  transports_folder = "${LIBDIR}/transports"
  events_folder = "${LIBDIR}/events"
  loggers_folder = "${LIBDIR}/loggers"
  debug_level = 3
  session_timeout = 60
  admin_secret = ${quoted(adminSecret)}${apiSecret ? `
  api_secret = ${quoted(apiSecret)}` : ''}${tokenAuth ? `
  token_auth = true` : ''}
}
media: { rtp_port_range = "${rtpRange}" }
nat: { ignore_mdns = true nice_debug = false }
plugins: { disable = "${plugins.join(',')}" }
transports: { disable = "${transports.join(',')}" }
events: { broadcast = false }
loggers: { disable = "libjanus_jsonlog.so" }
`,
  );
  writeFileSync(
    join(dir, 'janus.transport.websockets.jcfg'),
    `general: { json = "compact" ws = true ws_port = ${wsPort} ws_ip = "127.0.0.1" wss = false }
admin: { ${adminPort ? `admin_ws = true admin_ws_port = ${adminPort} admin_ws_ip = "127.0.0.1"` : 'admin_ws = false'} admin_wss = false }
`,
  );
  // `admin_key`: every VideoRoom `create` must carry it (and `list` shows private rooms only to its holders).
  writeFileSync(join(dir, 'janus.plugin.videoroom.jcfg'), `general: { ${adminKey ? `admin_key = ${quoted(adminKey)}` : ''} }\n`);
}

/**
 * Starts Janus. Resolves `null` when Janus is not installed (apt-get install -y janus) or when this is not a
 * private test namespace (see the file header).
 * `recordingsDir` is an empty folder inside the config folder for server-side recordings (VideoRoom `rec_dir`):
 * Janus shares this machine's filesystem, so the run's signaling server hands it to Janus as is.
 * Locked down (issue 14): `apiSecret` sets janus.jcfg `general.api_secret` (every request must carry it as
 * `apisecret`), `adminKey` the VideoRoom's `general.admin_key` (every room `create` must carry it), `tokenAuth`
 * janus.jcfg `general.token_auth = true` (stored tokens: every request must carry a `token` added with the Admin
 * API; the result's `addToken(token, plugins)` adds one over the Admin API's WebSocket on 127.0.0.1).
 * Several Janus processes may run at once: give each its own `rtpRange` (the WebSocket port is free-picked).
 * @param {{ rtpRange?: string, port?: number, apiSecret?: string, adminKey?: string, tokenAuth?: boolean }} [options]
 * @returns {Promise<{ url: string, port: number, pid: number, recordingsDir: string, stop(): Promise<void>, restart(): Promise<void> } | null>}
 */
export async function startJanus({ rtpRange = '20000-20100', port, apiSecret, adminKey, tokenAuth = false } = {}) {
  if (!JANUS_BIN || !LIBDIR || !inTestNamespace()) return null;
  ensureVeth();
  const wsPort = port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'rtc-room-janus-'));
  const adminPort = tokenAuth ? await freePort() : undefined;
  const adminSecret = Math.random().toString(36).slice(2);
  writeConfig(dir, { wsPort, rtpRange, apiSecret, adminKey, tokenAuth, adminPort, adminSecret });
  const recordingsDir = join(dir, 'recordings');
  mkdirSync(recordingsDir);
  let child;
  let output = '';
  const launch = async () => {
    output = '';
    child = spawn(JANUS_BIN, ['-F', dir, '-o', '-E', 'v0', '-L', join(dir, 'janus.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => (output = (output + d).slice(-4000)));
    child.stderr.on('data', (d) => (output = (output + d).slice(-4000)));
    const deadline = Date.now() + 60_000; // an upper bound for a loaded machine
    for (;;) {
      if (!alive(child)) throw new Error(`janus exited (${child.exitCode}): ${output}`);
      const ok = await new Promise((resolve) => {
        const s = connect(wsPort, '127.0.0.1');
        s.once('connect', () => (s.destroy(), resolve(true)));
        s.once('error', () => resolve(false));
      });
      if (ok) return;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`janus did not open its WebSocket within 60 s: ${output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stopChild = () =>
    new Promise((resolve) => {
      if (!child || !alive(child)) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  await launch();
  // Never outlive the test run, even when the caller forgets stop().
  process.once('exit', () => {
    if (child && alive(child)) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    url: `ws://127.0.0.1:${wsPort}`,
    port: wsPort,
    recordingsDir,
    get pid() {
      return child.pid;
    },
    /**
     * Adds a stored token (`tokenAuth` only; lost when Janus restarts) allowed to use `plugins`.
     * @param {string} token
     * @param {string[]} [plugins]
     */
    async addToken(token, plugins = ['janus.plugin.videoroom']) {
      if (!adminPort) throw new Error('addToken needs startJanus({ tokenAuth: true })');
      await adminRequest(adminPort, { janus: 'add_token', token, plugins, admin_secret: adminSecret });
    },
    /** Kills Janus (SIGKILL, by PID) and keeps the config for {@link restart}. */
    kill: stopChild,
    /** Starts it again on the same port (no-op while it runs: a second Janus would orphan the first). */
    async restart() {
      if (child && alive(child)) return;
      await launch();
    },
    async stop() {
      await stopChild();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One Admin API request over its WebSocket (subprotocol `janus-admin-protocol`) on 127.0.0.1; rejects on an error. */
async function adminRequest(port, body) {
  const { default: WebSocket } = await import('ws');
  const socket = new WebSocket(`ws://127.0.0.1:${port}`, 'janus-admin-protocol');
  try {
    await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
    const transaction = Math.random().toString(36).slice(2);
    const reply = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Janus Admin API: no answer to ${body.janus}`)), 10_000);
      socket.on('message', (data) => {
        const message = JSON.parse(String(data));
        if (message.transaction === transaction) (clearTimeout(timer), resolve(message));
      });
      socket.send(JSON.stringify({ ...body, transaction }));
    });
    if (reply.janus !== 'success') throw new Error(`Janus Admin API ${body.janus}: ${JSON.stringify(reply.error ?? reply)}`);
    return reply;
  } finally {
    socket.close();
  }
}
