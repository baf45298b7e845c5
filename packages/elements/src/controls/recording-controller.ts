import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Room, RoomRecording } from '@rtc-room/core';
import { toRtcError } from '../internal/errors.js';
import { emit } from '../internal/events.js';

/**
 * The record button's state for `<rtc-controls>`: starts `room.startRecording()`, stops it (or notices that leaving
 * stopped it), dispatches `rtc-recording-stopped` with the `Blob` and keeps an object URL for the download link. The
 * URL is revoked when the next recording starts and when the element leaves the page.
 */
export class RecordingController implements ReactiveController {
  /** `idle`, `starting`, `recording` or `stopping`. */
  phase: 'idle' | 'starting' | 'recording' | 'stopping' = 'idle';
  /** Object URL of the last recording, for `<a download>`. */
  url: string | undefined;
  /** Suggested file name of the last recording. */
  fileName = '';
  private recording: RoomRecording | undefined;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  /** Starts or stops, from the button. */
  async toggle(room: Room | undefined): Promise<void> {
    if (this.phase === 'recording') return this.finish();
    if (this.phase !== 'idle' || !room) return;
    this.set('starting');
    try {
      this.recording = await room.startRecording();
      this.revoke();
      this.set('recording');
    } catch (error) {
      this.set('idle');
      emit(this.host, 'rtc-error', { error: toRtcError(error, 'recording-unsupported') });
    }
  }

  /** Called on every host update: leaving the room stops the recorder by itself. */
  hostUpdate(): void {
    if (this.phase === 'recording' && this.recording?.state === 'stopped') void this.finish();
  }

  hostDisconnected(): void {
    if (this.phase === 'recording') void this.finish();
    this.revoke();
  }

  private async finish(): Promise<void> {
    const recording = this.recording;
    if (!recording) return;
    this.recording = undefined;
    this.set('stopping');
    try {
      const blob = await recording.stop();
      this.revoke();
      this.url = URL.createObjectURL(blob);
      this.fileName = `recording-${new Date().toISOString().slice(0, 19).replace(/[T:]/g, '-')}.webm`;
      emit(this.host, 'rtc-recording-stopped', { blob, url: this.url, fileName: this.fileName });
    } catch (error) {
      emit(this.host, 'rtc-error', { error: toRtcError(error, 'recording-failed') });
    } finally {
      this.set('idle');
    }
  }

  private revoke(): void {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = undefined;
  }

  private set(phase: RecordingController['phase']): void {
    this.phase = phase;
    this.host.requestUpdate();
  }
}
