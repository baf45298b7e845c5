// @rtc-room/react: the useRoom hook, and `<rtc-room>` typed in JSX (see jsx.ts).
export { useRoom, type UseRoomOptions, type UseRoomResult } from './use-room.js';
export type { RoomSnapshot } from './room-store.js';
export type { RtcEventProps, RtcRoomJsxProps, RtcRoomProperties } from './jsx.js';
