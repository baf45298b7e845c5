import { defineElement } from '../internal/define.js';
import { RtcPreflightElement } from './preflight.component.js';

export * from './preflight.component.js';

defineElement('rtc-preflight', RtcPreflightElement);

declare global {
  interface HTMLElementTagNameMap {
    'rtc-preflight': RtcPreflightElement;
  }
}
