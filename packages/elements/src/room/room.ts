import { defineElement } from '../internal/define.js';
import { RtcRoomElement } from './room.component.js';

export * from './room.component.js';
export type { RtcRoomOptions, SignalingKind } from './create-room.js';
export { DEFAULT_ROOM_STRINGS, type RtcRoomStrings } from './strings.js';

defineElement('rtc-room', RtcRoomElement);

declare global {
  interface HTMLElementTagNameMap {
    'rtc-room': RtcRoomElement;
  }
}
