// @rtc-room/vue: the useRoom composable, and `<rtc-room>` typed in templates (see components.ts).
export { useRoom, type UseRoomOptions, type UseRoomReturn } from './use-room.js';
export type { RtcEventHandlers, RtcRoomComponent, RtcRoomProperties } from './components.js';
