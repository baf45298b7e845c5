// @rtc-room/core/testing: helpers for testing apps built on rtc-room in a real browser (docs/testing.md).
// The Node side (web-test-runner and Playwright presets with Chromium's WebRTC flags) is @rtc-room/testing.
export { MemorySignaling, MemorySignalingHub } from '../signaling/MemorySignaling.js';
export {
  createFakeMedia,
  installFakeGetUserMedia,
  type FakeGetUserMediaError,
  type FakeGetUserMediaOptions,
  type FakeMedia,
  type FakeMediaOptions,
} from './fake-media.js';
export { waitFor, waitForFramesDecoded } from './wait.js';
