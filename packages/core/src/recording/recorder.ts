/**
 * Browser-side recording of a whole call: every participant's video composed into a grid on a canvas, every
 * participant's audio mixed with Web Audio, both recorded by one `MediaRecorder` (W3C MediaStream Recording) into
 * a WebM `Blob`. Loaded on first use by `room.startRecording()` (dynamic `import()`), so apps that never record
 * do not download it.
 *
 * Drawing runs on a timer in a tiny dedicated worker: `requestAnimationFrame` stops and page timers are throttled
 * to 1 Hz in background tabs, worker timers are not (falls back to `setInterval` where a CSP forbids blob
 * workers). Who is drawn and heard is read from the room on every frame, so participants who join, leave, turn
 * their camera off or switch devices are followed without renegotiating anything.
 *
 * @packageDocumentation
 */
import { RtcError } from '../errors/RtcError.js';
import type { RecordableRoom, RecordingOptions, RoomRecording } from './types.js';

/** Preferred MIME types, best first. */
const TYPES = ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm'];
/** Space between tiles, in canvas pixels. */
const GAP = 4;

const unsupported = (what: string): RtcError => new RtcError('recording-unsupported', `Cannot record in this browser: ${what}.`);

function bounded(value: number | undefined, fallback: number, max: number, name: string): number {
  const n = value ?? fallback;
  if (typeof n !== 'number' || !(n >= 1 && n <= max)) throw RtcError.invalidArgument(`${name} must be a number of 1–${max}, got ${String(value)}.`);
  return Math.round(n);
}

/** Calls `tick` every `ms` milliseconds, also in background tabs. Returns the function that stops it. */
function ticker(ms: number, tick: () => void): () => void {
  let interval: ReturnType<typeof setInterval> | undefined;
  const fallback = (): void => void (interval ??= setInterval(tick, ms));
  let worker: Worker | undefined;
  try {
    const url = URL.createObjectURL(new Blob([`setInterval(()=>postMessage(0),${ms})`], { type: 'text/javascript' }));
    worker = new Worker(url);
    worker.onmessage = () => (URL.revokeObjectURL(url), tick());
    worker.onerror = () => (URL.revokeObjectURL(url), worker?.terminate(), fallback());
  } catch {
    fallback();
  }
  return () => {
    worker?.terminate();
    clearInterval(interval);
  };
}

/** Starts a hidden, muted media element on `track` (Chromium feeds remote WebRTC audio to Web Audio only then). */
function play<E extends HTMLMediaElement>(element: E, track: MediaStreamTrack): E {
  element.muted = true;
  element.srcObject = new MediaStream([track]);
  void element.play().catch(() => undefined);
  return element;
}

/**
 * Starts recording `room`. Use `room.startRecording()`, which loads this module.
 * @throws {RtcError} `recording-unsupported`, `invalid-argument` (see `RecordingOptions`).
 * @internal
 */
