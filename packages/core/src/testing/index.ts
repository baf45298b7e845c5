// @rtc-room/core/testing: helpers for testing apps built on rtc-room in a real browser (docs/testing.md). Nothing
// here installs test hooks on import; the conformance suite registers its tests when called.
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
export { firstRecordedData } from './recorder-data.js';
export { expectDecoding, expectFullMesh, framesDecoded, rejection, waitFor, waitForFramesDecoded } from './wait.js';
export { simulcastLayers, trackPeerConnections, type LayerStats, type PeerConnectionTracker } from './peer-connections.js';
export {
  recordSignaling,
  runSignalingAdapterTests,
  uniqueRoom,
  type ConformanceOptions,
  type Recorded,
  type TestApi,
} from './signaling-conformance.js';
