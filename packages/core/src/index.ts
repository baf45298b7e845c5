export { Room } from './room/Room.js';
export type { ConnectionState, DeviceKind, RoomEvents, RoomOptions, Topology } from './room/types.js';
export type { DataMessage, SendOptions } from './data/types.js';
export type { ScreenShareOptions } from './room/ScreenShare.js';
export type { RoomModeration } from './room/Moderation.js';
export type { ModerationChannel, ModerationEvent, ModerationRequest } from './signaling/moderation-protocol.js';
export { Participant } from './participants/Participant.js';
export { LocalParticipant, type LocalTrack } from './participants/LocalParticipant.js';
export { RemoteParticipant } from './participants/RemoteParticipant.js';
export type { Track, TrackKind, TrackSource } from './participants/Track.js';
export type { RemoteTrack, VideoDimensions } from './participants/RemoteTrack.js';
export { RtcError, type RtcErrorCode, type RtcErrorOptions } from './errors/RtcError.js';
export { MediaError, type MediaKind } from './errors/MediaError.js';
export { SignalingError } from './errors/SignalingError.js';
export { NegotiationError } from './errors/NegotiationError.js';
export type {
  PeerChannel,
  PeerInfo,
  PeerListener,
  SignalingAdapter,
  SignalingHandlers,
  SignalingJoinRequest,
  SignalingJoinResult,
  SignalingPayload,
  SignalingState,
  IceServersResult,
} from './signaling/SignalingAdapter.js';
export type { ClientMessage, ParticipantRole, ServerMessage, SessionInfo } from './signaling/protocol.js';
export { WebSocketSignaling, type WebSocketSignalingOptions } from './signaling/WebSocketSignaling.js';
export type { ReconnectOptions } from './signaling/backoff.js';
export {
  BroadcastChannelSignaling,
  type BroadcastChannelSignalingOptions,
} from './signaling/BroadcastChannelSignaling.js';
export { MemorySignaling, MemorySignalingHub } from './signaling/MemorySignaling.js';
export { JanusSignaling, type JanusSignalingOptions } from './signaling/janus/JanusSignaling.js';
export type { CandidateType, ParticipantStats } from './stats/types.js';
export { videoQualityFor, type VideoQuality } from './media/video-quality.js';
export { chooseVideoCodec, DEFAULT_VIDEO_CODECS, VIDEO_CODECS, type VideoCodec, type VideoCodecSupport } from './media/codecs.js';
export type {
  SfuChannel,
  SfuClientMessage,
  SfuEvent,
  SfuJsep,
  SfuNotice,
  SfuReply,
  SfuRequest,
  SfuServerMessage,
  SfuStream,
} from './signaling/sfu-protocol.js';
export type { RecordingOptions, RoomRecording, ServerRecording } from './recording/types.js';
export { ROOM_EVENT_NAMES, ROOM_STATE_EVENTS } from './room/state-events.js';
export { normalizeStats } from './stats/normalize.js';
export type { ConnectionQuality, ConnectionQualityReason, ConnectionQualityReport } from './quality/types.js';
export type * from './preflight/types.js';
