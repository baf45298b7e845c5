// The load generator shared by the server benches (bench/throughput.mjs, bench/scale.mjs): server child processes,
// N plain `ws` clients on loopback (each on one of one or more server nodes), a fixed offered rate spread
// round-robin over the clients, and the stepped ramp that finds the highest rate sustained with p99 ≤ 50 ms.
// Every loop is bounded in count and time; the only targets are 127.0.0.1 ports this bench started.
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { benchDir } from './paths.mjs';
import { ROOM_SIZE } from './protocols.mjs';
import { percentile } from './stats.mjs';

const require = createRequire(join(benchDir, 'package.json'));
const WebSocket = require('ws');

/** Each client sends at most this many messages per second: below rtc-room's default per-connection rate
 * limit (50/s) and far above what a real client sends while negotiating. */
export const MAX_PER_CLIENT_RATE = 40;
const TICK_MS = 10;
const WARMUP_MS = 500;
const WINDOW_MS = 3000;
const DRAIN_MS = 3000;
/** A step counts as sustained when at least this share of what was sent in the window arrived... */
const MIN_DELIVERED = 0.95;
/** ...and its p99 relay latency stays at or under this. */
export const P99_LIMIT_MS = 50;
/** A ramp stops starting new steps after this long. */
const RAMP_BUDGET_MS = 75_000;

/** Offered-rate steps (total msg/s) ×1.25 apart from `start`, capped so no client exceeds MAX_PER_CLIENT_RATE. */
export function rampRates(n, start = 4000) {
  const cap = n * MAX_PER_CLIENT_RATE;
  const rates = [];
  for (let r = start; r < cap; r = Math.round(r * 1.25)) rates.push(r);
  rates.push(cap);
  return rates;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- server process ------------------------------------------------------------------------------------

/** Forks `bench/server-child.mjs <kind> [...args]`; `stats()` reads its RSS, CPU and event-loop delay over IPC. */
export function startServer(kind, args = []) {
  const child = fork(join(benchDir, 'server-child.mjs'), [kind, ...args], {
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
  ready.catch(() => {}); // observed by whoever awaits it; never an unhandled rejection
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
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch {} resolve(); }, 3000);
        child.once('exit', () => { clearTimeout(timer); resolve(); });
        try { child.send('exit'); } catch { process.kill(child.pid, 'SIGTERM'); }
      }),
  };
}

// ---- clients -------------------------------------------------------------------------------------------

/**
 * Connects n clients of `proto` (see bench/protocols.mjs), client i to `ports[nodeOf(i)]`, in rooms of ROOM_SIZE
 * consecutive indices; client i then sends to the members of its room that `sendsTo(i, j)` picks (default: all
 * others), in turn. Received messages are counted per node of the receiver, and their relay latency recorded while
 * `state.recording`.
 */
