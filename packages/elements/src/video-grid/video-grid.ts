import { defineElement } from '../internal/define.js';
import { RtcVideoGridElement } from './video-grid.component.js';

export * from './video-grid.component.js';
export { computeGridLayout, type GridLayout } from './layout.js';

defineElement('rtc-video-grid', RtcVideoGridElement);

declare global {
  interface HTMLElementTagNameMap {
    'rtc-video-grid': RtcVideoGridElement;
  }
}