export async function startRecording(room: RecordableRoom, options: RecordingOptions = {}): Promise<RoomRecording> {
  const width = bounded(options.width, 1280, 3840, 'width');
  const height = bounded(options.height, 720, 2160, 'height');
  const frameRate = bounded(options.frameRate, 30, 60, 'frameRate');
  if (typeof MediaRecorder === 'undefined') throw unsupported('no MediaRecorder');
  if (typeof AudioContext === 'undefined') throw unsupported('no Web Audio');
  const canvas = document.createElement('canvas');
  if (typeof canvas.captureStream !== 'function') throw unsupported('no canvas.captureStream()');
  const wanted = options.mimeType;
  const mimeType = wanted ?? TYPES.find((t) => MediaRecorder.isTypeSupported(t)) ?? '';
  if (wanted !== undefined && (typeof wanted !== 'string' || !MediaRecorder.isTypeSupported(wanted))) {
    throw unsupported(`MediaRecorder cannot record "${String(wanted)}"`);
  }
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d', { alpha: false });
  if (!g) throw unsupported('no 2D canvas');

  const audio = new AudioContext();
  // Without a user gesture (autoplay policy) the context stays suspended, and MediaRecorder would write nothing.
  // Firefox answers the policy up front (`navigator.getAutoplayPolicy`, W3C Autoplay Policy Detection); where it is
  // allowed, resume() only waits for the audio output to open (slow on a busy machine: up to 10 s). Chromium's
  // resume() never settles while blocked, so it gets 1 s without a known policy.
  const policy = (navigator as { getAutoplayPolicy?: (type: 'audiocontext') => string }).getAutoplayPolicy?.('audiocontext');
  let resumeError: unknown;
  if (policy !== 'disallowed') {
    const waitMs = policy === 'allowed' ? 10_000 : 1000;
    await Promise.race([audio.resume().catch((error: unknown) => void (resumeError = error)), new Promise((r) => setTimeout(r, waitMs))]);
  }
  if (audio.state !== 'running') {
    void audio.close().catch(() => undefined);
    throw audioStartError(policy, userActivation(), resumeError);
  }
  const mix = audio.createMediaStreamDestination();
  // Silence keeps the audio track producing samples while no one has a microphone (the muxer waits for audio).
  const silence = audio.createConstantSource();
  silence.offset.value = 0;
  silence.connect(mix);
  silence.start();
  const video = canvas.captureStream(frameRate).getVideoTracks()[0]!;
  let recorder: MediaRecorder;
  try {
    recorder = new MediaRecorder(new MediaStream([video, ...mix.stream.getAudioTracks()]), {
      mimeType,
      ...(options.videoBitsPerSecond ? { videoBitsPerSecond: options.videoBitsPerSecond } : {}),
      ...(options.audioBitsPerSecond ? { audioBitsPerSecond: options.audioBitsPerSecond } : {}),
    });
  } catch (error) {
    video.stop();
    void audio.close();
    throw new RtcError('recording-unsupported', `MediaRecorder refused the recording: ${String(error)}`, { cause: error });
  }

  const videos = new Map<MediaStreamTrack, HTMLVideoElement>();
  const sounds = new Map<MediaStreamTrack, { node: AudioNode; element: HTMLAudioElement }>();

  /** Adds new audio tracks to the mix and drops the ones gone since the last frame. */
  const mixAudio = (tracks: Set<MediaStreamTrack>): void => {
    for (const track of tracks) {
      if (sounds.has(track)) continue;
      const node = audio.createMediaStreamSource(new MediaStream([track]));
      node.connect(mix);
      sounds.set(track, { node, element: play(new Audio(), track) });
    }
    for (const [track, s] of sounds) {
      if (tracks.has(track)) continue;
      s.node.disconnect();
      s.element.srcObject = null;
      sounds.delete(track);
    }
  };

  const draw = (): void => {
    const tiles: { name: string; video: HTMLVideoElement | undefined }[] = [];
    const heard = new Set<MediaStreamTrack>();
    const seen = new Set<MediaStreamTrack>();
    for (const p of [room.localParticipant, ...room.participants.values()]) {
      let drawn = false;
      for (const t of p.tracks.values()) {
        const track = t.mediaStreamTrack;
        if (!track || track.readyState === 'ended') continue;
        if (t.kind === 'audio') heard.add(track);
        else if (!t.muted) {
          seen.add(track);
          let element = videos.get(track);
          if (!element) videos.set(track, (element = play(document.createElement('video'), track)));
          tiles.push({ name: t.source === 'screen' ? `${p.name} (screen)` : p.name, video: element });
          drawn = true;
        }
      }
      if (!drawn) tiles.push({ name: p.name, video: undefined });
    }
    mixAudio(heard);
    for (const [track, element] of videos) {
      if (seen.has(track)) continue;
      element.srcObject = null;
      videos.delete(track);
    }

    g.fillStyle = '#111';
    g.fillRect(0, 0, width, height);
    const cols = Math.ceil(Math.sqrt(tiles.length));
    const rows = Math.ceil(tiles.length / cols);
    const w = (width - GAP * (cols + 1)) / cols;
    const h = (height - GAP * (rows + 1)) / rows;
    const font = Math.max(12, Math.round(h / 14));
    g.font = `${font}px system-ui, sans-serif`;
    g.textBaseline = 'bottom';
    tiles.forEach((tile, i) => {
      const x = GAP + (i % cols) * (w + GAP);
      const y = GAP + Math.floor(i / cols) * (h + GAP);
      const v = tile.video;
      if (v && v.videoWidth > 0) {
        // object-fit: cover, like <rtc-video-tile>
        const scale = Math.max(w / v.videoWidth, h / v.videoHeight);
        const sw = w / scale;
        const sh = h / scale;
        g.drawImage(v, (v.videoWidth - sw) / 2, (v.videoHeight - sh) / 2, sw, sh, x, y, w, h);
      } else {
        g.fillStyle = '#333';
        g.fillRect(x, y, w, h);
      }
      const label = tile.name;
      const pad = font / 2;
      g.fillStyle = 'rgba(0,0,0,0.55)';
      g.fillRect(x, y + h - font - pad * 2, Math.min(w, g.measureText(label).width + pad * 2), font + pad * 2);
      g.fillStyle = '#fff';
      g.fillText(label, x + pad, y + h - pad, w - pad * 2);
    });
  };

  let failure: RtcError | undefined;
  let stopped = false;
  let settle!: { resolve(blob: Blob): void; reject(error: unknown): void };
  const result = new Promise<Blob>((resolve, reject) => (settle = { resolve, reject }));
  result.catch(() => undefined); // reported through stop()
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => void (e.data.size > 0 && chunks.push(e.data));
  recorder.onstop = () => {
    video.stop();
    for (const track of mix.stream.getTracks()) track.stop();
    mixAudio(new Set());
    for (const element of videos.values()) element.srcObject = null;
    videos.clear();
    // Settle once the AudioContext is closed: Firefox changes `state` only when close() resolves, and stop()
    // promises that everything was released.
    void audio
      .close()
      .catch(() => undefined)
      .then(() => {
        if (failure) settle.reject(failure);
        else settle.resolve(new Blob(chunks, { type: recorder.mimeType || mimeType || 'video/webm' }));
      });
  };
  const stopTicker = ticker(1000 / frameRate, draw);
  const end = (): Promise<Blob> => {
    if (!stopped) {
      stopped = true;
      stopTicker();
      offRoom();
      if (recorder.state !== 'inactive') recorder.stop();
      else recorder.onstop?.(new Event('stop'));
    }
    return result;
  };
  recorder.onerror = (e) => {
    failure = new RtcError('recording-failed', `The recording failed: ${String((e as ErrorEvent).error ?? e.type)}`, { cause: e });
    void end();
  };
  const offRoom = room.on('connectionStateChanged', (state) => void (state === 'disconnected' && end()));
  draw();
  recorder.start(1000);

  return {
    get mimeType() {
      return recorder.mimeType || mimeType;
    },
    get state() {
      return stopped ? 'stopped' : 'recording';
    },
    stop: end,
  };
}

