import type { DataMessage } from '../data/types.js';
import type { RtcError } from '../errors/RtcError.js';
import type { LocalTrack } from '../participants/LocalParticipant.js';
import type { Participant } from '../participants/Participant.js';
import type { RemoteParticipant } from '../participants/RemoteParticipant.js';
import type { RemoteTrack } from '../participants/RemoteTrack.js';
import type { Track } from '../participants/Track.js';
import type { SignalingAdapter } from '../signaling/SignalingAdapter.js';
import type { CandidateType, ParticipantStats } from '../stats/types.js';
import type { ConnectionQualityReport } from '../quality/types.js';
import type { VideoCodec } from '../media/codecs.js';

/** Lifecycle of a `Room`. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/**
 * How media travels: `mesh` (one connection per peer; comfortable up to ~4 people), `sfu` (through the signaling
 * server's media server: one upload whatever the room size, simulcast), `auto` (mesh, moved to the SFU by the
 * server when the room grows past 4 and back at 2, without dropping video).
 */
export type Topology = 'mesh' | 'sfu' | 'auto';

/** A device kind rtc-room can switch (the `MediaDeviceInfo.kind` values). */
export type DeviceKind = 'audioinput' | 'videoinput' | 'audiooutput';

/** Options for `new Room(options)`. */
export interface RoomOptions {
  /** Room name (1–128 characters). Participants with the same name and signaling meet. */
  room: string;
  /** This participant's display name (1–64 characters). Default `'Guest'`. */
  name?: string;
  /** The signaling adapter (`WebSocketSignaling`, `BroadcastChannelSignaling`, `MemorySignaling`, or yours). */
  signaling: SignalingAdapter;
  /** Media topology. Default `'mesh'`. */
  topology?: Topology;
  /**
   * ICE servers (STUN/TURN, RFC 8489/8656) for every peer connection. Servers handed out by the signaling
   * server are added to these. Default: none (host candidates only; enough on one network).
   */
  iceServers?: RTCIceServer[];
  /**
   * `all` (default) or `relay`: only TURN relay candidates are used (RFC 8656), so no peer ever learns
   * another's IP address. Needs a TURN server in `iceServers` or handed out by the signaling server.
   */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /**
   * How long a connection may take to establish (or re-establish after an ICE restart) before `ice-failed` is
   * emitted, in ms. Default 20000.
   */
  connectTimeoutMs?: number;
  /**
   * Microphone capture: `true` (default), `false` (do not capture), or `MediaTrackConstraints`
   * (W3C Media Capture and Streams).
   */
  audio?: boolean | MediaTrackConstraints;
  /** Camera capture: `true` (default), `false`, or `MediaTrackConstraints` (e.g. `{ width: 1280, height: 720 }`). */
  video?: boolean | MediaTrackConstraints;
  /**
   * When capture fails at join: `'continue'` (default) joins without the failed device(s) and emits the
   * `MediaError` on `error`; `'fail'` rejects `join()` with it.
   */
  onMediaError?: 'continue' | 'fail';
  /**
   * Largest message `send()` sends and `messageReceived` accepts, in bytes (payload; strings count as UTF-8).
   * Default 16 MiB. Bigger ones are refused with `message-too-large`.
   */
  maxMessageBytes?: number;
  /**
   * The room codec policy: video codecs in order of preference. Every member announces the ones its browser
   * decodes and encodes (`RTCRtpReceiver`/`RTCRtpSender.getCapabilities`); the room settles on the first of this
   * list that every member can use (`room.videoCodec`), applied with `RTCRtpTransceiver.setCodecPreferences` on
   * every connection (mesh: each link, others as fallback; SFU: the publish connection, that codec alone), and
   * recomputed as members join and leave. Default `['vp8', 'h264', 'vp9']`; AV1 only when listed. Give every
   * member the same list. See docs/guides/codecs.md.
   * @example `videoCodecs: ['h264', 'vp8']` — H.264 (Safari's hardware decoder) where everyone has it, else VP8.
   */
  videoCodecs?: readonly VideoCodec[];
  /**
   * Last-N video (SFU rooms, and `auto` rooms once on the SFU): receive at most this many remote videos (cameras
   * and screen shares together), the N most relevant — pinned participants (`setVideoPinned`), then screen shares,
   * then whoever spoke last, then videos the UI shows (a `0 × 0` `setVideoDimensions` means hidden). The media server
   * pauses the others (no packets, no bandwidth: `track.paused`, `trackPaused`) and resumes them when they become
   * relevant. A whole number ≥ 0 (`0`: audio only). Default: no limit. No effect in mesh rooms. See docs/guides/last-n.md.
   * @example `lastN: 4` — a 50-person room downloads four videos.
   */
  lastN?: number;
}

/**
 * Events of a `Room`, subscribed with `room.on(name, listener)` (which returns the unsubscribe function).
 * A listener that throws does not stop the others; its error is reported on `console.error`.
 */
