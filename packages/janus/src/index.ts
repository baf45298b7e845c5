// @rtc-room/janus: the Janus WebSocket API session and the VideoRoom driver, shared by @rtc-room/core's
// JanusSignaling (browser, split signaling) and @rtc-room/server (centralized signaling). Exports only; no DOM.
export {
  JanusCoreError,
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
} from './session.js';
export { openJanusSession, type JanusSocket, type JanusSocketConstructor, type OpenJanusSessionOptions } from './connect.js';
export { JanusConnection, type JanusConnectionOptions } from './connection.js';
export {
  createRoomRequest,
  ROOM_VIDEO_CODECS,
  streamDescriptions,
  subscribedFeeds,
  subscribedStreams,
  SUBSTREAM_OF_QUALITY,
  layerOf,
  remotePublisherStreams,
  talkingOf,
  VideoRoomError,
  type JanusId,
  type RemotePublisherStream,
  type StreamSource,
  type SubscribedStream,
} from './videoroom.js';
export { compareFeedIds, newFeedId, roomIdOf } from './ids.js';
export { VideoRoomPublisher, type PublishedSources } from './publisher.js';
export { VideoRoomSubscriber, type LayerChoice, type VideoRoomSubscriberOptions, type WantedFeed } from './subscriber.js';
