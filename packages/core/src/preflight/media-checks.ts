/**
 * Preflight camera and microphone checks: one `getUserMedia` (one permission prompt, with per-device fallbacks
 * from `captureMedia`), then frames counted on a muted `<video>` (`requestVideoFrameCallback`) and the level of
 * the microphone measured with a Web Audio `AnalyserNode`.
 */
import type { MediaError } from '../errors/MediaError.js';
import { captureMedia } from '../media/capture.js';
import type { PreflightCameraCheck, PreflightMicrophoneCheck } from './types.js';

/** RMS level (full scale 1) under which the microphone counts as silent: about −46 dBFS. */
export const SILENCE_RMS = 0.005;
/** Below this frame rate the camera check warns, in frames per second. */
const LOW_FRAME_RATE = 10;
/** How long frames and levels are sampled, in ms. */
const SAMPLE_MS = 1000;

const now = (): number => performance.now();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What to do about a capture error, by code. */
export function deviceRemedy(error: MediaError, what: 'camera' | 'microphone'): string {
  switch (error.code) {
    case 'device-denied':
      return `Allow ${what} access for this site (the icon in the address bar, or the browser's site settings), then run the check again.`;
    case 'device-not-found':
      return `Connect a ${what}, or enable it in the operating system's privacy settings.`;
    default:
      return `Close other apps that may be using the ${what} (other calls, camera apps), or unplug and replug it.`;
  }
}

/** The captured tracks (still live: the uplink check reuses the video; the caller stops them). */
export interface CapturedMedia {
  video: MediaStreamTrack | null;
  audio: MediaStreamTrack | null;
  camera: PreflightCameraCheck | undefined;
  microphone: PreflightMicrophoneCheck | undefined;
}

/** Captures what is asked for; a capture error becomes that device's failed check. */
export async function capture(
  camera: boolean | MediaTrackConstraints,
  microphone: boolean | MediaTrackConstraints,
): Promise<CapturedMedia> {
  const { audio, video, errors } = await captureMedia(microphone, camera);
  const failed = (kind: 'audioinput' | 'videoinput', what: 'camera' | 'microphone') => {
    const error = errors.find((e) => e.kind === kind) ?? (errors.length > 0 && !errors[0]?.kind ? errors[0] : undefined);
    if (!error) return undefined;
    return { status: 'failed' as const, detail: error.message, remedy: deviceRemedy(error, what), error };
  };
  return {
    video,
    audio,
    camera: camera && !video ? failed('videoinput', 'camera') ?? noTrack('camera') : undefined,
    microphone: microphone && !audio ? failed('audioinput', 'microphone') ?? noTrack('microphone') : undefined,
  };
}

function noTrack(what: 'camera' | 'microphone'): { status: 'failed'; detail: string; remedy: string } {
  return { status: 'failed', detail: `No ${what} track was captured.`, remedy: `Connect a ${what} and try again.` };
}

/**
 * Plays `track` muted in a detached `<video>` and counts frames (`requestVideoFrameCallback`, else new
 * `currentTime`s) for about a second after the first.
 */
export async function checkCamera(track: MediaStreamTrack, startedAt: number, timeoutMs: number): Promise<PreflightCameraCheck> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  let frames = 0;
  let first = 0;
  let stopped = false;
  const onFrame = (): void => {
    if (stopped) return;
    frames += 1;
    if (frames === 1) first = now();
    video.requestVideoFrameCallback(onFrame);
  };
  const hasRvfc = typeof (video as { requestVideoFrameCallback?: unknown }).requestVideoFrameCallback === 'function';
  if (hasRvfc) video.requestVideoFrameCallback(onFrame);
  void video.play().catch(() => undefined);
  const deadline = now() + timeoutMs;
  let lastTime = -1;
  try {
    while (now() < deadline && (frames === 0 || now() - first < SAMPLE_MS)) {
      await sleep(50);
      if (!hasRvfc && video.currentTime !== lastTime && video.readyState >= 2) {
        lastTime = video.currentTime;
        onFrame();
      }
      if (track.readyState === 'ended') break;
    }
  } finally {
    stopped = true;
    video.pause();
    video.srcObject = null;
  }
  const { width, height } = track.getSettings();
  const size = { ...(width ? { width } : {}), ...(height ? { height } : {}) };
  if (frames === 0) {
    return {
      status: 'failed',
      ...size,
      detail: track.readyState === 'ended' ? 'The camera stopped right after it started.' : `The camera sent no picture within ${timeoutMs} ms.`,
      remedy: 'Check that no other app holds the camera and that it is not covered or switched off; then try again.',
    };
  }
  const elapsed = Math.max(now() - first, 1);
  const frameRate = Math.round(((frames - 1) * 1000) / elapsed);
  const ms = Math.round(first - startedAt);
  const what = `${width ?? '?'}×${height ?? '?'} at about ${frameRate} fps`;
  if (frameRate < LOW_FRAME_RATE) {
    return {
      status: 'warning',
      ms,
      ...size,
      frameRate,
      detail: `The camera works but is slow: ${what}.`,
      remedy: 'Add light (cameras slow down in the dark), close other apps using the camera, or plug the laptop in.',
    };
  }
  return { status: 'ok', ms, ...size, frameRate, detail: `The camera works: ${what}.` };
}

/** Samples `track`'s level with an `AnalyserNode` until it rises above silence, or for `windowMs` (default 1500). */
export async function checkMicrophone(
  track: MediaStreamTrack,
  startedAt: number,
  windowMs = 1500,
): Promise<PreflightMicrophoneCheck> {
  const context = new AudioContext();
  try {
    // A resume is immediate where the page may play audio; without a user gesture it never settles: 2 s tells them
    // apart even on a loaded machine (it used to be 500 ms, which a busy CI machine overran).
    if (context.state === 'suspended') await Promise.race([context.resume(), sleep(2000)]);
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let level = 0;
    let heardAt = 0;
    // The window is audio time: `currentTime` advances only while the audio graph renders, so a machine that renders
    // late still listens for `windowMs` of sound (the verdict must not depend on the machine's speed), within a
    // wall-clock cap of four windows.
    const audioStart = context.currentTime;
    const cap = now() + windowMs * 4;
    while (context.state === 'running' && context.currentTime - audioStart < windowMs / 1000 && now() < cap) {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      level = Math.max(level, Math.sqrt(sum / samples.length));
      if (level > SILENCE_RMS) {
        heardAt = now();
        break;
      }
      await sleep(40);
    }
    source.disconnect();
    // Rounded up: a level heard just above silence (0.0051) must not read as the silence threshold (0.005).
    const rounded = Math.ceil(level * 1000) / 1000;
    if (track.muted || context.state !== 'running' || !heardAt) {
      return {
        status: 'warning',
        level: rounded,
        detail:
          context.state !== 'running'
            ? 'The microphone could not be measured: the page may play audio only after a click.'
            : 'The microphone is silent.',
        remedy:
          context.state !== 'running'
            ? 'Start the check from a button click.'
            : 'Say something during the check; check the microphone is not muted by a switch or in the system settings, or pick another one.',
      };
    }
    return { status: 'ok', ms: Math.round(heardAt - startedAt), level: rounded, detail: `The microphone hears sound (level ${rounded}).` };
  } finally {
    void context.close().catch(() => undefined);
  }
}
