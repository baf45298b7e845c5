import { defineElement } from '../internal/define.js';
import { RtcPrejoinElement } from './prejoin.component.js';

export * from './prejoin.component.js';

defineElement('rtc-prejoin', RtcPrejoinElement);

declare global {
  interface HTMLElementTagNameMap {
    'rtc-prejoin': RtcPrejoinElement;
  }
}
