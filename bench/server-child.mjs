// One signaling server under load, in its own process so its RSS and CPU can be read on their own.
// `node --expose-gc bench/server-child.mjs rtc-room|peerjs [--redis-url redis://127.0.0.1:P]` (started by
// bench/load.mjs through fork()); `--redis-url` (rtc-room only) is the CLI's flag, passed as `redisUrl` to createServer.
// Listens on 127.0.0.1 only, port 0; tells the parent { ready, port } over IPC; answers 'stats' / 'stats-gc'
// with { rss, heapUsed, cpu, event-loop delay } ('stats-gc' first runs a full GC, with --expose-gc); exits on 'exit' or when the parent goes.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { benchDir, project } from './paths.mjs';

const kind = process.argv[2];
const redisAt = process.argv.indexOf('--redis-url');
const redisUrl = redisAt > 2 ? process.argv[redisAt + 1] : undefined;
const require = createRequire(join(benchDir, 'package.json'));

async function start() {
  if (kind === 'rtc-room') {
    const { createServer } = await import(pathToFileURL(project('packages/server/dist/index.js')).href);
    // Defaults as deployed (room size, message size, heartbeat, per-connection rate limit), except: logging off,
    // and the per-address caps (open sockets, and TCP connections not yet upgraded) off, because every simulated
    // client comes from 127.0.0.1 and they connect 100 at a time.
    const options = { port: 0, host: '127.0.0.1', logger: () => {}, maxConnectionsPerIp: 0, maxPendingConnectionsPerIp: 0 };
    // Diagnosis only (not used by `npm run bench`): BENCH_RTC_PING_MS overrides the heartbeat period.
    if (process.env.BENCH_RTC_PING_MS) options.pingIntervalMs = Number(process.env.BENCH_RTC_PING_MS);
    // One node of several sharing rooms through Redis (bench/scale.mjs).
    if (redisUrl) options.redisUrl = redisUrl;
    const server = createServer(options);
    const { port } = await server.listen();
    return port;
  }
  if (kind === 'peerjs') {
    const { PeerServer } = require('peer');
    return await new Promise((resolve) => {
      // concurrent_limit defaults to 5000; raised so the 5,000-connection step is not refused by a config knob.
      PeerServer({ port: 0, host: '127.0.0.1', path: '/', concurrent_limit: 100_000 }, (server) => resolve(server.address().port));
    });
  }
  throw new Error(`unknown server kind ${kind}`);
}

const port = await start();
// Event-loop delay since the previous 'stats' call: how long the server was unable to relay anything.
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
process.on('message', (msg) => {
  if (msg === 'stats' || msg === 'stats-gc') {
    // A full GC only for the memory reading: forcing one before every load step would stall the server.
    if (msg === 'stats-gc') {
      globalThis.gc?.();
      globalThis.gc?.();
    }
    const m = process.memoryUsage();
    process.send({ stats: { rss: m.rss, heapUsed: m.heapUsed, cpu: process.cpuUsage(), loopMaxMs: loop.max / 1e6, loopP99Ms: loop.percentile(99) / 1e6 } });
    loop.reset();
  } else if (msg === 'exit') {
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: true, port });
