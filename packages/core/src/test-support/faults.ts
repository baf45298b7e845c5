/**
 * Fault injection for this repository's system tests: the loopback-only `/__rtc-test/…` routes of
 * web-test-runner.config.mjs (coturn, the signaling server processes, Janus), and a dropped signaling socket.
 */
import type { WebSocketSignaling } from '../signaling/WebSocketSignaling.js';

/** A fault route of web-test-runner.config.mjs: `turn/kill`, `signaling/start`, `janus/block`, … */
export type FaultPath =
  | `turn/${'kill' | 'start' | 'pause' | 'resume'}`
  | `${'signaling' | 'plain-signaling' | 'sfu-signaling' | 'plain-sfu-signaling'}/${'kill' | 'start'}`
  | `janus/${'kill' | 'start' | 'block' | 'unblock'}`;

/** POSTs `/__rtc-test/<path>`; throws (failing the test) when the runner refuses, e.g. 503 without coturn. */
export async function fault(path: FaultPath): Promise<void> {
  const response = await fetch(`/__rtc-test/${path}`, { method: 'POST' });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
}

/** Cuts the adapter's current WebSocket the way a dropped network does (no leave is sent; the server stays up). */
export function cut(signaling: WebSocketSignaling, reason = 'test: network drop'): void {
  const socket = (signaling as unknown as { socket?: WebSocket }).socket;
  if (!socket) throw new Error('no socket to cut');
  socket.close(4001, reason);
}
