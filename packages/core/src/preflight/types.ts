import type { RtcError } from '../errors/RtcError.js';
import type { SignalingAdapter } from '../signaling/SignalingAdapter.js';

/** Outcome of one preflight check. */
export type PreflightStatus = 'ok' | 'warning' | 'failed' | 'skipped';

/** The checks `Room.preflight()` runs, in the order their results are reported. */
export type PreflightCheckName = 'camera' | 'microphone' | 'signaling' | 'turn' | 'uplink';

/** The result of one check. */
export interface PreflightCheck {
  /** `ok`; `warning` (works, but the call may suffer); `failed`; `skipped` (not asked for, or not possible). */
  status: PreflightStatus;
  /** The measured time, in ms: see each check for what it times. */
  ms?: number;
  /** What was found, for people (English, one sentence or two). */
  detail: string;
  /** What the user can do about a `warning` or `failed` result. */
  remedy?: string;
  /** The typed error behind a `failed` result (`device-denied`, `signaling-failed`, `ice-failed`, …). */
  error?: RtcError;
}

/** Camera: a track was captured and frames arrive. `ms`: from `getUserMedia` to the first frame. */
export interface PreflightCameraCheck extends PreflightCheck {
  /** Captured frame width in pixels. */
  width?: number;
  /** Captured frame height in pixels. */
  height?: number;
  /** Frames per second counted over the sampling window (about 1 s). */
  frameRate?: number;
}

/** Microphone: a track was captured and its level rose above silence. `ms`: until the first sound. */
export interface PreflightMicrophoneCheck extends PreflightCheck {
  /** Loudest RMS level seen (0–1, full scale = 1) over the sampling window. */
  level?: number;
}

/** Signaling: the server answered. `ms`: the best round trip (`ping` → `pong`, or the probe `join`). */
export interface PreflightSignalingCheck extends PreflightCheck {
  /** Time to open the WebSocket, in ms (URL checks only). */
  connectMs?: number;
}

/** TURN: a relay candidate was gathered (RFC 8656 allocation). `ms`: until the first relay candidate. */
export type PreflightTurnCheck = PreflightCheck;

/**
 * Uplink: a rough estimate from a loopback call through the TURN relay, sending video for
 * `uplinkDurationMs`. `ms`: how long it sent.
 */
export interface PreflightUplinkCheck extends PreflightCheck {
  /** The sender's bandwidth estimate at the end (`availableOutgoingBitrate`), in kbit/s. Rough. */
  estimateKbps?: number;
  /** Video actually sent over the window (`bytesSent` delta), in kbit/s. */
  sentKbps?: number;
}

/** Everything `Room.preflight()` found. Every check is present; those not run are `skipped`. */
export interface PreflightResult {
  camera: PreflightCameraCheck;
  microphone: PreflightMicrophoneCheck;
  signaling: PreflightSignalingCheck;
  turn: PreflightTurnCheck;
  uplink: PreflightUplinkCheck;
}

/** Options for `Room.preflight()`. Everything is optional; what is not given is skipped. */
export interface PreflightOptions {
  /**
   * Check the camera: `true` (default), `false`, or `MediaTrackConstraints` (W3C Media Capture and Streams).
   */
  camera?: boolean | MediaTrackConstraints;
  /** Check the microphone: `true` (default), `false`, or `MediaTrackConstraints`. */
  microphone?: boolean | MediaTrackConstraints;
  /**
   * The `@rtc-room/server` WebSocket URL (`wss://…/ws`): timed with `ping`/`pong` round trips. Without
   * `iceServers`, the check also joins a throw-away room briefly to get the server's TURN credentials.
   */
  signalingUrl?: string;
  /**
   * Or any signaling adapter (a fresh one, not one a `Room` uses): timed by joining a throw-away room, whose
   * `iceServers` are used for the TURN check when `iceServers` is not given. It is left at once.
   */
  signaling?: SignalingAdapter;
  /** Room to join for TURN credentials (default `preflight-` + random). Needed when tokens name a room. */
  room?: string;
  /** Room token for that join, when the server requires one (`WebSocketSignaling`'s `token`). */
  token?: string;
  /** STUN/TURN servers to check. Default: the ones the signaling server hands out. */
  iceServers?: RTCIceServer[];
  /** Run the uplink estimate (needs a working TURN relay and a camera or canvas). Default `true`. */
  uplink?: boolean;
  /** How long the uplink estimate sends video, in ms. Default 2500. */
  uplinkDurationMs?: number;
  /** Limit for each check, in ms. Default 8000. */
  timeoutMs?: number;
  /** Called as each check finishes (for progress UIs), before the whole result resolves. */
  onCheck?: (name: PreflightCheckName, check: PreflightCheck) => void;
}
