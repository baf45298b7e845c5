// Signaling-server throughput: N plain `ws` clients on loopback, in rooms of 4, relaying offer/answer-sized
// (~4 KB) and candidate-sized (~200 B) messages to a peer in their room at a fixed, stepped offered rate.
// The same load shape against rtc-room's server and the PeerJS server (`peer` on npm), each in its own
// child process (bench/server-child.mjs) so its RSS and CPU are its own. The load generator is bench/load.mjs;
// the message shapes are bench/protocols.mjs.
import { fileURLToPath } from 'node:url';
import { closeClients, connectClients, ramp, rampRates, sleep, startServer } from './load.mjs';
import { PROTOCOLS } from './protocols.mjs';

export { P99_LIMIT_MS } from './load.mjs';

/** One server kind at one connection count: RSS per connection, then an offered-rate ramp. */
async function measureOne(kind, n, rates, log) {
  const server = startServer(kind);
  let load;
  try {
    const port = await server.ready;
    await sleep(300);
    const base = await server.stats(true);
    load = await connectClients(PROTOCOLS[kind], [port], n, log, { label: kind });
    await sleep(1000);
    const connected = await server.stats(true);
    await sleep(500);
    const rssPerConn = (connected.rss - base.rss) / n;
    const heapPerConn = (connected.heapUsed - base.heapUsed) / n;
    log(`    RSS ${(base.rss / 1e6).toFixed(1)} MB idle -> ${(connected.rss / 1e6).toFixed(1)} MB with ${n} connections: ${(rssPerConn / 1024).toFixed(1)} KiB per connection`);
    const { steps, best } = await ramp(load, [server], rates, log);
    return { kind, connections: n, rssPerConn, heapPerConn, steps, best, closedByServer: load.state.closed, closeCodes: load.state.closeCodes };
  } finally {
    if (load) closeClients(load.clients);
    await server.stop();
  }
}

export async function measureThroughput({ counts = [1000, 5000], log = () => {} } = {}) {
  const results = [];
  for (const n of counts) {
    const rates = rampRates(n);
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
