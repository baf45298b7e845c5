import { html, svg, type TemplateResult } from 'lit';
import type { ConnectionQualityReport } from '@rtc-room/core';

/** How many of the three signal bars each level fills. */
const BARS = { good: 3, fair: 2, poor: 1, lost: 0 } as const;

const round = (n: number): number => Math.round(n);

/** The reason in words, with its figure ("packet loss 12 %"), for the indicator's accessible label and tooltip. */
export function qualityLabel(report: ConnectionQualityReport): string {
  const level = `Connection ${report.quality}`;
  switch (report.reason) {
    case null:
      return level;
    case 'packet-loss':
      return `${level}: packet loss ${round(report.packetLossPercent ?? 0)} %`;
    case 'round-trip-time':
      return `${level}: round trip ${round(report.roundTripTimeMs ?? 0)} ms`;
    case 'jitter':
      return `${level}: jitter ${round(report.jitterMs ?? 0)} ms`;
    case 'bitrate':
      return `${level}: low bitrate ${round(report.bitrateKbps ?? 0)} kbps`;
    case 'no-media':
      return `${level}: no media arriving`;
    case 'disconnected':
      return `${level}: disconnected`;
  }
}

/**
 * The connection-quality badge of a tile: three signal bars (as many filled as the level is good; a slash when
 * `lost`), `part="indicator quality quality-<level>"`, `role="img"` with the level and reason as its label.
 */
export function qualityIndicator(report: ConnectionQualityReport): TemplateResult {
  const filled = BARS[report.quality];
  const label = qualityLabel(report);
  return html`<span
    part=${`indicator quality quality-${report.quality}`}
    class="quality"
    data-quality=${report.quality}
    role="img"
    aria-label=${label}
    title=${label}
    ><svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      ${[0, 1, 2].map(
        (i) => svg`<rect x=${4 + i * 6} y=${16 - i * 5} width="4" height=${4 + i * 5} rx="1"
          fill="currentColor" opacity=${i < filled ? 1 : 0.35}></rect>`,
      )}
      ${report.quality === 'lost' ? svg`<path d="M3 4 21 20" stroke="currentColor" stroke-width="2.5"></path>` : ''}
    </svg></span
  >`;
}
