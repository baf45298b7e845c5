import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { DeviceKind, Room } from '@rtc-room/core';
import { RoomController } from '../controllers/room-controller.js';
import { toRtcError } from '../internal/errors.js';
import { emit } from '../internal/events.js';
import { tokens } from '../internal/theme.styles.js';
import styles from './device-picker.styles.js';

/** The device each kind uses; `undefined` = the browser's default. */
export type SelectedDevices = Partial<Record<DeviceKind, string>>;

/** True where the browser lets a page choose the audio output device (`HTMLMediaElement.setSinkId`). */
export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

const KINDS: ReadonlyArray<{ kind: DeviceKind; label: string; part: string; fallback: string }> = [
  { kind: 'videoinput', label: 'Camera', part: 'camera-select', fallback: 'Camera' },
  { kind: 'audioinput', label: 'Microphone', part: 'microphone-select', fallback: 'Microphone' },
  { kind: 'audiooutput', label: 'Speaker', part: 'speaker-select', fallback: 'Speaker' },
];

let nextId = 0;

/**
 * Given a `room`, it lists `room.listDevices()`, follows the room's `devicesChanged` and `activeDeviceChanged`,
 * and calls `room.switchDevice(kind, deviceId)` when the user picks one. Without a room it lists
 * `navigator.mediaDevices` itself (or the `devices` you set) and only dispatches `rtc-device-change`.
 *
 * @tagname rtc-device-picker
 * @summary Labelled `<select>`s for the camera, the microphone and — where the browser can route audio
 * (`setSinkId`) — the speaker.
 *
 * @event {CustomEvent<RtcDeviceChangeDetail>} rtc-device-change - `{ kind, deviceId }`: the user picked a device. Cancelable: `preventDefault()` stops the
 * switch on the room.
 * @event {CustomEvent<RtcErrorDetail>} rtc-error - `{ error }`: the room could not switch to the device.
 * @event {CustomEvent<RtcTogglePanelDetail>} rtc-toggle-devices - `{ visible: false }`: Escape was pressed in a `panel`
 * (asks whoever opened it to close it). Cancelable: `preventDefault()` keeps the focus where it is.
 *
 * @csspart base - The panel (a labelled `role="group"`).
 * @csspart title - Its title ("Devices").
 * @csspart field - Each label + select pair.
 * @csspart label - Each label text.
 * @csspart select - Each `<select>` (also `camera-select`, `microphone-select`, `speaker-select`).
 */
export class RtcDevicePickerElement extends LitElement {
  static override styles = [tokens, styles];

  static override properties = {
    room: { attribute: false },
    devices: { attribute: false },
    selected: { attribute: false },
    heading: { type: String },
    panel: { type: Boolean, reflect: true, useDefault: true },
    listed: { state: true },
  };

  /** The room whose devices to switch. Optional. */
  declare room: Room | undefined;
  /**
   * The devices to list. Leave `undefined` (the default) to list the room's devices, or `navigator.mediaDevices`'
   * when there is no room.
   */
  declare devices: MediaDeviceInfo[] | undefined;
  /** The device in use per kind. Follows the room when `room` is set. */
  declare selected: SelectedDevices;
  /** The panel's title. Default "Devices". */
  declare heading: string;
  /**
   * A panel opened by a button (as in `<rtc-room>`): when it is added to the document it takes the focus (its first
   * usable `<select>`), Escape dispatches `rtc-toggle-devices` with `{ visible: false }`, and the focus goes back to
   * what had it when the panel opened (WAI-ARIA APG, disclosure / non-modal dialog). Default `false`.
   */
  declare panel: boolean;
  private declare listed: MediaDeviceInfo[];
  /** What had the focus when the panel opened (the button that opened it), for Escape. */
  private opener: HTMLElement | undefined;

  private readonly idPrefix = `rtc-device-picker-${nextId++}`;
  private readonly roomController = new RoomController(this, {
    events: ['activeDeviceChanged', 'localTrackChanged'],
    listeners: {
      devicesChanged: (devices) => {
        this.listed = devices;
      },
    },
  });