/**
 * Why the recording's `AudioContext` did not start. Blocked by the autoplay policy (the policy says `disallowed`, or
 * no policy is known and the page has no user activation): `invalid-state`, "call it from a click". Allowed (or
 * called from a gesture) and still not running — e.g. Firefox without an audio output device, whose AudioContext
 * needs one to run — `recording-unsupported`, naming that cause and the browser's own error.
 * @param policy - `navigator.getAutoplayPolicy('audiocontext')` (W3C Autoplay Policy Detection), if the browser has it
 * @param activated - `navigator.userActivation.isActive` (HTML §6.4.3), if the browser has it
 * @internal
 */
export function audioStartError(policy: string | undefined, activated: boolean | undefined, cause: unknown): RtcError {
  const blocked = policy === 'disallowed' || (policy === undefined && activated !== true);
  if (blocked) return RtcError.invalidState('The AudioContext cannot start: call startRecording() from a user gesture (a click).');
  const why = cause instanceof Error ? ` (${cause.name}: ${cause.message})` : '';
  return new RtcError(
    'recording-unsupported',
    `The AudioContext did not start although audio may play here${why}: the browser may have no audio output device (Firefox needs one to run Web Audio, which mixes the recording's sound).`,
    { cause },
  );
}

function userActivation(): boolean | undefined {
  return (navigator as { userActivation?: { isActive: boolean } }).userActivation?.isActive;
}
