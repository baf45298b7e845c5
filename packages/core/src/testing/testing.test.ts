// The test kit (@rtc-room/core/testing) in a real browser: fake media, the getUserMedia shim, the waits, the
// peer-connection tracker (signaling-conformance.test.ts tests the conformance suite).
import { expect } from '@open-wc/testing';
import { Room } from '../room/Room.js';
import {
  createFakeMedia,
  installFakeGetUserMedia,
  MemorySignaling,
  MemorySignalingHub,
  rejection,
  simulcastLayers,
  trackPeerConnections,
  waitFor,
  waitForFramesDecoded,
} from './index.js';

// Imported above, yet nothing is patched: the kit installs no hooks and touches no globals on import.
const nativePeerConnection = window.RTCPeerConnection;

describe('@rtc-room/core/testing', function () {
  this.timeout(30_000);

  it('createFakeMedia: a moving canvas track of the asked size and a tone', async () => {
    const media = createFakeMedia({ width: 320, height: 240, frameRate: 20, label: 'Ann', tone: 660 });
    try {
      expect(media.videoTrack?.kind).to.equal('video');
      expect(media.audioTrack?.kind).to.equal('audio');
      const video = document.createElement('video');
      video.muted = true;
      video.srcObject = media.stream;
      await video.play();
      let frames = 0;
      const count = (): void => {
        frames += 1;
        video.requestVideoFrameCallback(count);
      };
      video.requestVideoFrameCallback(count);
      await waitFor(() => frames >= 5, '5 frames');
      expect([video.videoWidth, video.videoHeight]).to.deep.equal([320, 240]);
      video.srcObject = null;
    } finally {
      media.stop();
    }
    expect(media.videoTrack?.readyState).to.equal('ended');
  });

  it('createFakeMedia refuses sizes it cannot draw', () => {
    expect(() => createFakeMedia({ width: 0 })).to.throw(/positive/);
  });

  it('installFakeGetUserMedia: Rooms capture fake media and decode each other (MemorySignaling)', async () => {
    const restore = installFakeGetUserMedia({ width: 320, height: 240, label: 'fake' });
    const hub = new MemorySignalingHub();
    const ann = new Room({ room: 'kit', name: 'Ann', signaling: new MemorySignaling(hub) });
    const bob = new Room({ room: 'kit', name: 'Bob', signaling: new MemorySignaling(hub) });
    try {
      await ann.join();
      await bob.join();
      expect(ann.localParticipant.tracks.get('camera')?.mediaStreamTrack?.getSettings().width).to.equal(320);
      expect(await waitForFramesDecoded(ann, bob.localParticipant.id)).to.be.at.least(5);
      expect(await waitForFramesDecoded(bob, ann.localParticipant.id)).to.be.at.least(5);
    } finally {
      await Promise.all([ann.leave(), bob.leave()]);
      restore();
    }
  });

  it('installFakeGetUserMedia can refuse like a browser, and restores the original', async () => {
    const original = navigator.mediaDevices.getUserMedia;
    const restore = installFakeGetUserMedia({ videoError: 'NotReadableError' });
    const error = await navigator.mediaDevices.getUserMedia({ video: true }).catch((e: unknown) => e as DOMException);
    expect((error as DOMException).name).to.equal('NotReadableError');
    const audio = await navigator.mediaDevices.getUserMedia({ audio: true });
    expect(audio.getAudioTracks()).to.have.length(1);
    restore();
    expect(navigator.mediaDevices.getUserMedia).to.equal(original);
    expect(audio.getAudioTracks()[0]?.readyState).to.equal('ended');
  });

  it('waitForFramesDecoded rejects naming what it waited for', async () => {
    const room = new Room({ room: 'kit-none', signaling: new MemorySignaling(new MemorySignalingHub()) });
    const error = await waitForFramesDecoded(room, 'nobody', { timeoutMs: 300 }).catch((e: unknown) => e as Error);
    expect((error as Error).message).to.match(/frames decoded from nobody/);
  });

  it('waitFor: an invalid-state error naming what it waited for, described lazily on timeout only', async () => {
    let described = 0;
    const what = (): string => `the answer (described ${++described} time)`;
    await waitFor(() => true, what);
    expect(described).to.equal(0);
    const error = await rejection(waitFor(() => false, what, 100, 10));
    expect(error.code).to.equal('invalid-state');
    expect(error.message).to.equal('Timed out after 100 ms waiting for the answer (described 1 time).');
  });

  it('rejection: the error a promise rejects with; throws when it resolves', async () => {
    expect((await rejection(Promise.reject(new RangeError('no')))).message).to.equal('no');
    expect((await rejection(rejection(Promise.resolve(1)))).message).to.equal('expected a rejection');
  });

  it('trackPeerConnections records only between start() and stop(), and installs nothing itself', async () => {
    expect(window.RTCPeerConnection).to.equal(nativePeerConnection);
    const { created, start, stop } = trackPeerConnections();
    const before = new RTCPeerConnection();
    expect(window.RTCPeerConnection).to.equal(nativePeerConnection);
    start();
    start(); // idempotent
    const during = new RTCPeerConnection();
    stop();
    stop();
    const after = new RTCPeerConnection();
    expect(window.RTCPeerConnection).to.equal(nativePeerConnection);
    expect(created).to.deep.equal([during]);
    expect(during).to.be.instanceOf(nativePeerConnection);
    // No outbound video yet: no layers (and closed connections are skipped).
    expect([...(await simulcastLayers(created))]).to.deep.equal([]);
    for (const pc of [before, during, after]) pc.close();
    expect([...(await simulcastLayers(created))]).to.deep.equal([]);
  });
});
