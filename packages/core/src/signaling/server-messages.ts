/**
 * Reading `@rtc-room/server` messages on the client: JSON parsing and the `joined` message as a
 * {@link SignalingJoinResult}. Used by `WebSocketSignaling` (error codes: `server-errors.ts`).
 *
 * @packageDocumentation
 */
import type { ServerMessage } from './protocol.js';
import type { SignalingJoinResult } from './SignalingAdapter.js';

/** A WebSocket frame as a server message: a JSON object with a string `type`, else `undefined`. */
export function parseServerMessage(data: unknown): ServerMessage | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(data);
    if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') {
      return value as ServerMessage;
    }
  } catch {
    // not JSON
  }
  return undefined;
}

/** What a `joined` message tells the `Room`. */
export function toJoinResult(message: Extract<ServerMessage, { type: 'joined' }>): SignalingJoinResult {
  return {
    selfId: message.id,
    peers: message.peers,
    role: message.role,
    ...(message.locked ? { locked: true } : {}),
    ...(message.iceServers ? { iceServers: message.iceServers } : {}),
    ...(message.iceServersTtlMs !== undefined ? { iceServersTtlMs: message.iceServersTtlMs } : {}),
  };
}
