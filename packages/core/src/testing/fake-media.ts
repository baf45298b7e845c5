/**
 * Fake camera and microphone for tests: a canvas `captureStream()` video track with a moving pattern and a Web
 * Audio oscillator track. No permissions, no devices, any size: works in every browser and headless.
 */
import { RtcError } from '../errors/RtcError.js';

/** Options for {@link createFakeMedia}. */
export interface FakeMediaOptions {
  /** Video width in pixels. Default 640. */
  width?: number;
  /** Video height in pixels. Default 480. */
  height?: number;
  /** Frames per second. Default 30. */
  frameRate?: number;
  /** Background colour (any CSS colour). Default a blue. */
  color?: string;
  /** Text drawn on every frame (with a frame counter), e.g. the participant's name. */
  label?: string;
  /** Oscillator frequency in Hz, or `false` for no audio track. Default 440. */
  tone?: number | false;
  /** `false` for no video track. Default `true`. */
  video?: boolean;
}

/** What {@link createFakeMedia} returns. */
export interface FakeMedia {
  /** A stream with the tracks below. */
  readonly stream: MediaStream;
  /** The canvas track, or `null` with `video: false`. */
  readonly videoTrack: MediaStreamTrack | null;
  /** The oscillator track, or `null` with `tone: false`. */
  readonly audioTrack: MediaStreamTrack | null;
  /** Stops the tracks, the drawing loop and the audio context. */
  stop(): void;
}

/**
 * Creates a fake camera (a moving pattern on a canvas) and microphone (a sine tone).
 *
 * @example
 * ```ts
 * import { createFakeMedia } from '@rtc-room/core/testing';
 * const media = createFakeMedia({ width: 320, height: 240, label: 'Ann', tone: 660 });
 * video.srcObject = media.stream;
 * // …
 * media.stop();
 * ```
 */
export function createFakeMedia(options: FakeMediaOptions = {}): FakeMedia {
  const { width = 640, height = 480, frameRate = 30, color = '#1a73e8', label = '', tone = 440, video = true } = options;
  if (!(width > 0 && height > 0 && frameRate > 0)) {
    throw RtcError.invalidArgument('createFakeMedia: width, height and frameRate must be positive numbers.');
  }
  const tracks: MediaStreamTrack[] = [];
  const stops: Array<() => void> = [];
  let videoTrack: MediaStreamTrack | null = null;
  let audioTrack: MediaStreamTrack | null = null;

  if (video) {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw RtcError.invalidState('createFakeMedia: no 2D canvas context.');
    let frame = 0;
    const draw = (): void => {
      frame += 1;
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, width, height);
      // A bar sweeping across and a counter: every frame differs, so encoders send and decoders count frames.
      ctx.fillStyle = '#ffffff';
      const bar = Math.max(4, Math.round(width / 16));
      ctx.fillRect((frame * 4) % (width + bar) - bar, 0, bar, height);
      ctx.font = `${Math.max(10, Math.round(height / 12))}px sans-serif`;
      ctx.fillText(`${label} ${frame}`.trim(), 8, height - 8);
    };
    draw();
    const timer = setInterval(draw, 1000 / frameRate);
    videoTrack = canvas.captureStream(frameRate).getVideoTracks()[0] ?? null;
    if (!videoTrack) throw RtcError.invalidState('createFakeMedia: canvas.captureStream() gave no track.');
    tracks.push(videoTrack);
    stops.push(() => clearInterval(timer));
  }

  if (tone !== false) {
    const context = new AudioContext();
    const oscillator = context.createOscillator();
    oscillator.frequency.value = tone;
    const gain = context.createGain();
    gain.gain.value = 0.2;
    const destination = context.createMediaStreamDestination();
    oscillator.connect(gain).connect(destination);
    oscillator.start();
    void context.resume().catch(() => undefined);
    audioTrack = destination.stream.getAudioTracks()[0] ?? null;
    if (audioTrack) tracks.push(audioTrack);
    stops.push(() => {
      oscillator.stop();
      void context.close().catch(() => undefined);
    });
  }

  const stream = new MediaStream(tracks);
  return {
    stream,
    videoTrack,
    audioTrack,
    stop() {
      for (const track of tracks) track.stop();
      for (const stop of stops.splice(0)) stop();
    },
  };
}

/** A `getUserMedia` failure to simulate, by the `DOMException` name the browser would reject with. */
export type FakeGetUserMediaError = 'NotAllowedError' | 'NotFoundError' | 'NotReadableError' | 'OverconstrainedError';

/** Options for {@link installFakeGetUserMedia}. */
export interface FakeGetUserMediaOptions extends Omit<FakeMediaOptions, 'video' | 'tone'> {
  /** Oscillator frequency in Hz. Default 440. */
  tone?: number;
  /** Make requests for video reject with this error (e.g. `'NotAllowedError'`: the user denied the camera). */
  videoError?: FakeGetUserMediaError;
  /** Make requests for audio reject with this error. */
  audioError?: FakeGetUserMediaError;
}

/**
 * Replaces `navigator.mediaDevices.getUserMedia` with one that returns {@link createFakeMedia} tracks (honouring
 * the requested `width`/`height`/`frameRate` when given as numbers or `exact`; an `ideal` one only when `options`
 * names no value for it — a size in `options` is the camera's only mode), or rejects as asked, so
 * a `Room` (or any code) captures fake media. Returns the function that restores the original and stops every
 * fake track handed out.
 *
 * @example
 * ```ts
 * const restore = installFakeGetUserMedia({ label: 'Ann' });
 * try { await room.join(); } finally { restore(); }
 * ```
 */
export function installFakeGetUserMedia(options: FakeGetUserMediaOptions = {}): () => void {
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia;
  const handedOut: FakeMedia[] = [];
  // A size or rate given in `options` is the fake camera's only mode, as a real camera's would be: an `exact` (or bare
  // number) request gets what it asks, an `ideal` one gets the camera's mode (Room asks `ideal` 1280×720 by default).
  const pick = (c: MediaTrackConstraints, key: 'width' | 'height' | 'frameRate'): number | undefined => {
    const value = c[key];
    if (typeof value === 'number') return value;
    return value?.exact ?? options[key] ?? value?.ideal;
  };
  const fake = async (request: MediaStreamConstraints = {}): Promise<MediaStream> => {
    if (!request.audio && !request.video) throw new TypeError('getUserMedia: at least one of audio and video is required.');
    const fail = (request.video && options.videoError) || (request.audio && options.audioError);
    if (fail) throw new DOMException(`Fake getUserMedia: ${fail}`, fail);
    const v = typeof request.video === 'object' ? request.video : {};
    const width = pick(v, 'width');
    const height = pick(v, 'height');
    const frameRate = pick(v, 'frameRate');
    const media = createFakeMedia({
      ...options,
      ...(width ? { width } : {}),
      ...(height ? { height } : {}),
      ...(frameRate ? { frameRate } : {}),
      video: Boolean(request.video),
      tone: request.audio ? (options.tone ?? 440) : false,
    });
    handedOut.push(media);
    return media.stream;
  };
  devices.getUserMedia = fake;
  return () => {
    if (devices.getUserMedia === fake) devices.getUserMedia = original;
    for (const media of handedOut.splice(0)) media.stop();
  };
}
