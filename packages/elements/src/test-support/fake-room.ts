// Test doubles for elements that take a `Room`: a FakeRoom with the surface the elements use, recording calls.
// Not part of the package (excluded from the build).
import type { DeviceKind, Room, RoomEvents } from '@rtc-room/core';

type Listener = (...args: unknown[]) => void;

/** A participant as plain data, with a real (possibly empty) MediaStream. */
export class FakeParticipant {
  id: string;
  name: string;
  stream: MediaStream;
  isCameraEnabled = true;
  isMicrophoneEnabled = true;
  constructor(id: string, name: string, stream: MediaStream = new MediaStream()) {
    this.id = id;
    this.name = name;
    this.stream = stream;
  }
}

/** The parts of `Room` the elements call, recording each call in `calls`. */
export class FakeRoom {
  readonly roomName = 'fake';
  state: Room['state'] = 'connected';
  readonly localParticipant = new FakeParticipant('local', 'Ann');
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

/** Polls `check` every 50 ms until it returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const start = performance.now();
  for (;;) {
    if (await check()) return;
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves once `video` has decoded at least one frame (or rejects after `timeoutMs`). */
export async function waitForDecodedFrames(video: HTMLVideoElement, what: string, timeoutMs = 20_000): Promise<void> {
  await waitFor(
    () => video.videoWidth > 0 && (video.getVideoPlaybackQuality?.().totalVideoFrames ?? 1) > 0,
    `${what}: decoded video frames`,
    timeoutMs,
  );
}

/** A stream from Chromium's fake camera and microphone (small, to keep tests light). */
export function captureFake(video = true, audio = true): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({ video: video ? { width: 320, height: 240 } : false, audio });
}