export interface RoomEvents {
  /** `room.state` changed. */
  connectionStateChanged(state: ConnectionState, previous: ConnectionState): void;
  /** A remote participant entered the room. */
  participantJoined(participant: RemoteParticipant): void;
  /** A remote participant left (or vanished); its tracks were unsubscribed first. */
  participantLeft(participant: RemoteParticipant): void;
  /** A remote track started arriving. */
  trackSubscribed(track: RemoteTrack, participant: RemoteParticipant): void;
  /** A remote track stopped arriving (participant left or stopped publishing). */
  trackUnsubscribed(track: RemoteTrack, participant: RemoteParticipant): void;
  /**
   * SFU rooms with `lastN`: the media server stopped forwarding a remote video (`paused`: it is not among the N
   * most relevant) or forwards it again. `track.paused` says the same. See docs/guides/last-n.md.
   */
  trackPaused(track: RemoteTrack, participant: RemoteParticipant, paused: boolean): void;
  /** A participant (local or remote) turned a track off. */
  trackMuted(track: Track, participant: Participant): void;
  /** A participant (local or remote) turned a track back on. */
  trackUnmuted(track: Track, participant: Participant): void;
  /** A local track was published, replaced (device switch, camera re-enabled) or unpublished. */
  localTrackChanged(track: LocalTrack): void;
  /**
   * A local camera or microphone stopped on its own (unplugged, permission revoked). `replacement` is the
   * device id now captured instead, or `null` when none was available — the source is then off (muted) for
   * everyone, and an `error` (`device-not-found`) follows.
   */
  localDeviceLost(kind: 'audioinput' | 'videoinput', deviceId: string | undefined, replacement: string | null): void;
  /** The list of media devices changed (`devicechange`), or labels became available after permission. */
  devicesChanged(devices: MediaDeviceInfo[]): void;
  /** The device in use for a kind changed (`switchDevice`). For `audiooutput`, UIs apply it with `setSinkId`. */
  activeDeviceChanged(kind: DeviceKind, deviceId: string): void;
  /**
   * The network path to a participant was established or changed: `relay` means the connection fell back to
   * a TURN relay (RFC 8656); `host`/`srflx`/`prflx` are direct. Fires after each (re)connection.
   */
  connectionPathChanged(participant: RemoteParticipant, candidateType: CandidateType | null): void;
  /**
   * The `connectionState` (W3C WebRTC, `RTCPeerConnectionState`: `new` / `connecting` / `connected` / `disconnected` /
   * `failed` / `closed`) of the `RTCPeerConnection` carrying `participant`'s media changed. `connected` after
   * `disconnected` or `failed` is "connected again": an ICE restart (RFC 8445 §2.4) or the path itself recovered,
   * whether or not the path type changed (`connectionPathChanged` fires only when it did). Mesh: the connection to that
   * participant; SFU: the subscribe connection, for every participant it carries.
   */
  peerConnectionStateChanged(participant: RemoteParticipant, state: RTCPeerConnectionState): void;
  /** Fresh normalized stats, while polling is on (`room.startStats()`). */
  statsUpdated(stats: ReadonlyMap<string, ParticipantStats>): void;
  /**
   * The participant speaking changed; `null` when the speaker left. SFU rooms: from the media server's talking
   * events. Mesh rooms (and `auto` rooms while in mesh): from the remote audio levels (`getStats`), sampled every
   * 250 ms only while at least one listener is subscribed; Chromium measures only audio that is played. Debounced
   * (voice heard across 400 ms of a talk spurt; pauses under 1 s do not end it); muted participants never become
   * the speaker; the speaker stays until someone else talks.
   */
  activeSpeakerChanged(participant: RemoteParticipant | null): void;
  /**
   * A participant's connection quality changed level or reason (`good` / `fair` / `poor` / `lost`, with the reason and the
   * figures: loss %, RTT ms, jitter ms, bitrate kbps; see `ConnectionQualityReport` and docs/core.md, "Connection
   * quality"). Remote participants: the media arriving from them; the local participant: its best connection.
   * Measured every second from `getStats()` only while at least one listener is subscribed; the latest report is
   * `participant.connectionQuality`.
   */
  connectionQualityChanged(report: ConnectionQualityReport, participant: Participant): void;
  /** Another participant's `room.send()` arrived (whole: chunked messages are reassembled first). */
  messageReceived(message: DataMessage): void;
  /**
   * A moderator muted this participant's microphone (it is off now; in SFU rooms the media server also drops it).
   * `hold`: `setMicrophoneEnabled(true)` is refused (`forbidden`) until a moderator allows it (`unmuteAllowed`).
   */
  mutedByModerator(moderator: RemoteParticipant | undefined, hold: boolean): void;
  /** A moderator lifted the hold of `mutedByModerator`: the microphone may be turned on again (it stays off). */
  unmuteAllowed(moderator: RemoteParticipant | undefined): void;
  /** A moderator removed this participant: the room has left (an `error` `removed` is emitted too). */
  removed(): void;
  /** A moderator locked or unlocked the room (`room.moderation.locked`). */
  roomLockChanged(locked: boolean, moderator: RemoteParticipant | undefined): void;
  /** An asynchronous failure. Method failures reject instead. */
  error(error: RtcError): void;
}
