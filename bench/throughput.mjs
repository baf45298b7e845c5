// Signaling-server throughput: N plain `ws` clients on loopback, in rooms of 4, relaying offer/answer-sized
// (~4 KB) and candidate-sized (~200 B) messages to a peer in their room at a fixed, stepped offered rate.
// The same load shape against rtc-room's server and the PeerJS server (`peer` on npm), each in its own
// child process (bench/server-child.mjs) so its RSS and CPU are its own. Every loop is bounded in count and
// time; the only target is 127.0.0.1.
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDir } from './paths.mjs';
import { percentile } from './stats.mjs';

const require = createRequire(join(benchDir, 'package.json'));
const WebSocket = require('ws');

const ROOM_SIZE = 4;
/** Each client sends at most this many messages per second: below rtc-room's default per-connection rate
 * limit (50/s) and far above what a real client sends while negotiating. */
const MAX_PER_CLIENT_RATE = 40;
const TICK_MS = 10;
const WARMUP_MS = 500;
const WINDOW_MS = 3000;
const DRAIN_MS = 3000;
/** A step counts as sustained when at least this share of what was sent in the window arrived... */
const MIN_DELIVERED = 0.95;
/** ...and its p99 relay latency stays at or under this. */
export const P99_LIMIT_MS = 50;

// ---- message bodies ------------------------------------------------------------------------------------

function sdp(kind, bytes) {
  const lines = [
    'v=0', `o=- 4611731400430051336 2 IN IP4 127.0.0.1`, 's=-', 't=0 0', 'a=group:BUNDLE 0 1', 'a=extmap-allow-mixed',
    'a=msid-semantic: WMS stream',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126', 'c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0',
    'a=ice-ufrag:Gx7Q', 'a=ice-pwd:3WkTnyQDpHK5xrDgWBz3rR1a', 'a=ice-options:trickle',
    'a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08',
    `a=setup:${kind === 'offer' ? 'actpass' : 'active'}`, 'a=mid:0', 'a=sendrecv', 'a=rtcp-mux', 'a=rtpmap:111 opus/48000/2',
    'a=rtcp-fb:111 transport-cc', 'a=fmtp:111 minptime=10;useinbandfec=1',
    'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 100 101 102 103 104 105 106 107 108 109 127 125 39 40',
    'c=IN IP4 0.0.0.0', 'a=mid:1', 'a=sendrecv', 'a=rtcp-mux', 'a=rtcp-rsize',
  ];
  let n = 96;
  while (lines.join('\r\n').length < bytes - 120) {
    lines.push(`a=rtpmap:${n} VP8/90000`, `a=rtcp-fb:${n} goog-remb`, `a=rtcp-fb:${n} transport-cc`, `a=rtcp-fb:${n} ccm fir`,
      `a=rtcp-fb:${n} nack`, `a=rtcp-fb:${n} nack pli`, `a=fmtp:${n} level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f`);
    n += 1;
  }
  lines.push('a=ssrc-group:FID 2437311563 1633400411', 'a=ssrc:2437311563 cname:dh3fgkF9oW2mSyd4', '');
  return lines.join('\r\n');
}

const OFFER = { type: 'offer', sdp: sdp('offer', 4200) };
const ANSWER = { type: 'answer', sdp: sdp('answer', 3600) };
const CANDIDATE = {
  candidate: 'candidate:2930571460 1 udp 2122260223 127.0.0.1 54321 typ host generation 0 ufrag Gx7Q network-id 1',
  sdpMid: '0',
  sdpMLineIndex: 0,
  usernameFragment: 'Gx7Q',
};

