/**
 * Types of browser-side recording (`room.startRecording()`) and server-side recording
 * (`room.setServerRecording()`). No runtime code: the recorder itself is loaded on first use.
 *
 * @packageDocumentation
 */
import type { LocalParticipant } from '../participants/LocalParticipant.js';
import type { RemoteParticipant } from '../participants/RemoteParticipant.js';
import type { ConnectionState } from '../room/types.js';

/**
 * What the browser-side recorder reads of a room: who is in the call (read on every frame) and when it ends.
 * A `Room` is one. @internal
 */
export interface RecordableRoom {
  readonly localParticipant: LocalParticipant;
  readonly participants: ReadonlyMap<string, RemoteParticipant>;
  on(event: 'connectionStateChanged', listener: (state: ConnectionState) => void): () => void;
}

/** Options of `room.startRecording()`. Every field is optional. */
export interface RecordingOptions {
  /**
   * Container and codecs, as for `MediaRecorder` (W3C MediaStream Recording). Default: the first of
   * `video/webm;codecs=vp8,opus`, `video/webm;codecs=vp9,opus`, `video/webm` that the browser supports.
   * A type the browser cannot record rejects with `recording-unsupported`.
   */
  mimeType?: string;
  /** Target video bitrate, in bits per second. Default: the browser's (Chromium: 2.5 Mbit/s). */
  videoBitsPerSecond?: number;
  /** Target audio bitrate, in bits per second. Default: the browser's (Chromium: 128 kbit/s). */
  audioBitsPerSecond?: number;
  /** Width of the composed video, in CSS pixels (1–3840). Default 1280. */
  width?: number;
  /** Height of the composed video, in CSS pixels (1–2160). Default 720. */
  height?: number;
  /** Frames per second drawn and captured (1–60). Default 30. */
  frameRate?: number;
}

/**
 * A recording in progress, from `room.startRecording()`. The composed WebM grows in memory until {@link stop}.
 *
 * @example
 * ```ts
 * const rec = await room.startRecording({ width: 1280, height: 720 });
 * // …later
 * const blob = await rec.stop();
 * const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: 'call.webm' });
 * a.click();
 * ```
 */
export interface RoomRecording {
  /** The `MediaRecorder`'s actual MIME type, e.g. `video/webm;codecs=vp8,opus`. */
  readonly mimeType: string;
  /** `recording` until {@link stop} (or `leave()`, or a recorder error) ends it. */
  readonly state: 'recording' | 'stopped';
  /**
   * Stops recording and releases everything it used (the canvas track, the `AudioContext`, the hidden media
   * elements, the timer). Resolves with the whole recording; calling it again resolves with the same `Blob`.
   * The recording also stops by itself when the room is left (then `stop()` still resolves with what was recorded).
   * @throws {RtcError} `recording-failed` when the `MediaRecorder` failed.
   */
  stop(): Promise<Blob>;
}

/** The server-side recording of an SFU room, as the signaling server reports it. */
export interface ServerRecording {
  /** Whether the server records the room now. */
  readonly active: boolean;
  /**
   * Folder of this recording under the server's `--recordings-dir` (one per start), holding Janus's `.mjr` files
   * (convert with `janus-pp-rec`, see docs/server.md). Empty when nothing was recorded.
   */
  readonly id: string;
}
