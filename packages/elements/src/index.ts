// @rtc-room/elements: Lit web components for rtc-room. Importing this module defines every tag.
export * from './room/room.js';
export * from './video-grid/video-grid.js';
export * from './video-tile/video-tile.js';
export * from './controls/controls.js';
export * from './device-picker/device-picker.js';
export * from './stats-overlay/stats-overlay.js';
export { RoomController, ROOM_EVENTS, type RoomControllerOptions, type RoomEventName } from './controllers/room-controller.js';
export { defineElement } from './internal/define.js';
export { loadChat } from './chat/load.js';
export { loadDevicePicker, loadStatsOverlay } from './internal/lazy-elements.js';
export { loadParticipantList } from './participant-list/load.js';
export type * from './internal/events.js';
