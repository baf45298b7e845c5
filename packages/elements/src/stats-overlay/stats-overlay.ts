import { defineElement } from '../internal/define.js';
import { RtcStatsOverlayElement } from './stats-overlay.component.js';

export * from './stats-overlay.component.js';

defineElement('rtc-stats-overlay', RtcStatsOverlayElement);

declare global {
  interface HTMLElementTagNameMap {
    'rtc-stats-overlay': RtcStatsOverlayElement;
  }
}
