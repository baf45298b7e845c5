// The Janus protocol layer shared with @rtc-room/server (package subpath `@rtc-room/core/janus-api`): one
// session over any socket, and the VideoRoom messages both drivers send. Exports only; DOM-free.
export {
  JanusError,
  JanusSession,
  KEEPALIVE_MS,
  webSocketTransport,
  type JanusMessage,
  type JanusSessionOptions,
  type JanusTransport,
  type Jsep,
  type PluginResult,
  type WebSocketLike,
} from './janus-session.js';
export {
  createRoomRequest,
  streamDescriptions,
  subscribedFeeds,
  subscribedStreams,
  talkingOf,
  VideoRoomError,
  type JanusId,
  type SubscribedStream,
} from './videoroom.js';
