import { html, LitElement, nothing, type TemplateResult } from 'lit';
import {
  preflight,
  type PreflightCheck,
  type PreflightCheckName,
  type PreflightOptions,
  type PreflightResult,
  type PreflightStatus,
} from '@rtc-room/core/preflight';
import { tokens } from '../internal/theme.styles.js';
import styles from './preflight.styles.js';

/** `rtc-preflight-check`: one check finished. */
export interface RtcPreflightCheckDetail {
  name: PreflightCheckName;
  check: PreflightCheck;
}

/** `rtc-preflight-complete`: every check finished. */
export interface RtcPreflightCompleteDetail {
  result: PreflightResult;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rtc-preflight-start': CustomEvent<Record<string, never>>;
    'rtc-preflight-check': CustomEvent<RtcPreflightCheckDetail>;
    'rtc-preflight-complete': CustomEvent<RtcPreflightCompleteDetail>;
  }
}

const CHECKS: ReadonlyArray<{ name: PreflightCheckName; label: string }> = [
  { name: 'camera', label: 'Camera' },
  { name: 'microphone', label: 'Microphone' },
  { name: 'signaling', label: 'Server connection' },
  { name: 'turn', label: 'Relay (TURN)' },
  { name: 'uplink', label: 'Upload speed' },
];

const STATUS_TEXT: Record<PreflightStatus | 'pending' | 'running', string> = {
  ok: 'OK',
  warning: 'Warning',
  failed: 'Failed',
  skipped: 'Skipped',
  pending: 'Waiting',
  running: 'Checking…',
};

/**
 * @tagname rtc-preflight
 * @summary A pre-call check: camera, microphone, signaling server, TURN relay and a rough upload estimate, each
 * with its status, what was found and what to do about it. Runs `Room.preflight()`'s checks (from
 * `@rtc-room/core/preflight`).
 *
 * Set `signaling-url` (and `token` when the server requires room tokens), then call `run()` from a click, or set
 * `autostart`. Extra options (`iceServers`, `uplinkDurationMs`, …) go in the `options` property.
 *
 * @event rtc-preflight-start - `{}`: a run started.
 * @event rtc-preflight-check - `{ name, check }`: one check finished (`name`: `camera`, `microphone`, `signaling`,
 * `turn` or `uplink`).
 * @event rtc-preflight-complete - `{ result }`: every check finished; `result` is a `PreflightResult`.
 *
 * @csspart base - The panel (a labelled region, `aria-busy` while running).
 * @csspart title - Its heading.
 * @csspart list - The list of checks (announced politely as results arrive).
 * @csspart item - One check (also `item-ok`, `item-warning`, `item-failed`, `item-skipped`, `item-pending`).
 * @csspart status - The status word of a check.
 * @csspart label - The name of a check.
 * @csspart detail - What the check found.
 * @csspart remedy - What to do about it (warnings and failures).
 * @csspart button - The "Run the check" / "Check again" button.
 *
 * @cssproperty --rtc-preflight-ok-color - Status colour of a passed check. Default green.
 * @cssproperty --rtc-preflight-warning-color - Status colour of a warning. Default amber.
 * @cssproperty --rtc-preflight-failed-color - Status colour of a failure. Default `--rtc-color-danger`.
 */
export class RtcPreflightElement extends LitElement {
  static override styles = [tokens, styles];

  static override properties = {
    signalingUrl: { type: String, attribute: 'signaling-url' },
    token: { type: String },
    room: { type: String },
    heading: { type: String },
    autostart: { type: Boolean },
    options: { attribute: false },
    result: { attribute: false },
    running: { type: Boolean, reflect: true, useDefault: true },
    checks: { state: true },
  };

  /** The `@rtc-room/server` WebSocket URL to check (`wss://…/ws`). */
  declare signalingUrl: string;
  /** Room token for the probe join that fetches TURN credentials, when the server requires tokens. */
  declare token: string;
  /** Room for that probe join (default: a random `preflight-…` room). */
  declare room: string;
  /** Heading text. Default "Before you join". */
  declare heading: string;
  /** Run once as soon as the element is connected. */
  declare autostart: boolean;
  /** More `PreflightOptions` (`iceServers`, `camera`, `microphone`, `uplink`, `timeoutMs`, …); attributes win. */
  declare options: PreflightOptions;
  /** The last complete result, or `null`. */
  declare result: PreflightResult | null;
  /** True while a run is in progress (reflected as the `running` attribute). */
  declare running: boolean;
  declare private checks: Partial<Record<PreflightCheckName, PreflightCheck>>;
  #run: Promise<PreflightResult> | undefined;

  constructor() {
    super();
    this.signalingUrl = '';
    this.token = '';
    this.room = '';
    this.heading = 'Before you join';
    this.autostart = false;
    this.options = {};
    this.result = null;
    this.running = false;
    this.checks = {};
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.autostart && !this.running) void this.run();
  }

  /**
   * Runs every check (a second call while running returns the same run).
   * @returns the result, also in `result` and the `rtc-preflight-complete` event
   */
  run(): Promise<PreflightResult> {
    this.#run ??= this.#start().finally(() => {
      this.#run = undefined;
    });
    return this.#run;
  }

  async #start(): Promise<PreflightResult> {
    this.running = true;
    this.checks = {};
    this.#emit('rtc-preflight-start', {});
    try {
      const result = await preflight({
        ...this.options,
        ...(this.signalingUrl ? { signalingUrl: this.signalingUrl } : {}),
        ...(this.token ? { token: this.token } : {}),
        ...(this.room ? { room: this.room } : {}),
        onCheck: (name, check) => {
          this.checks = { ...this.checks, [name]: check };
          this.#emit('rtc-preflight-check', { name, check });
          this.options.onCheck?.(name, check);
        },
      });
      this.result = result;
      this.checks = { ...result };
      this.#emit('rtc-preflight-complete', { result });
      return result;
    } finally {
      this.running = false;
    }
  }

  #emit<K extends 'rtc-preflight-start' | 'rtc-preflight-check' | 'rtc-preflight-complete'>(
    name: K,
    detail: GlobalEventHandlersEventMap[K]['detail'],
  ): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  #item(name: PreflightCheckName, label: string): TemplateResult {
    const check = this.checks[name];
    const state = check?.status ?? (this.running ? 'running' : 'pending');
    const ms = check?.ms === undefined ? '' : ` (${check.ms} ms)`;
    return html`<li part="item item-${check?.status ?? 'pending'}" class=${state} data-check=${name}>
      <span part="status" class="status">${STATUS_TEXT[state]}</span>
      <span part="label" class="label">${label}</span>
      ${check ? html`<span part="detail" class="detail">${check.detail}${check.status === 'ok' ? ms : ''}</span>` : nothing}
      ${check?.remedy ? html`<span part="remedy" class="remedy">${check.remedy}</span>` : nothing}
    </li>`;
  }

  override render(): TemplateResult {
    return html`
      <section part="base" aria-labelledby="title" aria-busy=${this.running ? 'true' : 'false'}>
        <h2 part="title" id="title">${this.heading}</h2>
        <ul part="list" aria-live="polite">
          ${CHECKS.map(({ name, label }) => this.#item(name, label))}
        </ul>
        <button part="button" type="button" ?disabled=${this.running} @click=${() => void this.run()}>
          ${this.running ? 'Checking…' : this.result ? 'Check again' : 'Run the check'}
        </button>
      </section>
    `;
  }
}
