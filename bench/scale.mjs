// Scale-out: rtc-room's signaling server as two nodes sharing rooms through one Redis (`--redis-url`, Redis
// pub/sub relays what a node's client sends to a peer on the other node), against one node without Redis (the
// baseline), under the same load: N `ws` clients in rooms of 4, client i on node i % 2 (rooms split 2 + 2), each
// client sending only to the two members of its room that are on the OTHER node, so with two nodes every relayed
// message crosses nodes. The baseline runs the same clients, rooms and sender → receiver pairs on one node.
// Figures: the offered-rate ramp of bench/load.mjs (relay throughput at p99 ≤ 50 ms, latency at equal load), per
// node connections / msg/s / RSS / CPU, and Redis's counters (INFO stats, commandstats, cpu) around every measured
// window: commands per relayed message, ops/s, Redis CPU, bytes in/out per message.
// redis-server is Debian's, started by PID on a free 127.0.0.1 port with no persistence (bench/redis.mjs); without
// it the two-node configuration is "n/a". Everything is on loopback.
import { fileURLToPath } from 'node:url';
import { closeClients, connectClients, probeRelay, ramp, rampRates, sleep, startServer } from './load.mjs';
import { PROTOCOLS } from './protocols.mjs';
import { delta, startRedis } from './redis.mjs';

export { P99_LIMIT_MS } from './load.mjs';

/** How long Redis is watched with every client joined and silent, to take the nodes' own background traffic
 * (liveness, presence refresh) out of the per-message figure. */
const IDLE_WATCH_MS = 3000;

/** The scale ramp starts lower than the two-server one (4,000/s): Redis adds a hop, and a cross-node latency
 * figure needs at least one step both configurations sustain on a shared machine. */
const START_RATE = 2000;

const gcStats = (servers) => Promise.all(servers.map((s) => s.stats(true)));

/** Redis figures of one measured window: commands per relayed message (background traffic taken out), etc. */
function redisProbe(redis, idleOpsPerSec) {
  return {
    before: () => redis.counters(),
    after: async (before, { delivered, sent }) => {
      const d = delta(before, await redis.counters());
      const relayed = Math.max(1, delivered);
      const opsPerMessage = Math.max(0, d.commands - idleOpsPerSec * d.seconds) / relayed;
      const callsPerMessage = Object.fromEntries(Object.entries(d.calls).map(([name, n]) => [name, n / relayed]));
      const cpu = d.cpuSeconds / d.seconds;
      return {
        ...d,
        opsPerSec: d.commands / d.seconds,
        opsPerMessage,
        rawOpsPerMessage: d.commands / relayed,
        // Per message sent in the window: the same figure when the step keeps up; the lower one when it does not
        // (what was published late is delivered after the window).
        opsPerSentMessage: Math.max(0, d.commands - idleOpsPerSec * d.seconds) / Math.max(1, sent),
        callsPerMessage,
        redisCpu: cpu,
        netInPerMessage: d.netIn / relayed,
        netOutPerMessage: d.netOut / relayed,
        summary: `Redis ${opsPerMessage.toFixed(2)} commands/msg, ${Math.round(d.commands / d.seconds)} ops/s, CPU ${(cpu * 100).toFixed(0)}%`,
      };
    },
  };
}

