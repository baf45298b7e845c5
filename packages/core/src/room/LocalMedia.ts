import { MediaError } from '../errors/MediaError.js';
import { RtcError } from '../errors/RtcError.js';
import { captureMedia, captureTrack, type CaptureConstraints } from '../media/capture.js';
import type { LocalParticipant, LocalTrack } from '../participants/LocalParticipant.js';
import type { TrackSource } from '../participants/Track.js';

/** Mutable implementation of a published local track. @internal */
export class LocalTrackImpl implements LocalTrack {
  constructor(
    readonly kind: 'audio' | 'video',
    readonly source: TrackSource,
    public mediaStreamTrack: MediaStreamTrack | null,
    public muted: boolean,
    public deviceId: string | undefined,
  ) {}
}

/** Callbacks from local media to the `Room`. @internal */
export interface LocalMediaCallbacks {
  /** The track to send for `source` changed (a new capture, or `null` when the camera was turned off). */
  onSend(source: TrackSource, track: MediaStreamTrack | null): Promise<void>;
  onTrackChanged(track: LocalTrackImpl): void;
  onMuteChanged(track: LocalTrackImpl): void;
  /**
   * A capture ended on its own (unplugged, revoked); `replacement` is the device now used, or null, and then
   * `error` (`device-not-found`) says so.
   */
  onDeviceLost(kind: 'audioinput' | 'videoinput', lost: string | undefined, replacement: string | null, error?: MediaError): void;
}

function deviceIdOf(track: MediaStreamTrack | null): string | undefined {
  return track?.getSettings().deviceId;
}

/**
 * The local participant's microphone and camera: capture, mute, device switching.
 * The microphone mutes by `track.enabled = false` (instant, silence is sent); the camera turns off by stopping
 * the capture (the camera light goes out) and sending nothing, and turns on with a new capture.
 * @internal
 */
export class LocalMedia {
  private readonly audio: CaptureConstraints | false;
  private readonly video: CaptureConstraints | false;

  constructor(
    private readonly participant: LocalParticipant,
    audio: boolean | MediaTrackConstraints,
    video: boolean | MediaTrackConstraints,
    private readonly callbacks: LocalMediaCallbacks,
  ) {
    this.audio = audio === false ? false : audio === true ? true : audio;
    this.video = video === false ? false : video === true ? true : video;
  }

  private track(source: 'microphone' | 'camera'): LocalTrackImpl | undefined {
    return this.participant.tracks.get(source) as LocalTrackImpl | undefined;
  }

  /** Captures what the options ask for. Returns the capture errors (the tracks that did start are published). */
  async start(): Promise<MediaError[]> {
    const { audio, video, errors } = await captureMedia(this.audio, this.video);
    if (audio) this.publish(new LocalTrackImpl('audio', 'microphone', audio, false, deviceIdOf(audio)));
    if (video) this.publish(new LocalTrackImpl('video', 'camera', video, false, deviceIdOf(video)));
    return errors;
  }

  /** The live track to send for each source. */
  sending(): Map<TrackSource, MediaStreamTrack | null> {
    const out = new Map<TrackSource, MediaStreamTrack | null>();
    for (const [source, t] of this.participant.tracks) out.set(source, t.mediaStreamTrack);
    return out;
  }

  /** The device in use (or chosen) for a kind. */
  deviceId(kind: 'audioinput' | 'videoinput'): string | undefined {
    return this.track(kind === 'audioinput' ? 'microphone' : 'camera')?.deviceId;
  }

  async setMicrophoneEnabled(enabled: boolean): Promise<void> {
    const track = this.track('microphone');
    if (!track || !track.mediaStreamTrack) {
      if (!enabled) return;
      const captured = await captureTrack('audioinput', this.audio || true, track?.deviceId);
      const next = new LocalTrackImpl('audio', 'microphone', captured, false, deviceIdOf(captured));
      this.publish(next);
      await this.callbacks.onSend('microphone', captured);
      this.callbacks.onMuteChanged(next);
      return;
    }
    if (track.muted === !enabled) return;
    track.mediaStreamTrack.enabled = enabled;
    track.muted = !enabled;
    this.callbacks.onMuteChanged(track);
  }

  async setCameraEnabled(enabled: boolean): Promise<void> {
    const track = this.track('camera');
    if (enabled) {
      if (track?.mediaStreamTrack && !track.muted) return;
      const captured = await captureTrack('videoinput', this.video || true, track?.deviceId);
      const next = track ?? new LocalTrackImpl('video', 'camera', null, true, undefined);
      next.mediaStreamTrack = captured;
      next.deviceId = deviceIdOf(captured);
      next.muted = false;
      this.publish(next);
      await this.callbacks.onSend('camera', captured);
      this.callbacks.onMuteChanged(next);
      return;
    }
    if (!track || track.muted) return;
    track.muted = true;
    const old = track.mediaStreamTrack;
    track.mediaStreamTrack = null;
    await this.callbacks.onSend('camera', null);
    old?.stop();
    this.callbacks.onTrackChanged(track);
    this.callbacks.onMuteChanged(track);
  }

