import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Room } from '@rtc-room/core';
import { RoomController } from '../controllers/room-controller.js';
import { RecordingController } from './recording-controller.js';
import { SHORTCUTS, ShortcutController } from './shortcuts.js';
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
 * The screen share button (hidden where the browser cannot share screens: no `getDisplayMedia`, e.g. mobile) calls
 * `room.startScreenShare()` / `room.stopScreenShare()` and is pressed while the local participant shares; it follows
 * a share ended by the browser's own "Stop sharing" too. Cancelling the browser's picker (`device-denied`) is not
 * reported as an error.
 *
 * Keyboard shortcuts, as in Google Meet (announced by each button's `aria-keyshortcuts`): Ctrl+D (⌘+D on a Mac)
 * presses the microphone button, Ctrl+E (⌘+E) the camera button, Ctrl+Alt+P (⌘+Option+P) the people button, from anywhere in the page while the element is
 * in it — except while typing in a text field (chat, name). `no-shortcuts` turns them off.
 *
 * @tagname rtc-controls
 * @summary The call's button bar: microphone, camera, screen share, statistics, device settings, recording (when
 * enabled) and leave. Native `<button>`s with `aria-label`s and `aria-pressed`, so they work from the keyboard and
 * with screen readers.
 *
 * @slot - Extra buttons, after the built-in ones.
 * @slot start - Extra buttons, before the built-in ones.
 *
 * @event {CustomEvent<RtcToggleDeviceDetail>} rtc-toggle-microphone - `{ enabled }`: the microphone button was pressed; `enabled` is the requested state. Cancelable.
 * @event {CustomEvent<RtcToggleDeviceDetail>} rtc-toggle-camera - `{ enabled }`: the camera button was pressed. Cancelable.
 * @event {CustomEvent<RtcToggleDeviceDetail>} rtc-toggle-screen-share - `{ enabled }`: the screen share button was pressed. Cancelable.
 * @event {CustomEvent<RtcTogglePanelDetail>} rtc-toggle-stats - `{ visible }`: the statistics button was pressed. Cancelable.
 * @event {CustomEvent<RtcTogglePanelDetail>} rtc-toggle-devices - `{ visible }`: the device settings button was pressed. Cancelable.
 * @event {CustomEvent<RtcTogglePanelDetail>} rtc-toggle-participants - `{ visible }`: the people (participant list) button was pressed. Cancelable.
 * @event {CustomEvent<Record<string, never>>} rtc-leave-request - The leave button was pressed. Cancelable.
 * @event {CustomEvent<RtcRecordingStoppedDetail>} rtc-recording-stopped - `{ blob, url, fileName }`: a recording (`recording-enabled`) ended; the download link offers `url` until the next recording starts or the element is removed.
 * @event {CustomEvent<RtcErrorDetail>} rtc-error - `{ error }`: the room refused a change (e.g. `device-denied` when turning the camera on).
 *
 * @csspart base - The toolbar (also `controls`).
 * @csspart button - Every button (also `mic-button`, `camera-button`, `screen-share-button`, `stats-button`,
 * `devices-button`, `participants-button`, `record-button`, `leave-button`).
 * @csspart download - The "Download recording" link, shown after a recording stopped.
 *
 * @cssproperty --rtc-button-size - Diameter of the round buttons. Default `48px`.
 * @cssproperty --rtc-controls-gap - Space between buttons. Default `12px`.
 */
export class RtcControlsElement extends LitElement {
  static override styles = [tokens, styles];

  static override properties = {
    room: { attribute: false },
    microphoneEnabled: { type: Boolean, attribute: 'microphone-enabled', reflect: true, useDefault: true },
    cameraEnabled: { type: Boolean, attribute: 'camera-enabled', reflect: true, useDefault: true },
    screenSharing: { type: Boolean, attribute: 'screen-sharing', reflect: true, useDefault: true },
    statsVisible: { type: Boolean, attribute: 'stats-visible', reflect: true, useDefault: true },
    devicesVisible: { type: Boolean, attribute: 'devices-visible', reflect: true, useDefault: true },
    participantsVisible: { type: Boolean, attribute: 'participants-visible', reflect: true, useDefault: true },
    recordingEnabled: { type: Boolean, attribute: 'recording-enabled', reflect: true, useDefault: true },
    noShortcuts: { type: Boolean, attribute: 'no-shortcuts' },
    busy: { state: true },
  };

  /** The room whose local microphone and camera these buttons control. Optional. */
  declare room: Room | undefined;
  /** Whether the microphone is on (follows the room's local participant when `room` is set). */
  declare microphoneEnabled: boolean;
  /** Whether the camera is on (follows the room's local participant when `room` is set). */
  declare cameraEnabled: boolean;
  /** Whether the local participant shares a screen (follows the room's local participant when `room` is set). */
  declare screenSharing: boolean;
  /** Whether the statistics are shown (the statistics button's pressed state). */
  declare statsVisible: boolean;
  /** Whether the device settings are shown (the settings button's pressed state). */
  declare devicesVisible: boolean;
  /** Whether the participant list is shown (the people button is pressed). */
  declare participantsVisible: boolean;
  /**
   * Shows a record button (needs `room`): it records the call in this browser (`room.startRecording()`), then offers
   * the WebM as a download and dispatches `rtc-recording-stopped`.
   */
  declare recordingEnabled: boolean;
  /** No keyboard shortcuts (Ctrl/⌘+D microphone, Ctrl/⌘+E camera, Ctrl/⌘+Alt+P people); the buttons then carry no `aria-keyshortcuts`. */
  declare noShortcuts: boolean;
  private declare busy: ReadonlySet<'microphone' | 'camera' | 'screen'>;

