/**
 * Liveness checks: ping every client each period and terminate those that did not answer
 * the previous ping, so a vanished client is removed within two periods.
 *
 * @packageDocumentation
 */
import type { WebSocket, WebSocketServer } from 'ws';

const alive = new WeakSet<WebSocket>();

/** Marks a socket alive now and on every pong. Call once per accepted socket. */
export function trackLiveness(socket: WebSocket): void {
  alive.add(socket);
  socket.on('pong', () => alive.add(socket));
}

/**
 * Starts the heartbeat for all clients of `wss`.
 *
 * @param intervalMs - period between pings, in milliseconds
 * @param onTerminate - called with each socket terminated for missing a pong
 * @returns a function that stops the heartbeat
 */
export function startHeartbeat(
  wss: WebSocketServer,
  intervalMs: number,
  onTerminate: (socket: WebSocket) => void,
): () => void {
  const timer = setInterval(() => {
    for (const socket of wss.clients) {
      if (!alive.has(socket)) {
        onTerminate(socket);
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      try {
        socket.ping();
      } catch {
        socket.terminate();
      }
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
