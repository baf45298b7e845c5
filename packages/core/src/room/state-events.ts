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
  'trackMuted',
  'trackUnmuted',
  'localTrackChanged',
  'activeSpeakerChanged',
  'error',
] as const satisfies readonly (keyof RoomEvents)[];