/** Per protocol: how to connect, how to know we are in, and the 10-message negotiation cycle. */
const PROTOCOLS = {
  'rtc-room': {
    url: (port) => `ws://127.0.0.1:${port}/ws`,
    hello: (ws, i) => ws.send(JSON.stringify({ type: 'join', room: `bench-${Math.floor(i / ROOM_SIZE)}`, name: `c${i}` })),
    ready: (msg) => (msg.type === 'joined' ? msg.id : msg.type === 'error' ? new Error(`${msg.code}: ${msg.message}`) : undefined),
    // The shapes @rtc-room/core sends: { t: 'sdp', description } and { t: 'ice', candidate }.
    cycle: (to) => [
      ['{"type":"signal","to":', JSON.stringify(to), ',"payload":{"ts":', ',"t":"sdp","description":', JSON.stringify(OFFER), '}}'],
      ['{"type":"signal","to":', JSON.stringify(to), ',"payload":{"ts":', ',"t":"sdp","description":', JSON.stringify(ANSWER), '}}'],
      ...Array.from({ length: 8 }, () =>
        ['{"type":"signal","to":', JSON.stringify(to), ',"payload":{"ts":', ',"t":"ice","candidate":', JSON.stringify(CANDIDATE), '}}']),
    ],
    keepalive: undefined, // the server pings every 5 s; ws answers pongs by itself
  },
  peerjs: {
    url: (port, i) => `ws://127.0.0.1:${port}/peerjs?key=peerjs&id=c${i}&token=t${i}`,
    id: (i) => `c${i}`,
    hello: () => {},
    ready: (msg, i) => (msg.type === 'OPEN' ? `c${i}` : msg.type === 'ERROR' || msg.type === 'ID-TAKEN' ? new Error(JSON.stringify(msg.payload)) : undefined),
    // The shapes the peerjs client sends for a media connection.
    cycle: (to) => [
      ['{"type":"OFFER","dst":', JSON.stringify(to), ',"payload":{"ts":', ',"sdp":', JSON.stringify(OFFER), ',"type":"media","connectionId":"mc_k3j5h2l4g6","metadata":null}}'],
      ['{"type":"ANSWER","dst":', JSON.stringify(to), ',"payload":{"ts":', ',"sdp":', JSON.stringify(ANSWER), ',"type":"media","connectionId":"mc_k3j5h2l4g6"}}'],
      ...Array.from({ length: 8 }, () =>
        ['{"type":"CANDIDATE","dst":', JSON.stringify(to), ',"payload":{"ts":', ',"candidate":', JSON.stringify(CANDIDATE), ',"type":"media","connectionId":"mc_k3j5h2l4g6"}}']),
    ],
    // The peerjs client sends a HEARTBEAT every 5 s.
    keepalive: '{"type":"HEARTBEAT"}',
  },
};

// ---- server process ------------------------------------------------------------------------------------

function startServer(kind) {
  const child = fork(join(benchDir, 'server-child.mjs'), [kind], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env },
  });
  const pending = [];
  let onReady;
  const ready = new Promise((resolve, reject) => {
    onReady = resolve;
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  child.on('message', (msg) => {
    if (msg.ready) onReady(msg.port);
    else if (msg.stats) pending.shift()?.(msg.stats);
  });
  return {
    child,
    ready,
    stats: (gc = false) => new Promise((resolve) => { pending.push(resolve); child.send(gc ? 'stats-gc' : 'stats'); }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch {} resolve(); }, 3000);
        child.once('exit', () => { clearTimeout(timer); resolve(); });
        try { child.send('exit'); } catch { process.kill(child.pid, 'SIGTERM'); }
      }),
  };
}

// ---- clients -------------------------------------------------------------------------------------------

