// Copy me: a two-person call tested in a real (headless) Chromium with fake camera and microphone and no server.
// Run by rtc-room's own `npm test`, so it keeps working. See docs/testing.md for the web-test-runner config.
import { expect } from '@open-wc/testing';
import { Room } from '@rtc-room/core';
import {
  installFakeGetUserMedia,
  MemorySignaling,
  MemorySignalingHub,
  waitForFramesDecoded,
} from '@rtc-room/core/testing';

describe('a two-person call', () => {
  let restoreGetUserMedia: () => void;
  beforeEach(() => {
    // Every getUserMedia() now returns a moving test pattern and a tone: no devices, no permission prompt.
    restoreGetUserMedia = installFakeGetUserMedia({ width: 320, height: 240 });
  });
  afterEach(() => restoreGetUserMedia());

  it('Ann and Bob see each other', async () => {
    const hub = new MemorySignalingHub(); // an in-memory signaling "server" for Rooms on this page
    const ann = new Room({ room: 'standup', name: 'Ann', signaling: new MemorySignaling(hub) });
    const bob = new Room({ room: 'standup', name: 'Bob', signaling: new MemorySignaling(hub) });
    try {
      await ann.join();
      await bob.join();
      expect([...ann.participants.values()].map((p) => p.name)).to.deep.equal(['Bob']);
      // Media really flows: Ann's browser decoded Bob's video (and the other way round).
      expect(await waitForFramesDecoded(ann, bob.localParticipant.id)).to.be.greaterThan(0);
      expect(await waitForFramesDecoded(bob, ann.localParticipant.id)).to.be.greaterThan(0);
    } finally {
      await Promise.all([ann.leave(), bob.leave()]);
    }
  });
});
