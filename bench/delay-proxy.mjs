// A TCP proxy on 127.0.0.1 that holds every chunk for `delayMs` in each direction, in order: `2 × delayMs` of
// round-trip time on the signaling path (WebSocket upgrade and every frame), without kernel netem. Used by the
// call-setup bench's slower-network row (bench/setup.mjs). Chunks are written in arrival order: timers with the
// same delay fire in the order they were set (Node's timer lists are per duration, FIFO).
import { createConnection, createServer } from 'node:net';

/**
 * @param {{ port: number, host?: string, delayMs: number }} target the server to forward to, and the one-way delay
 * @returns {Promise<{ port: number, close: () => Promise<void> }>}
 */
export async function startDelayProxy({ port, host = '127.0.0.1', delayMs }) {
  const sockets = new Set();
  const pipe = (from, to) => {
    from.on('data', (chunk) => {
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, delayMs);
    });
    from.on('end', () => setTimeout(() => to.end(), delayMs));
    from.on('error', () => to.destroy());
    from.on('close', () => setTimeout(() => to.destroy(), delayMs));
  };
  const server = createServer((client) => {
    const upstream = createConnection({ port, host });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('close', () => sockets.delete(s));
    }
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: server.address().port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
