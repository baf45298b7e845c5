import { defineElement } from '../internal/define.js';
import { RtcRoomElement } from './room.component.js';

export * from './room.component.js';
export type { RtcRoomOptions, SignalingKind } from './create-room.js';
export { DEFAULT_ROOM_STRINGS, type RtcRoomStrings } from './strings.js';

// `last-n` (property `lastN`): `RoomOptions.lastN` of the Room the element creates — at most this many remote videos in
// SFU rooms, the others paused at the media server (docs/guides/last-n.md). Declared here: the component file is full.
RtcRoomElement.createProperty('lastN', { type: Number, attribute: 'last-n' });
defineElement('rtc-room', RtcRoomElement);

declare module './room.component.js' {
  interface RtcRoomElement {
    /**
     * Last-N video (attribute `last-n`): in SFU rooms receive at most this many remote videos, the most relevant
     * (pinned, screen shares, speakers, tiles in view); the others show their avatar. Unset: every video.
     */
    lastN: number | undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rtc-room': RtcRoomElement;
  }
}