async function connectClients(kind, port, n, log) {
  const proto = PROTOCOLS[kind];
  const clients = new Array(n);
  const state = { received: 0, lat: null, latN: 0, recording: false, errors: 0, closed: 0, closeCodes: {}, errorSample: '' };
  const connectOne = (i) =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(proto.url(port, i), { perMessageDeflate: false });
      const client = { ws, i, id: undefined, cycle: null, k: 0, peers: [] };
      clients[i] = client;
      const timer = setTimeout(() => reject(new Error(`client ${i}: no welcome in 10 s`)), 10_000);
      ws.on('error', (e) => { state.errors += 1; state.errorSample ||= e.message; clearTimeout(timer); reject(e); });
      ws.on('close', (code) => { state.closed += 1; state.closeCodes[code] = (state.closeCodes[code] ?? 0) + 1; });
      ws.on('open', () => proto.hello(ws, i));
      ws.on('message', (data) => {
        if (client.id === undefined) {
          const r = proto.ready(JSON.parse(data.toString()), i);
          if (r instanceof Error) { clearTimeout(timer); reject(r); }
          else if (r !== undefined) { client.id = r; clearTimeout(timer); resolve(); }
          return;
        }
        // Relay latency without parsing the whole message: every payload starts with "ts":<ms>.
        const text = data.toString();
        const at = text.indexOf('"ts":');
        if (at < 0) return; // presence and other server messages
        state.received += 1;
        if (state.recording && state.latN < state.lat.length) {
          state.lat[state.latN++] = performance.now() - Number.parseFloat(text.slice(at + 5, at + 30));
        }
      });
    });
  const started = Date.now();
  const CONCURRENCY = 100;
  for (let base = 0; base < n; base += CONCURRENCY) {
    if (Date.now() - started > 120_000) throw new Error(`connecting took over 120 s (${base} of ${n} connected)`);
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, n - base) }, (_, j) => connectOne(base + j)));
  }
  // Rooms of ROOM_SIZE consecutive clients; each sends to the others of its room in turn.
  for (const c of clients) {
    const room = Math.floor(c.i / ROOM_SIZE);
    const members = clients.slice(room * ROOM_SIZE, room * ROOM_SIZE + ROOM_SIZE).filter((o) => o !== c);
    c.cycles = members.map((m) => proto.cycle(m.id));
  }
  log(`    ${n} ${kind} clients connected in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { clients, state, proto };
}

function closeClients(clients) {
  for (const c of clients) {
    try { c?.ws.terminate(); } catch {}
  }
}

/** Sends at `rate` msgs/s in total for `ms`; returns how many were sent. */
function sendFor({ clients }, rate, ms) {
  return new Promise((resolve) => {
    let credit = 0;
    let cursor = 0;
    let sent = 0;
    const t0 = performance.now();
    let last = t0;
    const timer = setInterval(() => {
      const now = performance.now();
      credit += ((now - last) / 1000) * rate;
      last = now;
      const batch = Math.floor(credit);
      credit -= batch;
      for (let b = 0; b < batch; b++) {
        const c = clients[cursor];
        cursor = (cursor + 1) % clients.length;
        const cycle = c.cycles[c.k % c.cycles.length];
        const parts = cycle[Math.floor(c.k / c.cycles.length) % cycle.length];
        c.k += 1;
        c.ws.send(parts[0] + parts[1] + parts[2] + performance.now().toFixed(3) + parts[3] + parts[4] + parts[5]);
        sent += 1;
      }
      if (now - t0 >= ms) {
        clearInterval(timer);
        resolve(sent);
      }
    }, TICK_MS);
  });
}

function report(step, log) {
  log(`    offered ${step.offered}/s${step.retried ? ' (again)' : ''}: sent ${step.sentPerSec.toFixed(0)}/s, delivered ${step.deliveredPerSec.toFixed(0)}/s, p50 ${step.p50?.toFixed(1)} ms, p99 ${step.p99?.toFixed(1)} ms, server CPU ${(step.serverCpu * 100).toFixed(0)}%, load-generator CPU ${(step.clientCpu * 100).toFixed(0)}%, server event-loop max delay ${step.serverLoopMaxMs?.toFixed(0)} ms${step.sustained ? '' : '  (not sustained)'}`);
}

async function runStep(load, server, rate) {
  const { state } = load;
  await sendFor(load, rate, WARMUP_MS);
  const before = await server.stats();
  const cpuClient0 = process.cpuUsage();
  const received0 = state.received;
  state.lat = new Float64Array(Math.ceil(rate * (WINDOW_MS / 1000) * 1.5) + 1000);
  state.latN = 0;
  state.recording = true;
  const t0 = performance.now();
  const sent = await sendFor(load, rate, WINDOW_MS);
  const elapsed = performance.now() - t0;
  state.recording = false;
  const received = state.received - received0;
  const after = await server.stats();
  const cpuClient = process.cpuUsage(cpuClient0);
  // Drain: let what is still queued arrive before the next step (bounded).
  const drainStart = Date.now();
  let lastSeen = -1;
  while (Date.now() - drainStart < DRAIN_MS && state.received !== lastSeen) {
    lastSeen = state.received;
    await new Promise((r) => setTimeout(r, 200));
  }
  const lat = state.lat.subarray(0, state.latN).sort();
  const serverCpu = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000 / elapsed;
  const clientCpu = (cpuClient.user + cpuClient.system) / 1000 / elapsed;
  const step = {
    offered: rate,
    sentPerSec: sent / (elapsed / 1000),
    deliveredPerSec: received / (elapsed / 1000),
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    serverCpu,
    clientCpu,
    serverLoopMaxMs: after.loopMaxMs,
  };
  step.sustained = received >= MIN_DELIVERED * sent && step.p99 !== undefined && step.p99 <= P99_LIMIT_MS;
  return step;
}

/** One server kind at one connection count: RSS per connection, then an offered-rate ramp. */
async function measureOne(kind, n, rates, log) {
  const server = startServer(kind);
  let load;
  try {
    const port = await server.ready;
    await new Promise((r) => setTimeout(r, 300));
    const base = await server.stats(true);
    load = await connectClients(kind, port, n, log);
    await new Promise((r) => setTimeout(r, 1000));
    const connected = await server.stats(true);
    await new Promise((r) => setTimeout(r, 500));
    const rssPerConn = (connected.rss - base.rss) / n;
    const heapPerConn = (connected.heapUsed - base.heapUsed) / n;
    log(`    RSS ${(base.rss / 1e6).toFixed(1)} MB idle -> ${(connected.rss / 1e6).toFixed(1)} MB with ${n} connections: ${(rssPerConn / 1024).toFixed(1)} KiB per connection`);
    let keepalive;
    if (load.proto.keepalive) {
      keepalive = setInterval(() => { for (const c of load.clients) c.ws.send(load.proto.keepalive); }, 5000);
    }
    const steps = [];
    const started = Date.now();
    try {
      // Warm-up (JIT, buffers), not recorded.
      await sendFor(load, rates[0] / 2, 1500);
      await new Promise((r) => setTimeout(r, 500));
      let failures = 0;
      for (const rate of rates) {
        if (Date.now() - started > 75_000) {
          log('    ramp time budget (75 s) reached');
          break;
        }
        // A step that misses the criterion is run once more: on a shared 2-core machine one GC pause or a
        // neighbour's burst can push a p99 over the line without the server being saturated.
        let step = await runStep(load, server, rate);
        report(step, log);
        if (!step.sustained && step.deliveredPerSec >= 0.9 * step.sentPerSec) {
          step = await runStep(load, server, rate);
          step.retried = true;
          report(step, log);
        }
        steps.push(step);
        if (load.state.closed > 0) { log(`    ${load.state.closed} client sockets were closed by the server (close codes ${JSON.stringify(load.state.closeCodes)})`); break; }
        if (!step.sustained && ++failures >= 1) break;
      }
    } finally {
      clearInterval(keepalive);
    }
    const best = [...steps].reverse().find((s) => s.sustained);
    return { kind, connections: n, rssPerConn, heapPerConn, steps, best, closedByServer: load.state.closed, closeCodes: load.state.closeCodes };
  } finally {
    if (load) closeClients(load.clients);
    await server.stop();
  }
}

export async function measureThroughput({ counts = [1000, 5000], log = () => {} } = {}) {
  const results = [];
  for (const n of counts) {
    // Offered rate steps (total msgs/s), ×1.25 apart, capped so no client exceeds MAX_PER_CLIENT_RATE.
    const cap = n * MAX_PER_CLIENT_RATE;
    const rates = [];
    for (let r = 4000; r < cap; r = Math.round(r * 1.25)) rates.push(r);
    rates.push(cap);
    for (const kind of ['rtc-room', 'peerjs']) {
      log(`  ${kind}, ${n} connections`);
      try {
        results.push(await measureOne(kind, n, rates, log));
      } catch (error) {
        log(`    failed: ${error.message}`);
        results.push({ kind, connections: n, error: error.message });
      }
    }
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const counts = (process.env.BENCH_CONNECTIONS ?? '1000,5000').split(',').map(Number);
  console.log(JSON.stringify(await measureThroughput({ counts, log: console.log }), null, 2));
}
