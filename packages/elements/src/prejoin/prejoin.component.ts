import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { RtcDevicePickerElement, type SelectedDevices } from '../device-picker/device-picker.component.js';
import { toRtcError } from '../internal/errors.js';
import { emit } from '../internal/events.js';
import { icon } from '../internal/icons.js';
import { tokens } from '../internal/theme.styles.js';
import { DEFAULT_ROOM_STRINGS, fill, type RtcRoomStrings } from '../room/strings.js';
import styles from './prejoin.styles.js';

/**
 * Before joining: a preview of your camera (mirrored, with camera and microphone toggles), your microphone's level,
 * the device choice (`<rtc-device-picker>` without a room), your name and a Join button — what Google Meet and
 * Whereby show before a call. It captures its own preview (`getUserMedia`), stops it when Join is pressed or when it
 * is removed, and dispatches `rtc-join-request` with the choices; `<rtc-room prejoin>` shows it and joins with them.
 * Native labelled controls: Tab, Enter and Space work; the name field has the focus first; toggles have
 * `aria-pressed`; capture problems are announced in a `role="status"` line.
 *
 * @tagname rtc-prejoin
 * @summary The pre-join screen: camera preview, microphone level, devices, name, Join.
 *
 * @event {CustomEvent<RtcJoinRequestDetail>} rtc-join-request - `{ name, audio, video, audioDeviceId, videoDeviceId }`:
 * the user pressed Join.
 * @event {CustomEvent<RtcDeviceChangeDetail>} rtc-device-change - `{ kind, deviceId }`: the user picked a device.
 *
 * @csspart base - The whole screen (a labelled `<form>`).
 * @csspart preview - The camera preview box.
 * @csspart video - The preview `<video>`.
 * @csspart camera-off - "Camera is off" in the preview box.
 * @csspart toggles - The two toggles.
 * @csspart toggle - Each toggle (also `mic-toggle`, `camera-toggle`).
 * @csspart mic-toggle - The microphone toggle.
 * @csspart camera-toggle - The camera toggle.
 * @csspart form - The side with the title, name, level, devices and Join.
 * @csspart title - "Ready to join?".
 * @csspart name-input - The name field.
 * @csspart level - The microphone level `<meter>` (0–1).
 * @csspart device-picker - The camera and microphone selects (`<rtc-device-picker>`).
 * @csspart problem - The `role="status"` line saying a capture failed.
 * @csspart join-button - Join.
 */
export class RtcPrejoinElement extends LitElement {
  static override styles = [tokens, styles];
  static dependencies = { 'rtc-device-picker': RtcDevicePickerElement };

  static override properties = {
    name: { type: String },
    audio: { type: Boolean },
    video: { type: Boolean },
    strings: { attribute: false },
    level: { state: true },
    problem: { state: true },
    devices: { state: true },
    selected: { state: true },
  };

  /** The name in the field (initially `<rtc-room>`'s `name`). */
  declare name: string;
  /** The microphone is on. Default `true`. */
  declare audio: boolean;
  /** The camera is on. Default `true`. */
  declare video: boolean;
  /** Sentences (see `RtcRoomStrings`); unset ones are English. */
  declare strings: Partial<RtcRoomStrings>;
  private declare level: number;
  private declare problem: string | undefined;
  private declare devices: MediaDeviceInfo[] | undefined;
  private declare selected: SelectedDevices;

  private stream: MediaStream | undefined;
  private audioContext: AudioContext | undefined;
  private meterFrame = 0;
  private captures = 0;

  constructor() {
    super();
    this.name = '';
    this.audio = true;
    this.video = true;
    this.strings = {};
    this.level = 0;
    this.problem = undefined;
    this.devices = undefined;
    this.selected = {};
  }

  /** The live preview stream (camera and microphone as toggled), if any. */
  get previewStream(): MediaStream | undefined {
    return this.stream;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.capture();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopPreview();
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>('input')?.focus();
  }

  private get text(): RtcRoomStrings {
    return { ...DEFAULT_ROOM_STRINGS, ...this.strings };
  }

