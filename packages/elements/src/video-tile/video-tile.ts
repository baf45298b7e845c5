import { defineElement } from '../internal/define.js';
import { RtcVideoTileElement } from './video-tile.component.js';

export * from './video-tile.component.js';

defineElement('rtc-video-tile', RtcVideoTileElement);

declare global {
  interface HTMLElementTagNameMap {
    'rtc-video-tile': RtcVideoTileElement;
  }
}