  /**
   * Moves a source to another device: captures from it, then `replaceTrack` everywhere, then stops the old
   * capture. While the camera is off it only records the choice for the next `setCameraEnabled(true)`.
   */
  async switchDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    const source = kind === 'audioinput' ? 'microphone' : 'camera';
    const constraints = kind === 'audioinput' ? this.audio : this.video;
    const track = this.track(source);
    if (!track?.mediaStreamTrack) {
      // Nothing live: remember the choice; the capture happens on the next enable.
      const next = track ?? new LocalTrackImpl(kind === 'audioinput' ? 'audio' : 'video', source, null, true, deviceId);
      next.deviceId = deviceId;
      if (!track) this.participant.setTrack(source, next);
      return;
    }
    if (track.deviceId === deviceId) return;
    const captured = await captureTrack(kind, constraints || true, deviceId);
    captured.enabled = !track.muted;
    const old = track.mediaStreamTrack;
    track.mediaStreamTrack = captured;
    track.deviceId = deviceIdOf(captured) ?? deviceId;
    await this.callbacks.onSend(source, captured);
    old.stop();
    this.watch(track);
    this.callbacks.onTrackChanged(track);
  }

  /** Stops every capture and unpublishes. */
  stop(): void {
    for (const source of ['microphone', 'camera'] as const) {
      const t = this.track(source);
      t?.mediaStreamTrack?.stop();
      this.participant.setTrack(source, undefined);
    }
  }

  private publish(track: LocalTrackImpl): void {
    this.participant.setTrack(track.source, track);
    this.watch(track);
    this.callbacks.onTrackChanged(track);
  }

  /** Follows the live capture of `track` so an unplugged or revoked device is noticed. */
  private watch(track: LocalTrackImpl): void {
    const live = track.mediaStreamTrack;
    live?.addEventListener('ended', () => {
      if (track.mediaStreamTrack === live) void this.recover(track, live);
    }, { once: true });
  }

  /**
   * The device behind `track` went away (W3C Media Capture §4.3.1 "ended" without `stop()`): capture from
   * another device of the same kind if there is one, else turn the source off so everyone sees it off.
   */
  private async recover(track: LocalTrackImpl, lost: MediaStreamTrack): Promise<void> {
    const kind = track.kind === 'audio' ? 'audioinput' : 'videoinput';
    const lostId = track.deviceId;
    const constraints = kind === 'audioinput' ? this.audio : this.video;
    const devices = (await navigator.mediaDevices.enumerateDevices()).filter(
      (d) => d.kind === kind && d.deviceId !== lostId && d.deviceId !== '',
    );
    for (const device of devices) {
      if (track.mediaStreamTrack !== lost) return; // something else replaced it meanwhile
      try {
        const captured = await captureTrack(kind, constraints || true, device.deviceId);
        captured.enabled = !track.muted;
        track.mediaStreamTrack = captured;
        track.deviceId = deviceIdOf(captured) ?? device.deviceId;
        await this.callbacks.onSend(track.source, captured);
        this.watch(track);
        this.callbacks.onTrackChanged(track);
        this.callbacks.onDeviceLost(kind, lostId, track.deviceId ?? device.deviceId);
        return;
      } catch {
        // try the next device
      }
    }
    if (track.mediaStreamTrack !== lost) return;
    track.mediaStreamTrack = null;
    const wasMuted = track.muted;
    track.muted = true;
    await this.callbacks.onSend(track.source, null);
    this.callbacks.onTrackChanged(track);
    if (!wasMuted) this.callbacks.onMuteChanged(track);
    const what = kind === 'audioinput' ? 'microphone' : 'camera';
    const error = new MediaError('device-not-found', `The ${what} stopped and no other ${what} is available.`, kind);
    this.callbacks.onDeviceLost(kind, lostId, null, error);
  }
}

/** @internal Rejects bad `switchDevice` arguments. */
export function assertDeviceArgs(kind: unknown, deviceId: unknown): void {
  if (kind !== 'audioinput' && kind !== 'videoinput' && kind !== 'audiooutput') {
    throw RtcError.invalidArgument(`Unknown device kind "${String(kind)}".`);
  }
  if (typeof deviceId !== 'string' || deviceId === '') {
    throw RtcError.invalidArgument('deviceId must be a non-empty string.');
  }
}
