/**
 * Liveness checks: ping every client each period and terminate those that did not answer
 * the previous ping, so a vanished client is removed within two periods.
 *
 * The period is cut into {@link HEARTBEAT_SLICES} slices and each slice pings its share of the sockets, so a
 * server with thousands of clients never spends one event-loop turn writing thousands of ping frames (which
 * stalled every relayed message behind it).
 *
 * @packageDocumentation
 */
import { WebSocket, type WebSocketServer } from 'ws';

/** Each heartbeat period is spread over this many timer turns. */
export const HEARTBEAT_SLICES = 10;

const alive = new WeakSet<WebSocket>();
/** One listener for every socket (no closure per socket). */
function onPong(this: WebSocket): void {
  alive.add(this);
}

/** Marks a socket alive now and on every pong. Call once per accepted socket. */
export function trackLiveness(socket: WebSocket): void {
  alive.add(socket);
  socket.on('pong', onPong);
}

/**
 * Starts the heartbeat for all clients of `wss`.
 *
 * @param intervalMs - period between pings of one socket, in milliseconds
 * @param onTerminate - called with each socket terminated for missing a pong
 * @returns a function that stops the heartbeat
 */
export function startHeartbeat(
  wss: WebSocketServer,
  intervalMs: number,
  onTerminate: (socket: WebSocket) => void,
): () => void {
  /** The sockets of the current period (taken at its start) and how far this period got through them. */
  let round: WebSocket[] = [];
  let next = 0;
  let slice = 0;
  const check = (socket: WebSocket): void => {
    if (socket.readyState === WebSocket.CLOSED) return;
    if (!alive.has(socket)) {
      onTerminate(socket);
      socket.terminate();
      return;
    }
    alive.delete(socket);
    try {
      socket.ping();
    } catch {
      socket.terminate();
    }
  };
  const timer = setInterval(() => {
    if (slice === 0) {
      round = [...wss.clients];
      next = 0;
    }
    slice += 1;
    // Slice k of the period handles the sockets up to k/SLICES of the round.
    const end = Math.ceil((round.length * slice) / HEARTBEAT_SLICES);
    for (; next < end; next++) check(round[next] as WebSocket);
    if (slice === HEARTBEAT_SLICES) {
      slice = 0;
      round = [];
    }
  }, intervalMs / HEARTBEAT_SLICES);
  timer.unref();
  return () => clearInterval(timer);
}