  /** (Re)captures the preview for the toggles and devices chosen; a newer capture wins over a slower older one. */
  private async capture(): Promise<void> {
    const turn = ++this.captures;
    this.stopPreview();
    this.problem = undefined;
    if (!this.audio && !this.video) return;
    const constraint = (on: boolean, id: string | undefined): boolean | MediaTrackConstraints =>
      on ? (id ? { deviceId: { exact: id } } : true) : false;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: constraint(this.audio, this.selected.audioinput),
        video: constraint(this.video, this.selected.videoinput),
      });
      if (turn !== this.captures || !this.isConnected) {
        for (const t of stream.getTracks()) t.stop();
        return;
      }
      this.stream = stream;
      this.startMeter(stream);
      this.devices = await navigator.mediaDevices.enumerateDevices();
      this.requestUpdate();
    } catch (error) {
      if (turn === this.captures) this.problem = toRtcError(error, 'device-not-found').message || String(error);
    }
  }

  private startMeter(stream: MediaStream): void {
    if (stream.getAudioTracks().length === 0 || typeof AudioContext === 'undefined') return;
    const context = new AudioContext();
    this.audioContext = context;
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const tick = (): void => {
      analyser.getFloatTimeDomainData(samples);
      let peak = 0;
      for (const s of samples) peak = Math.max(peak, Math.abs(s));
      this.level = Math.round(Math.min(1, peak) * 100) / 100;
      this.meterFrame = requestAnimationFrame(tick);
    };
    void context.resume().catch(() => undefined);
    tick();
  }

  private stopPreview(): void {
    cancelAnimationFrame(this.meterFrame);
    void this.audioContext?.close().catch(() => undefined);
    this.audioContext = undefined;
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.stream = undefined;
    this.level = 0;
  }

  private toggle(kind: 'audio' | 'video'): void {
    this[kind] = !this[kind];
    void this.audioContext?.resume().catch(() => undefined); // a click is the gesture the meter may need
    void this.capture();
  }

  private readonly onDeviceChange = (event: GlobalEventHandlersEventMap['rtc-device-change']): void => {
    const { kind, deviceId } = event.detail;
    if (kind === 'audiooutput') return;
    this.selected = { ...this.selected, [kind]: deviceId };
    void this.capture();
  };

  private readonly onSubmit = (event: Event): void => {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('input')!;
    this.stopPreview();
    this.captures++;
    emit(this, 'rtc-join-request', {
      name: input.value.trim(),
      audio: this.audio,
      video: this.video,
      audioDeviceId: this.selected.audioinput,
      videoDeviceId: this.selected.videoinput,
    });
  };

  private renderToggle(kind: 'audio' | 'video'): TemplateResult {
    const s = this.text;
    const on = this[kind];
    const mic = kind === 'audio';
    return html`<button
      type="button"
      part="toggle ${mic ? 'mic-toggle' : 'camera-toggle'}"
      aria-label=${mic ? s.microphoneButton : s.cameraButton}
      aria-pressed=${String(on)}
      @click=${() => this.toggle(kind)}
    >${icon(mic ? (on ? 'mic' : 'micOff') : on ? 'camera' : 'cameraOff')}</button>`;
  }

  override render(): TemplateResult {
    const s = this.text;
    const hasVideo = Boolean(this.stream?.getVideoTracks().length);
    return html`<form part="base" aria-label=${s.prejoinTitle} @submit=${this.onSubmit}>
      <div part="preview">
        ${hasVideo
          ? html`<video part="video" aria-label=${s.prejoinPreview} autoplay muted playsinline .srcObject=${this.stream ?? null}></video>`
          : html`<div part="camera-off">${s.prejoinCameraOff}</div>`}
        <div part="toggles">${this.renderToggle('audio')}${this.renderToggle('video')}</div>
      </div>
      <div part="form">
        <h2 part="title">${s.prejoinTitle}</h2>
        <label>${s.prejoinName}<input part="name-input" name="name" autocomplete="nickname" maxlength="64" .value=${this.name} /></label>
        ${this.audio
          ? html`<label>${s.prejoinLevel}<meter part="level" min="0" max="1" low="0.05" .value=${this.level}></meter></label>`
          : nothing}
        <rtc-device-picker part="device-picker" .devices=${this.devices} .selected=${this.selected} @rtc-device-change=${this.onDeviceChange}></rtc-device-picker>
        <div role="status" part="problem">${this.problem ? fill(s.prejoinProblem, { problem: this.problem }) : nothing}</div>
        <button type="submit" part="join-button">${s.join}</button>
      </div>
    </form>`;
  }
}