/** One configuration (`nodes` = 1 without Redis, or 2 with one Redis) at n connections. */
async function measureConfig(n, nodes, log) {
  const id = nodes === 1 ? 'one-node' : 'two-nodes';
  let redis;
  const servers = [];
  let load;
  try {
    if (nodes > 1) redis = await startRedis({ log });
    for (let k = 0; k < nodes; k++) servers.push(startServer('rtc-room', redis ? ['--redis-url', redis.url] : []));
    const ports = await Promise.all(servers.map((s) => s.ready));
    await sleep(300);
    const base = await gcStats(servers);
    const beforeJoin = await redis?.counters();
    load = await connectClients(PROTOCOLS['rtc-room'], ports, n, log, {
      nodeOf: (i) => i % nodes,
      sendsTo: (i, j) => i % 2 !== j % 2,
      label: `rtc-room (${nodes === 1 ? 'one node' : `${nodes} nodes + Redis`})`,
    });
    const joins = redis ? delta(beforeJoin, await redis.counters()) : undefined;
    await sleep(1000);
    const joined = await gcStats(servers);
    const perNode = servers.map((_, k) => ({
      connections: load.clients.filter((c) => c.node === k).length,
      rssIdle: base[k].rss,
      rssJoined: joined[k].rss,
      rssPerConn: (joined[k].rss - base[k].rss) / load.clients.filter((c) => c.node === k).length,
    }));
    log(`    RSS per node with its connections joined: ${perNode.map((p) => `${(p.rssJoined / 1e6).toFixed(1)} MB (${p.connections})`).join(', ')}`);
    // Client 0 is on node 1, client 1 on node 2 (both in room 0): a message between them crosses nodes.
    if (!(await probeRelay(load.clients[0], load.clients[1]))) {
      throw Object.assign(new Error(`a message from a client on node 1 to its room's peer on node ${nodes} did not arrive within 5 s${nodes > 1 ? ' (this build of packages/server does not relay across nodes through Redis)' : ''}`), { code: 'no-relay' });
    }
    let idle;
    if (redis) {
      const c0 = await redis.counters();
      await sleep(IDLE_WATCH_MS);
      const d = delta(c0, await redis.counters());
      idle = { opsPerSec: d.commands / d.seconds, calls: d.calls, cpu: d.cpuSeconds / d.seconds };
      log(`    Redis with every client joined and silent: ${idle.opsPerSec.toFixed(1)} ops/s ${JSON.stringify(d.calls)}; joins took ${(joins.commands / n).toFixed(1)} commands per connection ${JSON.stringify(joins.calls)}`);
    }
    const { steps, best } = await ramp(load, servers, rampRates(n, START_RATE), log, redis ? redisProbe(redis, idle.opsPerSec) : undefined);
    return {
      id,
      nodes,
      connections: n,
      redisVersion: redis?.version,
      perNode,
      joins: joins && { commandsPerJoin: joins.commands / n, callsPerJoin: Object.fromEntries(Object.entries(joins.calls).map(([k, v]) => [k, v / n])), seconds: joins.seconds },
      idle,
      steps,
      best,
      closedByServer: load.state.closed,
      closeCodes: load.state.closeCodes,
    };
  } finally {
    if (load) closeClients(load.clients);
    await Promise.all(servers.map((s) => s.stop()));
    await redis?.stop();
  }
}

/** The better of two runs of one configuration: the higher sustained throughput (a run without error first). */
function better(a, b) {
  if (!a) return b;
  if (a.error || b.error) return a.error ? b : a;
  return (b.best?.deliveredPerSec ?? 0) > (a.best?.deliveredPerSec ?? 0) ? b : a;
}

/**
 * For each connection count: one node (baseline) and two nodes + Redis, each with fresh processes, in `rounds`
 * rounds whose order alternates (one, two, two, one, …) so drift on a shared machine hits both alike; each
 * configuration's result is its best round (all rounds are kept in `rounds`).
 */
export async function measureScale({ counts = [1000, 5000], rounds = 2, log = () => {} } = {}) {
  const results = [];
  for (const n of counts) {
    const kept = { 1: undefined, 2: undefined };
    const all = [];
    for (let round = 0; round < rounds; round++) {
      for (const nodes of round % 2 === 0 ? [1, 2] : [2, 1]) {
        log(`  ${nodes === 1 ? 'one node, no Redis (baseline)' : 'two nodes + Redis, every message crosses nodes'}, ${n} connections${rounds > 1 ? `, round ${round + 1} of ${rounds}` : ''}`);
        let r;
        try {
          r = await measureConfig(n, nodes, log);
        } catch (error) {
          log(`    failed: ${error.message}`);
          r = { id: nodes === 1 ? 'one-node' : 'two-nodes', nodes, connections: n, error: error.message, missing: error.code === 'missing' };
        }
        r.round = round + 1;
        all.push(r);
        kept[nodes] = better(kept[nodes], r);
        // Without redis-server (or without a backplane) another round of the two-node run cannot do better.
        if (nodes === 2 && r.error) round = rounds;
      }
    }
    for (const nodes of [1, 2]) if (kept[nodes]) results.push({ ...kept[nodes], rounds: all.filter((r) => r.nodes === nodes) });
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const counts = (process.env.BENCH_CONNECTIONS ?? '1000,5000').split(',').map(Number);
  console.log(JSON.stringify(await measureScale({ counts, log: console.log }), null, 2));
}
