// rtc-room.bundle.js (one file for <script type="module">, no build step): what index.ts exports and defines, but
// <rtc-device-picker> and <rtc-stats-overlay> are lazy chunks in the bundle's chunks/ folder, defined when
// <rtc-room> opens its device panel or a tile first shows stats (as <rtc-chat> with loadChat()). Pages that use
// those tags on their own call loadDevicePicker() / loadStatsOverlay() first. With a bundler, import index.js.
export * from './room/room.js';
export * from './video-grid/video-grid.js';
export * from './video-tile/video-tile.js';
export * from './controls/controls.js';
export { RoomController, ROOM_EVENTS, type RoomControllerOptions, type RoomEventName } from './controllers/room-controller.js';
export { defineElement } from './internal/define.js';
export { loadChat } from './chat/load.js';
export { loadDevicePicker, loadStatsOverlay } from './internal/lazy-elements.js';
export type { RtcDevicePickerElement } from './device-picker/device-picker.component.js';
export type { RtcStatsOverlayElement, StatsOverlayData } from './stats-overlay/stats-overlay.component.js';
export type * from './internal/events.js';