export async function connectClients(proto, ports, n, log, { nodeOf = () => 0, sendsTo = () => true, label = '' } = {}) {
  const clients = new Array(n);
  const state = {
    received: 0,
    receivedByNode: ports.map(() => 0),
    lat: null,
    latN: 0,
    recording: false,
    errors: 0,
    closed: 0,
    closeCodes: {},
    errorSample: '',
  };
  const connectOne = (i) =>
    new Promise((resolve, reject) => {
      const node = nodeOf(i);
      const ws = new WebSocket(proto.url(ports[node], i), { perMessageDeflate: false });
      const client = { ws, i, node, id: undefined, cycles: [], k: 0, seq: proto.seq ? 0 : undefined };
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
        state.receivedByNode[node] += 1;
        client.onRelayed?.(text);
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
  for (const c of clients) {
    const room = Math.floor(c.i / ROOM_SIZE);
    const members = clients.slice(room * ROOM_SIZE, room * ROOM_SIZE + ROOM_SIZE).filter((o) => o !== c && sendsTo(c.i, o.i));
    c.cycles = members.map((m) => proto.cycle(m.id));
  }
  log(`    ${n} ${label} clients connected in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { clients, state, proto, nodes: ports.length };
}

export function closeClients(clients) {
  for (const c of clients) {
    try { c?.ws.terminate(); } catch {}
  }
}

/** The message client c sends next (its cycles round-robin over its targets), stamped with the send time. */
function nextMessage(c) {
  const cycle = c.cycles[c.k % c.cycles.length];
  const parts = cycle[Math.floor(c.k / c.cycles.length) % cycle.length];
  c.k += 1;
  const text = parts[0] + parts[1] + parts[2] + performance.now().toFixed(3) + parts[3] + parts[4] + parts[5];
  // rtc-room: the client `seq` closes the message (`…},"seq":` + n + `}`), as WebSocketSignaling numbers them.
  return c.seq === undefined ? text : `${text}${++c.seq}}`;
}

/**
 * Sends one message from `from` and resolves with true when one of `to`'s relayed messages arrives within
 * `timeoutMs` (false otherwise): the check that a path (e.g. across two nodes) relays at all before a ramp.
 */
export function probeRelay(from, to, timeoutMs = 5000) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { to.onRelayed = undefined; resolve(false); }, timeoutMs);
    to.onRelayed = () => { clearTimeout(timer); to.onRelayed = undefined; resolve(true); };
    from.ws.send(nextMessage(from));
  });
}

/** Sends at `rate` msgs/s in total for `ms`; returns how many were sent, in total and per node of the sender. */
export function sendFor({ clients, nodes }, rate, ms) {
  return new Promise((resolve) => {
    let credit = 0;
    let cursor = 0;
    let sent = 0;
    const byNode = new Array(nodes).fill(0);
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
        c.ws.send(nextMessage(c));
        sent += 1;
        byNode[c.node] += 1;
      }
      if (now - t0 >= ms) {
        clearInterval(timer);
        resolve({ sent, byNode });
      }
    }, TICK_MS);
  });
}

export function report(step, log) {
  const nodes = step.nodes.length > 1
    ? step.nodes.map((s, k) => `node ${k + 1} CPU ${(s.cpu * 100).toFixed(0)}% loop max ${s.loopMaxMs?.toFixed(0)} ms`).join(', ')
    : `server CPU ${(step.serverCpu * 100).toFixed(0)}%, server event-loop max delay ${step.serverLoopMaxMs?.toFixed(0)} ms`;
  const extra = step.probe?.summary ? `, ${step.probe.summary}` : '';
  log(`    offered ${step.offered}/s${step.retried ? ' (again)' : ''}: sent ${step.sentPerSec.toFixed(0)}/s, delivered ${step.deliveredPerSec.toFixed(0)}/s, p50 ${step.p50?.toFixed(1)} ms, p99 ${step.p99?.toFixed(1)} ms, load-generator CPU ${(step.clientCpu * 100).toFixed(0)}%, ${nodes}${extra}${step.sustained ? '' : '  (not sustained)'}`);
}

/**
 * One step at `rate`: warm-up, a measured window, a bounded drain. `servers` are the node processes (their CPU
 * and event-loop delay are read around the window); `probe` (optional) is `{ before(): Promise<x>,
 * after(x, { elapsedMs, delivered, sent }): Promise<object> }`, read around the same window (e.g. Redis counters).
 */
export async function runStep(load, servers, rate, probe) {
  const { state } = load;
  await sendFor(load, rate, WARMUP_MS);
  const before = await Promise.all(servers.map((s) => s.stats()));
  const probe0 = await probe?.before();
  const cpuClient0 = process.cpuUsage();
  const received0 = state.received;
  const receivedByNode0 = [...state.receivedByNode];
  state.lat = new Float64Array(Math.ceil(rate * (WINDOW_MS / 1000) * 1.5) + 1000);
  state.latN = 0;
  state.recording = true;
  const t0 = performance.now();
  const { sent, byNode } = await sendFor(load, rate, WINDOW_MS);
  const elapsed = performance.now() - t0;
  state.recording = false;
  const received = state.received - received0;
  const receivedByNode = state.receivedByNode.map((v, k) => v - receivedByNode0[k]);
  const after = await Promise.all(servers.map((s) => s.stats()));
  const probed = probe ? await probe.after(probe0, { elapsedMs: elapsed, delivered: received, sent }) : undefined;
  const cpuClient = process.cpuUsage(cpuClient0);
  // Drain: let what is still queued arrive before the next step (bounded).
  const drainStart = Date.now();
  let lastSeen = -1;
  while (Date.now() - drainStart < DRAIN_MS && state.received !== lastSeen) {
    lastSeen = state.received;
    await sleep(200);
  }
  const lat = state.lat.subarray(0, state.latN).sort();
  const perSec = (v) => v / (elapsed / 1000);
  const nodes = servers.map((_, k) => ({
    cpu: (after[k].cpu.user + after[k].cpu.system - before[k].cpu.user - before[k].cpu.system) / 1000 / elapsed,
    loopMaxMs: after[k].loopMaxMs,
    rss: after[k].rss,
    sentPerSec: perSec(byNode[k]),
    deliveredPerSec: perSec(receivedByNode[k]),
  }));
  const step = {
    offered: rate,
    sentPerSec: perSec(sent),
    deliveredPerSec: perSec(received),
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    // The busiest node's figures (the only node's, with one).
    serverCpu: Math.max(...nodes.map((s) => s.cpu)),
    clientCpu: (cpuClient.user + cpuClient.system) / 1000 / elapsed,
    serverLoopMaxMs: Math.max(...nodes.map((s) => s.loopMaxMs)),
    nodes,
    probe: probed,
  };
  step.sustained = received >= MIN_DELIVERED * sent && step.p99 !== undefined && step.p99 <= P99_LIMIT_MS;
  return step;
}

/**
 * The offered-rate ramp: each rate in turn (a step that misses is run once more: on a shared 2-core machine one GC
 * pause or a neighbour's burst can push a p99 over the line without the server being saturated); stops at the
 * first step that misses twice, when the server closed a client, or after RAMP_BUDGET_MS. Returns `{ steps, best }`.
 */
export async function ramp(load, servers, rates, log, probe) {
  let keepalive;
  if (load.proto.keepalive) {
    keepalive = setInterval(() => { for (const c of load.clients) c.ws.send(load.proto.keepalive); }, 5000);
  }
  const steps = [];
  const started = Date.now();
  try {
    // Warm-up (JIT, buffers), not recorded.
    await sendFor(load, rates[0] / 2, 1500);
    await sleep(500);
    for (const rate of rates) {
      if (Date.now() - started > RAMP_BUDGET_MS) {
        log(`    ramp time budget (${RAMP_BUDGET_MS / 1000} s) reached`);
        break;
      }
      let step = await runStep(load, servers, rate, probe);
      report(step, log);
      if (!step.sustained && step.deliveredPerSec >= 0.9 * step.sentPerSec) {
        step = await runStep(load, servers, rate, probe);
        step.retried = true;
        report(step, log);
      }
      steps.push(step);
      if (load.state.closed > 0) { log(`    ${load.state.closed} client sockets were closed by the server (close codes ${JSON.stringify(load.state.closeCodes)})`); break; }
      if (!step.sustained) break;
    }
  } finally {
    clearInterval(keepalive);
  }
  const best = [...steps].reverse().find((s) => s.sustained);
  return { steps, best };
}
