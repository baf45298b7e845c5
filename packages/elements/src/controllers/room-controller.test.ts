import { expect } from '@open-wc/testing';
import { ROOM_EVENT_NAMES } from '@rtc-room/core';
import { ROOM_EVENTS } from './room-controller.js';

describe('ROOM_EVENTS', () => {
  it("is core's list of every Room event without the five quiet ones, in RoomEvents order", () => {
    expect(new Set(ROOM_EVENT_NAMES).size).to.equal(ROOM_EVENT_NAMES.length);
    expect(ROOM_EVENT_NAMES).to.have.length(23);
    // The twelve events RoomController re-rendered on when this list was written by hand, connection quality, and
    // moderation (issue 19).
    expect(ROOM_EVENTS).to.deep.equal([
      'connectionStateChanged',
      'participantJoined',
      'participantLeft',
      'trackSubscribed',
      'trackUnsubscribed',
      'trackPaused',
      'trackMuted',
      'trackUnmuted',
      'localTrackChanged',
      'devicesChanged',
      'activeDeviceChanged',
      'statsUpdated',
      'connectionQualityChanged',
      'mutedByModerator',
      'unmuteAllowed',
      'removed',
      'roomLockChanged',
      'error',
    ]);
    expect(ROOM_EVENT_NAMES.filter((name) => !ROOM_EVENTS.includes(name))).to.deep.equal([
      'localDeviceLost',
      'connectionPathChanged',
      'peerConnectionStateChanged',
      'activeSpeakerChanged',
      'messageReceived',
    ]);
  });
});
