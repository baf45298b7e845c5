import { SignalingError } from '../../errors/SignalingError.js';
import { JanusSession, webSocketTransport, type JanusSessionOptions } from './janus-session.js';

/**
 * Opens the browser's WebSocket to Janus (subprotocol `janus-protocol`) and starts a session on it.
 * @throws {SignalingError} `signaling-failed` when nothing answers within `timeoutMs`; Janus's own refusals
 *   (e.g. a wrong `apisecret`) reject with a `JanusError`.
 */
export async function openJanusSession(url: string, options: JanusSessionOptions, timeoutMs: number): Promise<JanusSession> {
  const socket = new WebSocket(url, 'janus-protocol');
  const session = new JanusSession(webSocketTransport(socket), options);
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      socket.onopen = socket.onclose = null;
      socket.close();
      reject(SignalingError.failed(`Cannot reach Janus at ${url}: ${why}.`));
    };
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
    socket.onopen = () => (clearTimeout(timer), resolve());
    socket.onclose = (event) => fail(`the connection closed (code ${event.code})`);
  });
  socket.onmessage = (event: MessageEvent) => session.receive(String(event.data));
  socket.onclose = () => session.transportClosed();
  await session.start();
  return session;
}
