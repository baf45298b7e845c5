import { defineElement } from '../internal/define.js';
import { RtcControlsElement } from './controls.component.js';

export * from './controls.component.js';

defineElement('rtc-controls', RtcControlsElement);

declare global {
  interface HTMLElementTagNameMap {
    'rtc-controls': RtcControlsElement;
  }
}
