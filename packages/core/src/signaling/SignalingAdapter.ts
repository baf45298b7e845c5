import type { RtcError } from '../errors/RtcError.js';
import type { VideoCodec } from '../media/codecs.js';
import type { SfuChannel, SfuEvent } from './sfu-protocol.js';
import type { ModerationChannel, ModerationEvent } from './moderation-protocol.js';

/**
 * A JSON value a signaling adapter carries without looking inside. The core puts SDP descriptions
 * (JSEP, RFC 8829), ICE candidates (RFC 8445) and participant state in it (the peer payloads of
 * `@rtc-room/protocol`); adapters only move it.
 */
export type SignalingPayload = { readonly [key: string]: unknown };

/**
 * Receives the payloads other members send to this one (by `send()` to it or `broadcast()`), in order. `from` is
 * the sender's id as the signaling side stamped it, never read from the payload. The payload is untrusted: check
 * its shape before use.
 */
export type PeerListener = (from: string, payload: SignalingPayload) => void;

/**
 * One peer-to-peer channel on a signaling adapter, opened with {@link SignalingAdapter.peer}: the way core parts
 * (the mesh transport's SDP and ICE, the room's mute state and relayed messages) reach other members. Like
 * mediasoup-client's transport `connect` event or LiveKit's signal client, the part that speaks a payload owns its
 * channel; the `Room` carries none of them.
 *
 * `P` narrows what this channel sends (e.g. `PeerChannel<PeerPayloadOf<'sdp'>>`); incoming payloads are
 * {@link SignalingPayload}s whatever `P` is, since a peer is not trusted.
 */
export interface PeerChannel<P extends SignalingPayload = SignalingPayload> {
  /** Sends `payload` to the member `to`, after everything sent before it. Dropped when not joined, unknown or closed. */
  send(to: string, payload: P): void;
  /** Sends `payload` to every other member of the room. Dropped when not joined or closed. */
  broadcast(payload: P): void;
  /** Stops the listener and the channel (sending afterwards does nothing). Safe to call more than once. */
  close(): void;
}

/** A participant as presence reports it. */
export interface PeerInfo {
  /** Opaque id assigned by the signaling side; unique within the room. */
  readonly id: string;
  /** Display name chosen at join (or set by the room token). */
  readonly name: string;
  /** `subscriber`s receive only; default `publisher`. */
  readonly role?: 'publisher' | 'subscriber' | 'moderator';
}

/** What the adapter needs to enter a room. */
export interface SignalingJoinRequest {
  /** Room name (1–128 characters). */
  readonly room: string;
  /** Display name (1–64 characters). */
  readonly name: string;
  /**
   * The room codec policy (`RoomOptions.videoCodecs`), for adapters that create media-server rooms
   * (`JanusSignaling`: the VideoRoom's `videocodec` list).
   */
  readonly videoCodecs?: readonly VideoCodec[];
}

/** What the adapter learns on entering a room. */
export interface SignalingJoinResult {
  /** This participant's id in the room. */
  readonly selfId: string;
  /** Everyone already in the room, in join order. */
  readonly peers: readonly PeerInfo[];
  /** ICE servers handed out by the signaling server, if it hands any out. */
  readonly iceServers?: readonly RTCIceServer[];
  /** How long (ms) `iceServers` credentials stay valid; refresh with `refreshIceServers()` before then. */
  readonly iceServersTtlMs?: number;
  /** This participant's role as granted by the signaling side (its room token). Default `publisher`. */
  readonly role?: 'publisher' | 'subscriber' | 'moderator';
  /** True when a moderator locked the room (only moderators may join it then). */
  readonly locked?: boolean;
}

/** Fresh ICE servers (short-lived TURN credentials, RFC 8489 §9.2 / TURN REST). */
export interface IceServersResult {
  readonly iceServers: readonly RTCIceServer[];
  /** ms until these credentials expire; absent when they do not. */
  readonly iceServersTtlMs?: number;
}

/** Connection state of a signaling adapter. */
export type SignalingState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';

