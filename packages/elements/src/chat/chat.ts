import { defineElement } from '../internal/define.js';
import { RtcChatElement } from './chat.component.js';

export * from './chat.component.js';

defineElement('rtc-chat', RtcChatElement);

declare global {
  interface HTMLElementTagNameMap {
    'rtc-chat': RtcChatElement;
  }
}
