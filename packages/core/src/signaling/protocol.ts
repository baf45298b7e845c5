/**
 * The JSON wire protocol between `WebSocketSignaling` and `@rtc-room/server` (path `/ws`).
 * One JSON object per WebSocket text message. The server validates every client message
 * and stamps `from` on everything it relays; a client can never choose its own `from`.
 *
 * Client → server:
 * - `{ "type": "join", "room": string(1..128), "name": string(1..64), "token"?: string }` — `token` is a room
 *   token (JWT) when the server requires one
 * - `{ "type": "signal", "to": peerId, "payload": object, "seq"?: n }` — relay to one peer
 * - `{ "type": "broadcast", "payload": object, "seq"?: n }`            — relay to every other peer in the room
 * - `{ "type": "ice-servers" }`                                        — ask for fresh TURN credentials
 * - `{ "type": "resume", "id": string, "resumeToken": string, "lastSeq": n }` — first message on a new socket
 *   after the old one dropped: take the seat back; `lastSeq` is the last server `seq` this client received
 * - `{ "type": "leave" }`
 * - `{ "type": "ping", "id"?: string(1..64) }` — joined or not; answered at once with `pong` (same `id`)
 *
 * Server → client:
 * - `{ "type": "joined", "id", "room", "role", "peers": [{ "id", "name", "role" }], "iceServers"?, "iceServersTtlMs"?,
 *   "resumeToken"?, "resumeGraceMs"? }`
 * - `{ "type": "resumed", "id", "room", "role", "peers", "lastSeq": n, "restored"?: true, "resumeToken"?,
 *   "iceServers"?, "iceServersTtlMs"? }` — the seat is back; `lastSeq` is the last client `seq` the server relayed.
 *   Then every message the client missed is replayed, in order, with its original `seq`. `restored: true` means a
 *   restarted server rebuilt the seat from the signed token: its `seq` numbering starts again at 1 and nothing is
 *   replayed.
 * - `{ "type": "peer-joined", "peer": { "id", "name", "role" }, "seq"?: n }`
 * - `{ "type": "peer-left", "id": string, "seq"?: n }`
 * - `{ "type": "peer-away", "id": string, "seq"?: n }` — that peer's signaling dropped; its seat is kept for the grace
 *   period (it may come back with `peer-back`, or leave with `peer-left`)
 * - `{ "type": "peer-back", "id": string, "seq"?: n }`
 * - `{ "type": "signal", "from": peerId, "payload": object, "seq"?: n }` — both `signal` and `broadcast` arrive like this
 * - `{ "type": "ice-servers", "iceServers": RTCIceServer[], "iceServersTtlMs"?: number }`
 * - `{ "type": "error", "code": string, "message": string, "ref"?: string }` — see docs/server.md for codes
 * - `{ "type": "pong", "id"?: string }` — answer to `ping`
 *
 * SFU rooms add `{ "type": "sfu", "op", … }` requests and `sfu-reply` / `sfu-offer` / `sfu-event` / `sfu-state` /
 * `topology` messages: see `sfu-protocol.ts`.
 *
 * `seq` numbers count per direction and per participant session, from 1. Oversized messages (default limit
 * 64 KiB) close the socket with code 1009 (RFC 6455 §7.4.1).
 */
import type { PeerInfo, SignalingPayload } from './SignalingAdapter.js';
import type { SfuClientMessage, SfuServerMessage } from './sfu-protocol.js';

/** What a participant may do: publishers send and receive media, subscribers only receive. */
export type ParticipantRole = 'publisher' | 'subscriber';

/** Messages a client sends. */
export type ClientMessage =
  | { type: 'join'; room: string; name: string; token?: string }
  | { type: 'signal'; to: string; payload: SignalingPayload; seq?: number }
  | { type: 'broadcast'; payload: SignalingPayload; seq?: number }
  | { type: 'ice-servers' }
  | { type: 'resume'; id: string; resumeToken: string; lastSeq: number }
  | { type: 'leave' }
  | { type: 'ping'; id?: string }
  | SfuClientMessage;

/** Fields `joined` and `resumed` share. */
export interface SessionInfo {
  id: string;
  room: string;
  role?: ParticipantRole;
  peers: PeerInfo[];
  iceServers?: RTCIceServer[];
  iceServersTtlMs?: number;
}

/** Messages the server sends. */
export type ServerMessage =
  | ({ type: 'joined'; resumeToken?: string; resumeGraceMs?: number } & SessionInfo)
  | ({ type: 'resumed'; lastSeq: number; restored?: boolean; resumeToken?: string } & SessionInfo)
  | { type: 'peer-joined'; peer: PeerInfo; seq?: number }
  | { type: 'peer-left'; id: string; seq?: number }
  | { type: 'peer-away'; id: string; seq?: number }
  | { type: 'peer-back'; id: string; seq?: number }
  | { type: 'signal'; from: string; payload: SignalingPayload; seq?: number }
  | { type: 'ice-servers'; iceServers: RTCIceServer[]; iceServersTtlMs?: number }
  | { type: 'error'; code: string; message: string; ref?: string }
  | { type: 'pong'; id?: string }
  | (SfuServerMessage & { seq?: number });
