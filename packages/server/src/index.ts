export { createServer, HEALTH_PATH, WS_PATH } from './server.js';
export type { ListenInfo, RtcRoomServer, ServerStats } from './server.js';
export { DEFAULTS } from './options.js';
export type { ServerOptions } from './options.js';
export { silentLogger, stderrLogger } from './logger.js';
export type { LogEvent, Logger } from './logger.js';
export { ClientMessageSchema, MAX_NAME_LENGTH, MAX_PEER_ID_LENGTH, MAX_ROOM_LENGTH, parseClientMessage } from './protocol.js';
export type { ClientMessage, ErrorCode, IceServer, Payload, PeerInfo, ServerMessage } from './protocol.js';