/** Callbacks an adapter calls. Set once by the `Room` via {@link SignalingAdapter.setHandlers}. */
export interface SignalingHandlers {
  /** Someone entered the room. Always called before any payload from that peer reaches a {@link PeerChannel}. */
  peerJoined(peer: PeerInfo): void;
  /** Someone left (or vanished). No payload from that peer follows. */
  peerLeft(peerId: string): void;
  /**
   * Optional presence detail: a peer's signaling dropped (`away: true`) and it may come back (`away: false`)
   * within the server's grace period. Its media may still flow meanwhile.
   */
  peerAway?(peerId: string, away: boolean): void;
  /** The adapter's own connection changed state. */
  stateChanged(state: SignalingState): void;
  /** An asynchronous failure (the channel dropped, the server reported an error). */
  error(error: RtcError): void;
  /**
   * Optional: the signaling side lost this participant's session (a server restarted without its seats) and the
   * adapter entered the room again by itself, with a new id. Everyone known before is gone (no `peerLeft` is
   * called for them); `joined.peers` is the room now. Without this handler an adapter reports the same change as
   * `peerLeft` for everyone known and `peerJoined` for `joined.peers`.
   */
  rejoined?(joined: SignalingJoinResult): void;
}

/**
 * The pluggable seam between a `Room` and whatever carries its signaling: our WebSocket server,
 * a `BroadcastChannel`, an in-memory hub, or your own backend. An adapter only moves opaque payloads
 * and reports presence; it knows nothing about SDP or ICE.
 *
 * Contract (checked by `runSignalingAdapterTests` for every adapter):
 * - `join()` resolves once this peer is in the room, with the peers already there; it rejects with an
 *   `RtcError` (`signaling-failed`, `room-full`, `unauthorized`, `invalid-state`) otherwise.
 * - Every other member gets `peerJoined` for the newcomer before any payload from it.
 * - A {@link PeerChannel}'s `send(to, payload)` delivers to exactly that peer, in order, with `from` set to this
 *   peer's id; `broadcast(payload)` delivers to every other member, in order. Every channel open on the receiving
 *   adapter gets every payload; a closed one gets nothing more.
 * - `leave()` makes every other member get `peerLeft`; afterwards channels send nothing.
 */
export interface SignalingAdapter {
  /** Current connection state. */
  readonly state: SignalingState;
  /** Registers the callbacks. Called by the `Room` before `join()`. */
  setHandlers(handlers: SignalingHandlers): void;
  /**
   * Enters a room.
   * @throws {RtcError} `invalid-state` if already joined; `signaling-failed`, `room-full`, `unauthorized`.
   */
  join(request: SignalingJoinRequest): Promise<SignalingJoinResult>;
  /**
   * Optional: opens a peer-to-peer channel (`topology: 'mesh' | 'auto'` need it). `listener` gets every payload
   * another member sends to this one, from now until the channel is closed; any number of channels may be open at
   * once (before or after `join()`), each gets every payload. Absent for adapters that carry no peer payloads
   * (`JanusSignaling`: Janus VideoRoom relays none); then remote mute state is not reported and `room.send()` uses
   * data channels only.
   * @example
   * ```ts
   * const channel = signaling.peer((from, payload) => console.log(from, payload));
   * channel.send(peerId, { t: 'state', muted: [] });
   * channel.close();
   * ```
   */
  peer?(listener: PeerListener): PeerChannel;
  /** Leaves the room and releases the channel. Safe to call more than once. */
  leave(): Promise<void>;
  /**
   * Optional: fetches fresh ICE servers (new TURN credentials). The `Room` calls it before the ones from
   * `join()` expire.
   * @throws {RtcError} `signaling-failed` when not connected.
   */
  refreshIceServers?(): Promise<IceServersResult>;
  /**
   * Optional: the media topologies this adapter can carry. A `Room` with any other `topology` throws
   * `invalid-argument` at construction. Absent: `mesh` when {@link peer} exists, `sfu` when {@link sfu} exists, and
   * `auto` when both do.
   * `JanusSignaling` has `['sfu']` (Janus VideoRoom relays no peer-to-peer payloads).
   */
  readonly topologies?: readonly ('mesh' | 'sfu' | 'auto')[];
  /**
   * Optional: a channel to an SFU (`topology: 'sfu' | 'auto'` need it). `listener` gets every SFU message pushed
   * until the channel is closed. `WebSocketSignaling` has one (the signaling server drives Janus) and
   * `JanusSignaling` has one (the browser drives Janus itself).
   */
  sfu?(listener: (event: SfuEvent) => void): SfuChannel;
  /**
   * Optional: a moderation channel (mute, remove, lock; docs/server.md "Moderation"). `WebSocketSignaling` has one;
   * without it `room.moderation` methods throw `forbidden`.
   */
  moderation?(listener: (event: ModerationEvent) => void): ModerationChannel;
}
