// topology 'auto': the server moves a growing room from mesh to the SFU (above 4 participants) and back (at 2),
// make-before-break: on every page the number of decoding remote videos never drops during a switch.
import { expect } from '@open-wc/testing';
import type { Room } from '../../packages/core/src/room/Room.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectFullMesh, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { testSfu } from '../../packages/core/src/test-support/env.js';
import { FIREFOX_CANNOT, skipInFirefox } from '../../packages/core/src/test-support/browser.js';

/**
 * Plays every remote participant's stream (as `<rtc-video-tile>` does: the participant's one `MediaStream`, whose
 * tracks are swapped in place when the transport changes) in a hidden `<video>` and timestamps each rendered frame
 * with `requestVideoFrameCallback`. Every 100 ms it checks each video; the result is the longest time any of them
 * went without a new frame, i.e. the longest gap a user would see.
 */
function watchDecoding(rooms: Room[]): { ready(): boolean; stop(): Promise<number> } {
  const lastFrame = new Map<string, number>();
  const videos: HTMLVideoElement[] = [];
  let running = true;
  for (const room of rooms) {
    for (const participant of room.participants.values()) {
      const key = `${room.localParticipant.name}>${participant.name}`;
      const video = document.createElement('video');
      video.muted = true;
      video.playsInline = true;
      video.style.cssText = 'position:fixed;width:160px;height:90px;opacity:0;pointer-events:none';
      video.srcObject = participant.stream;
      document.body.append(video);
      videos.push(video);
      const onFrame = (): void => {
        lastFrame.set(key, performance.now());
        if (running) video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
      void video.play();
    }
  }
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    for (const at of lastFrame.values()) worst = Math.max(worst, now - at);
  }, 100);
  return {
    ready: () => lastFrame.size === videos.length,
    async stop() {
      running = false;
      clearInterval(timer);
      videos.forEach((v) => v.remove());
      return worst;
    },
  };
}

/** Counts the RTCPeerConnections the page creates. */
let created = 0;
const Native = window.RTCPeerConnection;

describe('topology auto: mesh → SFU → mesh', function () {
  this.timeout(180_000);
  const sfu = testSfu();
  before(function () {
    if (!sfu) this.skip();
  });
  before(() => {
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        created += 1;
      }
    } as typeof RTCPeerConnection;
  });
  after(() => {
    window.RTCPeerConnection = Native;
  });
  afterEach(leaveAll);

  it('switches after the 5th participant without a gap in any video, and back to mesh at 2', async function () {
    skipInFirefox(this, FIREFOX_CANNOT.autoSwitchAfterOtherFiles);
    const name = uniqueRoom('auto');
    const rooms: Room[] = [];
    const topology = (r: Room): string => (r as unknown as { transport?: { topology?: string } }).transport?.topology ?? '?';
    for (let i = 0; i < 4; i++) {
      const r = makeRoom(name, `P${i + 1}`, new WebSocketSignaling(sfu!.signalingUrl), { topology: 'auto', audio: false });
      await r.join();
      rooms.push(r);
    }
    await expectFullMesh(rooms);
    expect(rooms.map(topology)).to.deep.equal(['mesh', 'mesh', 'mesh', 'mesh']);

    const watch = watchDecoding(rooms);
    await waitFor(() => watch.ready(), 'every remote video playing before the switch');
    const fifth = makeRoom(name, 'P5', new WebSocketSignaling(sfu!.signalingUrl), { topology: 'auto', audio: false });
    await fifth.join();
    rooms.push(fifth);
    await waitFor(() => rooms.every((r) => topology(r) === 'sfu'), 'everyone to move to the SFU', 20_000, 100);
    await expectFullMesh(rooms);
    const worst = await watch.stop();
    console.log('longest gap during the switch (ms):', Math.round(worst));
    // A gap is a time by nature; the bound is generous (a quiet machine shows ~100 ms) so that only a
    // break-before-make switch (new connections, ICE, DTLS and a keyframe before any frame) can reach it on a busy one.
    expect(worst, 'longest gap between decoded frames during the switch (ms)').to.be.below(3000);

    // A newcomer to a room already in the SFU goes straight there: its publish and subscribe connections, no mesh
    // link to anyone (and nobody opens one to it).
    const before = created;
    const sixth = makeRoom(name, 'P6', new WebSocketSignaling(sfu!.signalingUrl), { topology: 'auto', audio: false });
    await sixth.join();
    rooms.push(sixth);
    await expectFullMesh(rooms);
    expect(topology(sixth)).to.equal('sfu');
    expect(created - before, 'RTCPeerConnections created for the 6th participant').to.equal(2);

    for (const r of rooms.splice(2)) await r.leave();
    await waitFor(() => rooms.every((r) => topology(r) === 'mesh'), 'the last two to return to mesh', 20_000, 100);
    await expectFullMesh(rooms);
  });
});
