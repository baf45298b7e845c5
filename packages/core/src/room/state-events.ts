import type { RoomEvents } from './types.js';

/**
 * The `Room` events after which what a UI shows of a room may have changed: connection state, participants, their
 * tracks and mute state, the local tracks, the active speaker, the last error. The framework bindings
 * (`useRoom` of `@rtc-room/react` and `@rtc-room/vue`) read the room again after each. Listening to
 * `activeSpeakerChanged` makes a mesh room sample audio levels (every 250 ms).
 */
export const ROOM_STATE_EVENTS = [
  'connectionStateChanged',
  'participantJoined',
  'participantLeft',
  'trackSubscribed',
  'trackUnsubscribed',
  'trackPaused',
  'trackMuted',
  'trackUnmuted',
  'localTrackChanged',
  'activeSpeakerChanged',
  'roomLockChanged',
  'error',
] as const satisfies readonly (keyof RoomEvents)[];

/**
 * Every `Room` event name, in the order `RoomEvents` declares them: for code that subscribes by name (UI bindings,
 * loggers, `RoomController` of `@rtc-room/elements`). The compiler checks it against `RoomEvents` both ways: an
 * event added there and missing here (or a name here that is no event) fails the type check.
 */
export const ROOM_EVENT_NAMES = /* @__PURE__ */ Object.keys({
  connectionStateChanged: 1,
  participantJoined: 1,
  participantLeft: 1,
  trackSubscribed: 1,
  trackUnsubscribed: 1,
  trackPaused: 1,
  trackMuted: 1,
  trackUnmuted: 1,
  localTrackChanged: 1,
  localDeviceLost: 1,
  devicesChanged: 1,
  activeDeviceChanged: 1,
  connectionPathChanged: 1,
  peerConnectionStateChanged: 1,
  statsUpdated: 1,
  activeSpeakerChanged: 1,
  connectionQualityChanged: 1,
  messageReceived: 1,
  mutedByModerator: 1,
  unmuteAllowed: 1,
  removed: 1,
  roomLockChanged: 1,
  error: 1,
} satisfies Record<keyof RoomEvents, 1>) as readonly (keyof RoomEvents)[];
