/**
 * The JSON wire protocol between `WebSocketSignaling` and `@rtc-room/server` (path `/ws`).
 * One JSON object per WebSocket text message. The server validates every client message
 * and stamps `from` on everything it relays; a client can never choose its own `from`.
 *
 * Client → server:
 * - `{ "type": "join", "room": string(1..128), "name": string(1..64), "token"?: string }` — `token` is a room
 *   token (JWT) when the server requires one
 * - `{ "type": "signal", "to": peerId, "payload": object }`   — relay to one peer
 * - `{ "type": "broadcast", "payload": object }`              — relay to every other peer in the room
 * - `{ "type": "ice-servers" }`                               — ask for fresh TURN credentials
 * - `{ "type": "leave" }`
 *
 * Server → client:
 * - `{ "type": "joined", "id", "room", "role", "peers": [{ "id", "name", "role" }], "iceServers"?, "iceServersTtlMs"? }`
 * - `{ "type": "peer-joined", "peer": { "id", "name", "role" } }`
 * - `{ "type": "peer-left", "id": string }`
 * - `{ "type": "signal", "from": peerId, "payload": object }`  — both `signal` and `broadcast` arrive like this
 * - `{ "type": "ice-servers", "iceServers": RTCIceServer[], "iceServersTtlMs"?: number }`
 * - `{ "type": "error", "code": string, "message": string, "ref"?: string }` — see docs/server.md for codes
 * Oversized messages (default limit 64 KiB) close the socket with code 1009 (RFC 6455 §7.4.1).
 */
import type { PeerInfo, SignalingPayload } from './SignalingAdapter.js';

/** What a participant may do: publishers send and receive media, subscribers only receive. */
export type ParticipantRole = 'publisher' | 'subscriber';

/** Messages a client sends. */
export type ClientMessage =
  | { type: 'join'; room: string; name: string; token?: string }
  | { type: 'signal'; to: string; payload: SignalingPayload }
  | { type: 'broadcast'; payload: SignalingPayload }
  | { type: 'ice-servers' }
  | { type: 'leave' };

/** Messages the server sends. */
export type ServerMessage =
  | {
      type: 'joined';
      id: string;
      room: string;
      role?: ParticipantRole;
      peers: PeerInfo[];
      iceServers?: RTCIceServer[];
      iceServersTtlMs?: number;
    }
  | { type: 'peer-joined'; peer: PeerInfo }
  | { type: 'peer-left'; id: string }
  | { type: 'signal'; from: string; payload: SignalingPayload }
  | { type: 'ice-servers'; iceServers: RTCIceServer[]; iceServersTtlMs?: number }
  | { type: 'error'; code: string; message: string; ref?: string };
