import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import type { Room } from '@rtc-room/core';
import { RoomController } from '../controllers/room-controller.js';
import { toRtcError } from '../internal/errors.js';
import { emit } from '../internal/events.js';
import { icon } from '../internal/icons.js';
import { tokens } from '../internal/theme.styles.js';
import styles from './controls.styles.js';

/**
 * Given a `room`, the microphone and camera buttons follow the local participant and call
 * `room.setMicrophoneEnabled()` / `room.setCameraEnabled()`; without one, set `microphone-enabled` /
 * `camera-enabled` yourself and handle the events. Every button first dispatches a cancelable `rtc-toggle-*` (or
 * `rtc-leave-request`) event; call `preventDefault()` on it to handle the action yourself. The leave button never
 * leaves by itself: `<rtc-room>` (or your code) handles `rtc-leave-request`.
 *
 * @tagname rtc-controls
 * @summary The call's button bar: microphone, camera, statistics, device settings and leave. Native `<button>`s
 * with `aria-label`s and `aria-pressed`, so they work from the keyboard and with screen readers.
 *
 * @slot - Extra buttons, after the built-in ones.
 * @slot start - Extra buttons, before the built-in ones.
 *
 * @event {CustomEvent<RtcToggleDeviceDetail>} rtc-toggle-microphone - `{ enabled }`: the microphone button was pressed; `enabled` is the requested state. Cancelable.
 * @event {CustomEvent<RtcToggleDeviceDetail>} rtc-toggle-camera - `{ enabled }`: the camera button was pressed. Cancelable.
 * @event {CustomEvent<RtcTogglePanelDetail>} rtc-toggle-stats - `{ visible }`: the statistics button was pressed. Cancelable.
 * @event {CustomEvent<RtcTogglePanelDetail>} rtc-toggle-devices - `{ visible }`: the device settings button was pressed. Cancelable.
 * @event {CustomEvent<Record<string, never>>} rtc-leave-request - The leave button was pressed. Cancelable.
 * @event {CustomEvent<RtcErrorDetail>} rtc-error - `{ error }`: the room refused a change (e.g. `device-denied` when turning the camera on).
 *
 * @csspart base - The toolbar (also `controls`).
 * @csspart button - Every button (also `mic-button`, `camera-button`, `stats-button`, `devices-button`, `leave-button`).
 *
 * @cssproperty --rtc-button-size - Diameter of the round buttons. Default `48px`.
 * @cssproperty --rtc-controls-gap - Space between buttons. Default `12px`.
 */
export class RtcControlsElement extends LitElement {
  static override styles = [tokens, styles];

  static override properties = {
    room: { attribute: false },
    microphoneEnabled: { type: Boolean, attribute: 'microphone-enabled', reflect: true },
    cameraEnabled: { type: Boolean, attribute: 'camera-enabled', reflect: true },
    statsVisible: { type: Boolean, attribute: 'stats-visible', reflect: true },
    devicesVisible: { type: Boolean, attribute: 'devices-visible', reflect: true },
    busy: { state: true },
  };

  /** The room whose local microphone and camera these buttons control. Optional. */
  declare room: Room | undefined;
  /** Whether the microphone is on (follows the room's local participant when `room` is set). */
  declare microphoneEnabled: boolean;
  /** Whether the camera is on (follows the room's local participant when `room` is set). */
  declare cameraEnabled: boolean;
  /** Whether the statistics are shown (the statistics button's pressed state). */
  declare statsVisible: boolean;
  /** Whether the device settings are shown (the settings button's pressed state). */
  declare devicesVisible: boolean;
  private declare busy: ReadonlySet<'microphone' | 'camera'>;

  private readonly roomController = new RoomController(this, {
    events: ['localTrackChanged', 'trackMuted', 'trackUnmuted', 'connectionStateChanged'],
  });

