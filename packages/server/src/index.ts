export { createServer, HEALTH_PATH, WS_PATH } from './server.js';
export type { ListenInfo, RtcRoomServer, ServerStats } from './server.js';
export { DEFAULTS } from './options.js';
export type { ServerOptions } from './options.js';
export { silentLogger, stderrLogger } from './logger.js';
export type { LogEvent, Logger } from './logger.js';
export {
  ClientMessageSchema,
  ERROR_CODES,
  MAX_JSON_DEPTH,
  MAX_NAME_LENGTH,
  MAX_PEER_ID_LENGTH,
  MAX_RESUME_TOKEN_LENGTH,
  MAX_ROOM_LENGTH,
  MAX_TOKEN_LENGTH,
  parseClientMessage,
} from './protocol.js';
export type { ClientMessage, ErrorCode, IceServer, Payload, PeerInfo, Role, ServerMessage } from './protocol.js';
export { mintRoomToken } from './auth.js';
export type { RoomTokenClaims, RoomTokenOptions, TokenPolicy } from './auth.js';
export { MemoryJtiStore } from './jti-store.js';
export type { JtiStore } from './jti-store.js';
export { mintTurnCredentials } from './turn.js';
export type { TurnCredentialOptions, TurnCredentials } from './turn.js';
export type { RateLimit } from './ratelimit.js';
