import { html, LitElement, nothing, type TemplateResult } from 'lit';
import type { ParticipantStats } from '@rtc-room/core';
import { tokens } from '../internal/theme.styles.js';
import styles from './stats-overlay.styles.js';

/** What the overlay shows: a `ParticipantStats` or any subset of it (missing and `null` values show as "–"). */
export type StatsOverlayData = Partial<Omit<ParticipantStats, 'participantId' | 'timestamp'>>;

const DASH = '–';

function num(value: number | null | undefined, unit: string, digits = 0): string {
  return value === null || value === undefined || !Number.isFinite(value) ? DASH : `${value.toFixed(digits)} ${unit}`;
}

/** Formats one row of the overlay. Exported for tests and for apps that render stats themselves. */
export function formatStats(stats: StatsOverlayData | null | undefined): Array<[label: string, value: string]> {
  const s = stats ?? {};
  const resolution =
    s.frameWidth && s.frameHeight ? `${s.frameWidth}×${s.frameHeight}` : DASH;
  const codec = s.videoCodec ? s.videoCodec.replace(/^video\//i, '') : DASH;
  const bitrate =
    s.inboundBitrateKbps == null && s.outboundBitrateKbps == null
      ? DASH
      : `${s.inboundBitrateKbps == null ? DASH : Math.round(s.inboundBitrateKbps)} ↓ / ${
          s.outboundBitrateKbps == null ? DASH : Math.round(s.outboundBitrateKbps)
        } ↑ kbps`;
  return [
    ['RTT', num(s.roundTripTimeMs, 'ms')],
    ['Loss', num(s.packetLossPercent, '%', 1)],
    ['Jitter', num(s.jitterMs, 'ms', 1)],
    ['Bitrate', bitrate],
    ['FPS', num(s.framesPerSecond, 'fps')],
    ['Resolution', resolution],
    ['Codec', codec],
    ['Path', s.candidateType ?? DASH],
  ];
}

/**
 * @tagname rtc-stats-overlay
 * @summary Connection statistics of one participant: round-trip time, packet loss, jitter, bitrate in/out, frames
 * per second, resolution, codec and ICE candidate type. Renders from plain data.
 *
 * @csspart base - The overlay box.
 * @csspart title - The heading (when `label` is set).
 * @csspart list - The `<dl>` of statistics.
 * @csspart empty - The "no statistics yet" text.
 *
 * @cssproperty --rtc-stats-bg - Background of the overlay. Default translucent black.
 * @cssproperty --rtc-stats-font-size - Font size. Default `11px`.
 */
export class RtcStatsOverlayElement extends LitElement {
  static override styles = [tokens, styles];

  static override properties = {
    stats: { attribute: false },
    label: { type: String },
  };

  /** The statistics to show (a `ParticipantStats` from `room.getStats()` / `statsUpdated`, or any subset). */
  declare stats: StatsOverlayData | null | undefined;
  /** Heading, e.g. the participant's name. Also names the region for assistive technology. */
  declare label: string;

  constructor() {
    super();
    this.stats = null;
    this.label = '';
  }

  override render(): TemplateResult {
    const name = this.label ? `Connection statistics: ${this.label}` : 'Connection statistics';
    return html`
      <section part="base" aria-label=${name}>
        ${this.label ? html`<h3 part="title" class="title">${this.label}</h3>` : nothing}
        ${this.stats
          ? html`<dl part="list">
              ${formatStats(this.stats).map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}
            </dl>`
          : html`<p part="empty">No statistics yet</p>`}
      </section>
    `;
  }
}
