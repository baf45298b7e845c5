import { defineElement } from '../internal/define.js';
import { RtcParticipantListElement } from './participant-list.component.js';

export * from './participant-list.component.js';

defineElement('rtc-participant-list', RtcParticipantListElement);

declare global {
  interface HTMLElementTagNameMap {
    'rtc-participant-list': RtcParticipantListElement;
  }
}
