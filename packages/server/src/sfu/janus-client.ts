/**
 * Opens the server's one Janus session over Node's `ws`. The session itself (transactions, keepalives, events
 * routed to handles) is `JanusSession` from `@rtc-room/core/janus-api`, shared with the browser's
 * `JanusSignaling`.
 *
 * @packageDocumentation
 */
import { JanusError, JanusSession, webSocketTransport } from '@rtc-room/core/janus-api';
import { WebSocket } from 'ws';

/**
 * Opens the socket (subprotocol `janus-protocol`) and creates a session. `onClose` runs when the socket closes
 * (Janus stopped or restarted: the session and every handle are gone), not after `close()`.
 * @throws {JanusError} when Janus is unreachable or refuses the session.
 */
export async function connectJanus(url: string, onClose: () => void, timeoutMs = 5000): Promise<JanusSession> {
  const socket = new WebSocket(url, 'janus-protocol');
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => (socket.terminate(), reject(new JanusError(`Janus at ${url} did not answer`))), timeoutMs);
    socket.once('open', () => (clearTimeout(timer), resolve()));
    socket.once('error', (error) => (clearTimeout(timer), reject(new JanusError(`Janus at ${url}: ${error.message}`))));
  });
  const session = new JanusSession(webSocketTransport(socket), { onClose });
  socket.on('message', (data) => session.receive(String(data)));
  socket.on('close', () => session.transportClosed());
  socket.on('error', () => undefined); // 'close' follows
  await session.start();
  return session;
}
