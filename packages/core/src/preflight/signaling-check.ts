/**
 * Preflight signaling check: open the WebSocket, time `ping` → `pong` round trips (server protocol, see
 * docs/server.md), and, when asked, join a throw-away room for the server's ICE servers (TURN credentials).
 * With an adapter instead of a URL, the probe is a timed `join()` and `leave()`.
 */
import { RtcError } from '../errors/RtcError.js';
import { SignalingError } from '../errors/SignalingError.js';
import type { SignalingAdapter } from '../signaling/SignalingAdapter.js';
import type { PreflightSignalingCheck } from './types.js';

/** A round trip above this many ms makes the check warn. */
const SLOW_RTT_MS = 300;
const PINGS = 3;

/** What the signaling probe found, plus the server's ICE servers when it was asked for them. */
export interface SignalingProbe {
  check: PreflightSignalingCheck;
  iceServers?: RTCIceServer[];
  /** Why no ICE servers came back, when they were asked for. */
  iceServersProblem?: string;
}

const REMEDY_UNREACHABLE =
  'Check the server address; make sure the server is running and that this network (a firewall or proxy) allows ' +
  'WebSocket connections to it (wss:// on port 443 passes most networks).';

const randomRoom = (): string => `preflight-${Math.random().toString(36).slice(2, 10)}`;

type Json = Record<string, unknown>;

/** Messages of one socket, awaited by predicate. */
class Inbox {
  private readonly queue: Json[] = [];
  private wake: (() => void) | undefined;
  closed = false;

  constructor(socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      try {
        const data: unknown = JSON.parse(String(event.data));
        if (data && typeof data === 'object') this.queue.push(data as Json);
      } catch {
        // not JSON: not for us
      }
      this.wake?.();
    });
    socket.addEventListener('close', () => {
      this.closed = true;
      this.wake?.();
    });
  }

  async next(match: (m: Json) => boolean, timeoutMs: number): Promise<Json | undefined> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const index = this.queue.findIndex(match);
      if (index >= 0) return this.queue.splice(index, 1)[0];
      const left = deadline - performance.now();
      if (this.closed || left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}

function failed(detail: string, error: RtcError, remedy = REMEDY_UNREACHABLE): SignalingProbe {
  return { check: { status: 'failed', detail, remedy, error } };
}

/** Opens `url`, times pings, optionally joins a throw-away room for ICE servers; always closes the socket. */
export async function probeUrl(
  url: string,
  options: { wantIceServers: boolean; room?: string; token?: string; timeoutMs: number },
): Promise<SignalingProbe> {
  const started = performance.now();
  let socket: WebSocket;
  try {
    socket = new WebSocket(url);
  } catch (error) {
    return failed(`"${url}" is not a WebSocket URL.`, SignalingError.failed(`Invalid signaling URL: ${url}`, error), 'Use the server\'s ws:// or wss:// address (ending in /ws).');
  }
  const inbox = new Inbox(socket);
  try {
    const opened = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), options.timeoutMs);
      socket.addEventListener('open', () => (clearTimeout(timer), resolve(true)));
      socket.addEventListener('close', () => (clearTimeout(timer), resolve(false)));
    });
    if (!opened) {
      const detail = inbox.closed
        ? `Could not connect to the signaling server at ${url}.`
        : `The signaling server at ${url} did not answer within ${options.timeoutMs} ms.`;
      return failed(detail, SignalingError.failed(detail));
    }
    const connectMs = Math.round(performance.now() - started);
    const rtts: number[] = [];
    let noPing = false;
    for (let i = 0; i < PINGS && !noPing; i++) {
      const id = `preflight-${i}`;
      const sent = performance.now();
      socket.send(JSON.stringify({ type: 'ping', id }));
      const reply = await inbox.next((m) => (m['type'] === 'pong' && m['id'] === id) || (m['type'] === 'error' && m['ref'] === 'ping'), options.timeoutMs);
      if (!reply) {
        const detail = `The signaling server at ${url} accepted the connection but did not answer within ${options.timeoutMs} ms.`;
        return failed(detail, SignalingError.failed(detail), 'The server may be overloaded, or a proxy holds WebSocket messages back; try again or contact the administrator.');
      }
      if (reply['type'] === 'error') noPing = true;
      else rtts.push(performance.now() - sent);
    }
    const best = rtts.length > 0 ? Math.round(Math.min(...rtts)) : connectMs;
    const probe: SignalingProbe = {
      check:
        best > SLOW_RTT_MS
          ? {
              status: 'warning',
              ms: best,
              connectMs,
              detail: `The signaling server answers slowly: ${best} ms round trip.`,
              remedy: 'Calls will take longer to start. A closer server or a better connection helps.',
            }
          : {
              status: 'ok',
              ms: best,
              connectMs,
              detail: noPing
                ? `Connected to the signaling server in ${connectMs} ms (the server is too old to time a round trip).`
                : `The signaling server answers in ${best} ms (connected in ${connectMs} ms).`,
            },
    };
    if (options.wantIceServers) {
      socket.send(JSON.stringify({ type: 'join', room: options.room ?? randomRoom(), name: 'preflight', ...(options.token ? { token: options.token } : {}) }));
      const reply = await inbox.next((m) => m['type'] === 'joined' || (m['type'] === 'error' && m['ref'] === 'join'), options.timeoutMs);
      if (reply?.['type'] === 'joined') {
        probe.iceServers = Array.isArray(reply['iceServers']) ? (reply['iceServers'] as RTCIceServer[]) : [];
        socket.send(JSON.stringify({ type: 'leave' }));
      } else {
        probe.iceServersProblem = reply
          ? `the server refused the probe join (${String(reply['code'])}: ${String(reply['message'])})`
          : 'the server did not answer the probe join';
      }
    }
    return probe;
  } finally {
    socket.close(1000);
  }
}

/** Times `join()` + `leave()` on a fresh adapter; returns the ICE servers it hands out. */
export async function probeAdapter(
  adapter: SignalingAdapter,
  options: { room?: string; timeoutMs: number },
): Promise<SignalingProbe> {
  const ignore = (): void => undefined;
  adapter.setHandlers({ peerJoined: ignore, peerLeft: ignore, stateChanged: ignore, error: ignore });
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const result = await Promise.race([
      adapter.join({ room: options.room ?? randomRoom(), name: 'preflight' }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(SignalingError.failed(`No answer from signaling within ${options.timeoutMs} ms.`)), options.timeoutMs);
      }),
    ]);
    const ms = Math.round(performance.now() - started);
    return {
      check: { status: ms > SLOW_RTT_MS * 3 ? 'warning' : 'ok', ms, detail: `Joined a probe room through signaling in ${ms} ms.` },
      iceServers: [...(result.iceServers ?? [])],
    };
  } catch (error) {
    const e = error instanceof RtcError ? error : SignalingError.failed(String(error), error);
    return failed(`Signaling failed: ${e.message}`, e, e.code === 'unauthorized' ? 'Pass a valid room token (`token`) for the probe room.' : REMEDY_UNREACHABLE);
  } finally {
    clearTimeout(timer);
    await adapter.leave().catch(() => undefined);
  }
}
