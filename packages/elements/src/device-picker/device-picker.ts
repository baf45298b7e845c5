import { defineElement } from '../internal/define.js';
import { RtcDevicePickerElement } from './device-picker.component.js';

export * from './device-picker.component.js';

defineElement('rtc-device-picker', RtcDevicePickerElement);

declare global {
  interface HTMLElementTagNameMap {
    'rtc-device-picker': RtcDevicePickerElement;
  }
}
