// @rtc-room/core/preflight: the pre-call check behind `Room.preflight()`, importable on its own.
export { preflight } from './preflight.js';
export type * from './types.js';
