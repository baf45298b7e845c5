// Test doubles for elements that take a `Room`: a FakeRoom with the surface the elements use, recording calls.
// Not part of the package (excluded from the build).
import type { DeviceKind, Room, RoomEvents, TrackSource } from '@rtc-room/core';
import { waitFor } from '@rtc-room/core/testing';

type Listener = (...args: unknown[]) => void;

/** A published track as plain data. */
export interface FakeTrack {
  kind: 'audio' | 'video';
  source: TrackSource;
  mediaStreamTrack: MediaStreamTrack | null;
  muted: boolean;
}

/** A participant as plain data, with a real (possibly empty) MediaStream. */
export class FakeParticipant {
  id: string;
  name: string;
  stream: MediaStream;
  isCameraEnabled = true;
  isMicrophoneEnabled = true;
  isLocal = false;
  /** Published tracks by source (only the screen share is kept here). */
  readonly tracks = new Map<TrackSource, FakeTrack>();
  constructor(id: string, name: string, stream: MediaStream = new MediaStream()) {
    this.id = id;
    this.name = name;
    this.stream = stream;
  }

  get screenTrack(): FakeTrack | undefined {
    return this.tracks.get('screen');
  }
}

/** The parts of `Room` the elements call, recording each call in `calls`. */
export class FakeRoom {
  readonly roomName = 'fake';
  state: Room['state'] = 'connected';
  readonly localParticipant = Object.assign(new FakeParticipant('local', 'Ann'), { isLocal: true });
  readonly participants = new Map<string, FakeParticipant>();
  readonly calls: Array<[string, ...unknown[]]> = [];
  devices: MediaDeviceInfo[] = [];
  active: Partial<Record<DeviceKind, string>> = {};
  /** The participant `speak()` last named (`Room.activeSpeaker`). */
  activeSpeaker: FakeParticipant | null = null;
  /** Make the next device call reject with this. */
  failNext: Error | undefined;
  private readonly listeners = new Map<string, Set<Listener>>();

  on<E extends keyof RoomEvents>(event: E, listener: RoomEvents[E]): () => void {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    this.listeners.set(event, set);
    return () => set.delete(listener as Listener);
  }

  emit<E extends keyof RoomEvents>(event: E, ...args: Parameters<RoomEvents[E]>): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }

  listenerCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  /** Makes `participant` the active speaker (or nobody) and emits `activeSpeakerChanged`, as a `Room` does. */
  speak(participant: FakeParticipant | null): void {
    this.activeSpeaker = participant;
    this.emit('activeSpeakerChanged', participant as never);
  }

  /** How many listeners `event` has (a mesh `Room` measures audio levels only while `activeSpeakerChanged` has one). */
  listenersOf(event: keyof RoomEvents): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  private maybeFail(): void {
    const error = this.failNext;
    this.failNext = undefined;
    if (error) throw error;
  }

  async setMicrophoneEnabled(enabled: boolean): Promise<void> {
    this.calls.push(['setMicrophoneEnabled', enabled]);
    this.maybeFail();
    this.localParticipant.isMicrophoneEnabled = enabled;
    this.emit(enabled ? 'trackUnmuted' : 'trackMuted', {} as never, this.localParticipant as never);
  }

  async setCameraEnabled(enabled: boolean): Promise<void> {
    this.calls.push(['setCameraEnabled', enabled]);
    this.maybeFail();
    this.localParticipant.isCameraEnabled = enabled;
    this.emit(enabled ? 'trackUnmuted' : 'trackMuted', {} as never, this.localParticipant as never);
  }

  /** Starts (`track`) or ends (`null`) `participant`'s screen share and emits what a `Room` emits. */
  share(participant: FakeParticipant, track: MediaStreamTrack | null): void {
    const local = participant === this.localParticipant;
    const old = participant.tracks.get('screen');
    if (track) participant.tracks.set('screen', { kind: 'video', source: 'screen', mediaStreamTrack: track, muted: false });
    else participant.tracks.delete('screen');
    const changed = track ? participant.tracks.get('screen')! : { ...old!, mediaStreamTrack: null };
    if (local) this.emit('localTrackChanged', changed as never);
    else this.emit(track ? 'trackSubscribed' : 'trackUnsubscribed', changed as never, participant as never);
  }

  async startScreenShare(): Promise<void> {
    this.calls.push(['startScreenShare']);
    this.maybeFail();
    this.share(this.localParticipant, canvasTrack());
  }

  async stopScreenShare(): Promise<void> {
    this.calls.push(['stopScreenShare']);
    if (this.localParticipant.screenTrack) this.share(this.localParticipant, null);
  }

  async switchDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    this.calls.push(['switchDevice', kind, deviceId]);
    this.maybeFail();
    this.active[kind] = deviceId;
    this.emit('activeDeviceChanged', kind, deviceId);
  }

  getActiveDevice(kind: DeviceKind): string | undefined {
    return this.active[kind];
  }

  async listDevices(): Promise<MediaDeviceInfo[]> {
    this.calls.push(['listDevices']);
    return this.devices;
  }

  async join(): Promise<void> {
    this.calls.push(['join']);
  }

  async send(data: unknown, options?: unknown): Promise<void> {
    this.calls.push(['send', data, options]);
    this.maybeFail();
  }

  async leave(): Promise<void> {
    this.calls.push(['leave']);
  }

  /** This fake, typed as the `Room` the elements expect. */
  asRoom(): Room {
    return this as unknown as Room;
  }
}

/** A fake `MediaDeviceInfo`. */
export function device(kind: MediaDeviceKind, deviceId: string, label: string): MediaDeviceInfo {
  return { kind, deviceId, label, groupId: 'g', toJSON: () => ({}) } as MediaDeviceInfo;
}

/**
 * Resolves once `video` has decoded at least one frame (or rejects after `timeoutMs`): a picture size and either
 * `getVideoPlaybackQuality().totalVideoFrames > 0` (Chromium) or `currentTime` advancing (Firefox, whose
 * `totalVideoFrames` stays 0 for MediaStream sources).
 */
export async function waitForDecodedFrames(video: HTMLVideoElement, what: string, timeoutMs = 20_000): Promise<void> {
  let firstTime: number | undefined;
  await waitFor(
    () => {
      if (video.videoWidth === 0) return false;
      if ((video.getVideoPlaybackQuality?.().totalVideoFrames ?? 0) > 0) return true;
      firstTime ??= video.currentTime;
      return video.currentTime > firstTime;
    },
    `${what}: decoded video frames`,
    timeoutMs,
  );
}

/** A stream from Chromium's fake camera and microphone (small, to keep tests light). */
export function captureFake(video = true, audio = true): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({ video: video ? { width: 320, height: 240 } : false, audio });
}

/** A live video track drawn from a canvas (a stand-in for a shared screen). */
export function canvasTrack(width = 320, height = 180): MediaStreamTrack {
  const canvas = Object.assign(document.createElement('canvas'), { width, height });
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#3a6';
  ctx.fillRect(0, 0, width, height);
  const track = canvas.captureStream(10).getVideoTracks()[0]!;
  // Keep frames coming so a <video> shows them.
  const timer = setInterval(() => (ctx.fillRect(0, 0, 1, 1), track.readyState === 'ended' && clearInterval(timer)), 100);
  return track;
}
