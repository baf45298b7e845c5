/**
 * The JSON wire protocol between `WebSocketSignaling` and `@rtc-room/server` (path `/ws`).
 * One JSON object per WebSocket text message. The server validates every client message
 * and stamps `from` on everything it relays; a client can never choose its own `from`.
 *
 * Client → server:
 * - `{ "type": "join", "room": string(1..128), "name": string(1..64) }`
 * - `{ "type": "signal", "to": peerId, "payload": object }`   — relay to one peer
 * - `{ "type": "broadcast", "payload": object }`              — relay to every other peer in the room
 * - `{ "type": "leave" }`
 *
 * Server → client:
 * - `{ "type": "joined", "id": string, "room": string, "peers": [{ "id", "name" }], "iceServers"?: RTCIceServer[] }`
 * - `{ "type": "peer-joined", "peer": { "id", "name" } }`
 * - `{ "type": "peer-left", "id": string }`
 * - `{ "type": "signal", "from": peerId, "payload": object }`  — both `signal` and `broadcast` arrive like this
 * - `{ "type": "error", "code": string, "message": string }`   — `code` is one of
 *   `invalid-json`, `invalid-message`, `unknown-peer`, `not-joined`, `already-joined`, `room-full`, `unauthorized`,
 *   `message-too-large`, `internal`
 * Oversized messages (default limit 64 KiB) close the socket with code 1009 (RFC 6455 §7.4.1).
 */
import type { PeerInfo, SignalingPayload } from './SignalingAdapter.js';

/** Messages a client sends. */
export type ClientMessage =
  | { type: 'join'; room: string; name: string }
  | { type: 'signal'; to: string; payload: SignalingPayload }
  | { type: 'broadcast'; payload: SignalingPayload }
  | { type: 'leave' };

/** Messages the server sends. */
export type ServerMessage =
  | { type: 'joined'; id: string; room: string; peers: PeerInfo[]; iceServers?: RTCIceServer[] }
  | { type: 'peer-joined'; peer: PeerInfo }
  | { type: 'peer-left'; id: string }
  | { type: 'signal'; from: string; payload: SignalingPayload }
  | { type: 'error'; code: string; message: string };