  private readonly recorder = new RecordingController(this);

  private readonly roomController = new RoomController(this, {
    events: ['localTrackChanged', 'trackMuted', 'trackUnmuted', 'connectionStateChanged'],
  });

  constructor() {
    super();
    this.room = undefined;
    this.microphoneEnabled = false;
    this.cameraEnabled = false;
    this.screenSharing = false;
    this.statsVisible = false;
    this.devicesVisible = false;
    this.participantsVisible = false;
    this.recordingEnabled = false;
    this.noShortcuts = false;
    new ShortcutController(this); // registers itself with this element
    this.busy = new Set();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('room')) this.roomController.room = this.room;
    const local = this.room?.localParticipant;
    if (local) {
      this.microphoneEnabled = local.isMicrophoneEnabled;
      this.cameraEnabled = local.isCameraEnabled;
      this.screenSharing = local.screenTrack !== undefined;
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
          aria-keyshortcuts=${this.noShortcuts ? nothing : SHORTCUTS.microphone}
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
          aria-keyshortcuts=${this.noShortcuts ? nothing : SHORTCUTS.camera}
          aria-busy=${String(camBusy)}
          @click=${this.toggleCamera}
        >
          ${icon(this.cameraEnabled ? 'camera' : 'cameraOff')}
        </button>
        <button
          type="button"
          part="button screen-share-button"
          aria-label="Share screen"
          title=${this.screenSharing ? 'Stop sharing' : 'Share your screen'}
          aria-pressed=${String(this.screenSharing)}
          aria-busy=${String(this.busy.has('screen'))}
          ?hidden=${!globalThis.navigator?.mediaDevices?.getDisplayMedia}
          @click=${this.toggleScreenShare}
        >
          ${icon('screenShare')}
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
        <button
          type="button"
          part="button participants-button"
          aria-label="People"
          aria-keyshortcuts=${this.noShortcuts ? nothing : SHORTCUTS.participants}
          title=${this.participantsVisible ? 'Hide people' : 'Show people'}
          aria-pressed=${String(this.participantsVisible)}
          @click=${this.toggleParticipants}
        >
          ${icon('people')}
        </button>
        ${this.recordingEnabled ? this.renderRecording() : nothing}
        <button type="button" part="button leave-button" aria-label="Leave call" title="Leave call" @click=${this.requestLeave}>
          ${icon('callEnd')}
        </button>
        <slot></slot>
      </div>
    `;
  }

  private renderRecording(): TemplateResult {
    const { phase, url, fileName } = this.recorder;
    const on = phase === 'recording';
    return html`
      <button
        type="button"
        part="button record-button"
        aria-label="Record"
        title=${on ? 'Stop recording' : 'Record the call'}
        aria-pressed=${String(on)}
        aria-busy=${String(phase === 'starting' || phase === 'stopping')}
        ?disabled=${!this.room}
        @click=${() => this.recorder.toggle(this.room)}
      >
        ${icon(on ? 'stop' : 'record')}
      </button>
      ${url ? html`<a part="download" href=${url} download=${fileName}>Download recording</a>` : nothing}
    `;
  }

  /** A keyboard shortcut: the same as pressing the button (see {@link ShortcutController}). @internal */
  shortcut(which: keyof typeof SHORTCUTS): void {
    if (which === 'participants') this.toggleParticipants();
    else void (which === 'microphone' ? this.toggleMicrophone() : this.toggleCamera());
  }

  private async toggleMicrophone(): Promise<void> {
    await this.toggleDevice('microphone', !this.microphoneEnabled);
  }

  private async toggleCamera(): Promise<void> {
    await this.toggleDevice('camera', !this.cameraEnabled);
  }

  private async toggleScreenShare(): Promise<void> {
    await this.toggleDevice('screen', !this.screenSharing);
  }

  private async toggleDevice(which: 'microphone' | 'camera' | 'screen', enabled: boolean): Promise<void> {
    if (this.busy.has(which)) return;
    const name = which === 'microphone' ? 'rtc-toggle-microphone' : which === 'camera' ? 'rtc-toggle-camera' : 'rtc-toggle-screen-share';
    if (emit(this, name, { enabled }, { cancelable: true }).defaultPrevented) return;
    const room = this.room;
    if (!room) {
      if (which === 'microphone') this.microphoneEnabled = enabled;
      else if (which === 'camera') this.cameraEnabled = enabled;
      else this.screenSharing = enabled;
      return;
    }
    this.busy = new Set([...this.busy, which]);
    try {
      if (which === 'microphone') await room.setMicrophoneEnabled(enabled);
      else if (which === 'camera') await room.setCameraEnabled(enabled);
      else if (enabled) await room.startScreenShare();
      else await room.stopScreenShare();
    } catch (error) {
      const rtcError = toRtcError(error);
      // Cancelling the screen picker rejects with NotAllowedError: the user's choice, not a failure to show.
      if (which !== 'screen' || rtcError.code !== 'device-denied') emit(this, 'rtc-error', { error: rtcError });
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

  private toggleParticipants(): void {
    const visible = !this.participantsVisible;
    if (!emit(this, 'rtc-toggle-participants', { visible }, { cancelable: true }).defaultPrevented) this.participantsVisible = visible;
  }

  private requestLeave(): void {
    emit(this, 'rtc-leave-request', {}, { cancelable: true });
  }
}