  constructor() {
    super();
    this.room = undefined;
    this.devices = undefined;
    this.selected = {};
    this.heading = 'Devices';
    this.panel = false;
    this.listed = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    navigator.mediaDevices?.addEventListener('devicechange', this.onDeviceChange);
    this.opener = this.panel ? deepActiveElement() : undefined;
    void this.refresh().then(() => {
      if (this.panel && this.isConnected) this.takeFocus();
    });
  }

  /** Focuses the first `<select>` that can be used, else the panel itself. */
  private takeFocus(): void {
    const root = this.renderRoot as ShadowRoot;
    const select = root.querySelector<HTMLSelectElement>('select:not([disabled])');
    (select ?? root.querySelector<HTMLElement>('[part="base"]'))?.focus();
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (!this.panel || event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    const opener = this.opener;
    if (emit(this, 'rtc-toggle-devices', { visible: false }, { cancelable: true }).defaultPrevented) return;
    if (opener?.isConnected) opener.focus();
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    navigator.mediaDevices?.removeEventListener('devicechange', this.onDeviceChange);
  }

  /** Lists the devices again (from the room, or from `navigator.mediaDevices`). Resolves once rendered. */
  async refresh(): Promise<void> {
    try {
      const room = this.room;
      this.listed = room ? await room.listDevices() : ((await navigator.mediaDevices?.enumerateDevices()) ?? []);
    } catch {
      // Listing fails in an insecure context; the selects then say that no device was found.
    }
    await this.updateComplete;
  }

  private readonly onDeviceChange = (): void => {
    if (!this.room) void this.refresh(); // with a room, `devicesChanged` brings the new list
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('room')) {
      this.roomController.room = this.room;
      if (this.hasUpdated) void this.refresh();
    }
    const room = this.room;
    if (room) {
      const selected: SelectedDevices = { ...this.selected };
      for (const { kind } of KINDS) {
        const id = room.getActiveDevice(kind);
        if (id !== undefined) selected[kind] = id;
      }
      this.selected = selected;
    }
  }

  override render(): TemplateResult {
    const kinds = KINDS.filter(({ kind }) => kind !== 'audiooutput' || canChooseSpeaker());
    return html`
      <div part="base" role="group" aria-labelledby="${this.idPrefix}-title" tabindex="-1" @keydown=${this.onKeyDown}>
        <div part="title" id="${this.idPrefix}-title">${this.heading}</div>
        ${kinds.map(({ kind, label, part, fallback }) => {
          const id = `${this.idPrefix}-${kind}`;
          const options = (this.devices ?? this.listed).filter((d) => d.kind === kind);
          const current = this.selected[kind] ?? '';
          return html`
            <div part="field">
              <label part="label" for=${id}>${label}</label>
              <select
                id=${id}
                part="select ${part}"
                ?disabled=${options.length === 0}
                @change=${(e: Event) => this.onSelect(kind, (e.target as HTMLSelectElement).value)}
              >
                ${options.length === 0 ? html`<option value="">No ${label.toLowerCase()} found</option>` : nothing}
                ${options.map(
                  (d, i) =>
                    html`<option value=${d.deviceId} ?selected=${d.deviceId === current}>
                      ${d.label || `${fallback} ${i + 1}`}
                    </option>`,
                )}
              </select>
            </div>
          `;
        })}
      </div>
    `;
  }

  private async onSelect(kind: DeviceKind, deviceId: string): Promise<void> {
    const previous = this.selected[kind];
    this.selected = { ...this.selected, [kind]: deviceId };
    if (emit(this, 'rtc-device-change', { kind, deviceId }, { cancelable: true }).defaultPrevented) return;
    if (!this.room) return;
    try {
      await this.room.switchDevice(kind, deviceId);
    } catch (error) {
      this.selected = { ...this.selected, [kind]: previous };
      emit(this, 'rtc-error', { error: toRtcError(error) });
    }
  }
}

/** The focused element, looking inside open shadow roots (the devices button sits in `<rtc-controls>`'). */
function deepActiveElement(): HTMLElement | undefined {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : undefined;
}