  constructor() {
    super();
    this.room = undefined;
    this.microphoneEnabled = false;
    this.cameraEnabled = false;
    this.statsVisible = false;
    this.devicesVisible = false;
    this.busy = new Set();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('room')) this.roomController.room = this.room;
    const local = this.room?.localParticipant;
    if (local) {
      this.microphoneEnabled = local.isMicrophoneEnabled;
      this.cameraEnabled = local.isCameraEnabled;
    }
  }

  override render(): TemplateResult {
    const micBusy = this.busy.has('microphone');
    const camBusy = this.busy.has('camera');
    return html`
      <div part="base controls" role="toolbar" aria-label="Call controls">
        <slot name="start"></slot>
        <button
          type="button"
          part="button mic-button"
          aria-label="Microphone"
          title=${this.microphoneEnabled ? 'Turn off microphone' : 'Turn on microphone'}
          aria-pressed=${String(this.microphoneEnabled)}
          aria-busy=${String(micBusy)}
          @click=${this.toggleMicrophone}
        >
          ${icon(this.microphoneEnabled ? 'mic' : 'micOff')}
        </button>
        <button
          type="button"
          part="button camera-button"
          aria-label="Camera"
          title=${this.cameraEnabled ? 'Turn off camera' : 'Turn on camera'}
          aria-pressed=${String(this.cameraEnabled)}
          aria-busy=${String(camBusy)}
          @click=${this.toggleCamera}
        >
          ${icon(this.cameraEnabled ? 'camera' : 'cameraOff')}
        </button>
        <button
          type="button"
          part="button stats-button"
          aria-label="Connection statistics"
          title=${this.statsVisible ? 'Hide statistics' : 'Show statistics'}
          aria-pressed=${String(this.statsVisible)}
          @click=${this.toggleStats}
        >
          ${icon('stats')}
        </button>
        <button
          type="button"
          part="button devices-button"
          aria-label="Device settings"
          title=${this.devicesVisible ? 'Hide device settings' : 'Show device settings'}
          aria-pressed=${String(this.devicesVisible)}
          @click=${this.toggleDevices}
        >
          ${icon('settings')}
        </button>
        <button type="button" part="button leave-button" aria-label="Leave call" title="Leave call" @click=${this.requestLeave}>
          ${icon('callEnd')}
        </button>
        <slot></slot>
      </div>
    `;
  }

  private async toggleMicrophone(): Promise<void> {
    await this.toggleDevice('microphone', !this.microphoneEnabled);
  }

  private async toggleCamera(): Promise<void> {
    await this.toggleDevice('camera', !this.cameraEnabled);
  }

  private async toggleDevice(which: 'microphone' | 'camera', enabled: boolean): Promise<void> {
    if (this.busy.has(which)) return;
    const name = which === 'microphone' ? 'rtc-toggle-microphone' : 'rtc-toggle-camera';
    if (emit(this, name, { enabled }, { cancelable: true }).defaultPrevented) return;
    const room = this.room;
    if (!room) {
      if (which === 'microphone') this.microphoneEnabled = enabled;
      else this.cameraEnabled = enabled;
      return;
    }
    this.busy = new Set([...this.busy, which]);
    try {
      if (which === 'microphone') await room.setMicrophoneEnabled(enabled);
      else await room.setCameraEnabled(enabled);
    } catch (error) {
      emit(this, 'rtc-error', { error: toRtcError(error) });
    } finally {
      const busy = new Set(this.busy);
      busy.delete(which);
      this.busy = busy;
    }
  }

  private toggleStats(): void {
    const visible = !this.statsVisible;
    if (!emit(this, 'rtc-toggle-stats', { visible }, { cancelable: true }).defaultPrevented) this.statsVisible = visible;
  }

  private toggleDevices(): void {
    const visible = !this.devicesVisible;
    if (!emit(this, 'rtc-toggle-devices', { visible }, { cancelable: true }).defaultPrevented) this.devicesVisible = visible;
  }

  private requestLeave(): void {
    emit(this, 'rtc-leave-request', {}, { cancelable: true });
  }
}
