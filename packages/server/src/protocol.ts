/**
 * The JSON wire protocol spoken on `/ws` is defined once, in `@rtc-room/protocol` (schemas, types, limits, error
 * codes, the protocol version and {@link parseClientMessage}); this module re-exports what the server uses so its
 * modules import one local path. Documented in `docs/server.md` ("Protocol").
 *
 * @packageDocumentation
 */
export {
  CLIENT_MESSAGE_TYPES,
  ClientMessageSchema,
  ERROR_CODES,
  MAX_JSON_DEPTH,
  MAX_NAME_LENGTH,
  MAX_PEER_ID_LENGTH,
  MAX_PING_ID_LENGTH,
  MAX_RESUME_TOKEN_LENGTH,
  MAX_ROOM_LENGTH,
  MAX_SDP_LENGTH,
  MAX_TOKEN_LENGTH,
  PROTOCOL_VERSION,
  REMOVED_CLOSE_CODE,
  exceedsDepth,
  parseClientMessage,
} from '@rtc-room/protocol';
export type {
  ClientMessage,
  ErrorCode,
  IceServer,
  ParseResult,
  Payload,
  PeerInfo,
  PeerPayloadOf,
  Role,
  ServerMessage,
  SfuErrorCode,
  SfuMessage,
  SfuRecording,
  SfuServerMessage,
  SfuStream,
} from '@rtc-room/protocol';
