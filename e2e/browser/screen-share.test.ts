// Screen share end to end, mesh and SFU: `getDisplayMedia` in headless Chromium gets a fake 800×600 screen (with
// sound when asked) from the run's `--use-fake-device-for-media-stream` + `--use-fake-ui-for-media-stream`, which
// also pick the source without a picker (the `--auto-select-*-capture-source` flags hang headless, TESTING.md).
// In Firefox the run's own Xvfb is the screen (scripts/display.mjs; no audio: Firefox captures no system sound),
// picked without a prompt for localhost (`media.getusermedia.screensharing.allowed_domains`), and every
// startScreenShare() follows a real click (Firefox requires transient activation; Chromium's fake UI does not).
import { expect } from '@open-wc/testing';
import type { RemoteTrack } from '../../packages/core/src/participants/RemoteTrack.js';
import type { Room } from '../../packages/core/src/room/Room.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectDecoding, rejection, trackPeerConnections, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { signalingUrl, testSfu } from '../../packages/core/src/test-support/env.js';
import { FIREFOX, withUserActivation } from '../../packages/core/src/test-support/browser.js';

const { created, start, stop } = trackPeerConnections();
before(start);
after(stop);

/** `framesDecoded` of the `inbound-rtp` report receiving `track`, over every open connection of the page. */
async function framesDecodedOf(track: MediaStreamTrack): Promise<number> {
  let frames = 0;
  for (const pc of created) {
    if (pc.connectionState === 'closed') continue;
    (await pc.getStats()).forEach((s: { type: string; trackIdentifier?: string; framesDecoded?: number }) => {
      if (s.type === 'inbound-rtp' && s.trackIdentifier === track.id) frames = Math.max(frames, s.framesDecoded ?? 0);
    });
  }
  return frames;
}

/** Waits until `viewer` has `sharer`'s screen track and decodes it, frames still coming. */
async function expectScreenDecoded(viewer: Room, sharer: Room): Promise<RemoteTrack> {
  const id = sharer.localParticipant.id;
  const who = `${viewer.localParticipant.name} decoding ${sharer.localParticipant.name}'s screen`;
  await waitFor(() => viewer.participants.get(id)?.screenTrack !== undefined, `${who}: the track`, 20_000);
  const track = viewer.participants.get(id)!.screenTrack!;
  const media = track.mediaStreamTrack!;
  await waitFor(async () => (await framesDecodedOf(media)) > 0, `${who}: first frame`, 20_000, 150);
  const first = await framesDecodedOf(media);
  await waitFor(async () => (await framesDecodedOf(media)) > first, `${who}: frames keep coming`, 10_000, 150);
  return track;
}

/**
 * What the browser's "Stop sharing" button does: the capture ends and `ended` fires (`stop()` alone fires no
 * `ended`, by spec). The event goes first: Firefox delivers no event at all to a track once it is stopped.
 */
function endLikeStopSharing(room: Room): void {
  const track = room.localParticipant.screenTrack!.mediaStreamTrack!;
  track.dispatchEvent(new Event('ended'));
  track.stop();
}

function sharingScenario(options: () => { ws: () => WebSocketSignaling; topology: 'mesh' | 'sfu' }): void {
  it('A shares; B gets a screen track (and its audio) beside the camera and decodes it; "Stop sharing" removes it; sharing again works', async () => {
    const { ws, topology } = options();
    const room = uniqueRoom(`screen-${topology}`);
    const ann = makeRoom(room, 'Ann', ws(), { topology });
    const bob = makeRoom(room, 'Bob', ws(), { topology, audio: false });
    await ann.join();
    await bob.join();
    const annId = ann.localParticipant.id;
    await expectDecoding(bob, annId);
    const unsubscribed: string[] = [];
    bob.on('trackUnsubscribed', (track) => unsubscribed.push(track.source));

    await withUserActivation(() => ann.startScreenShare({ video: { width: 640, height: 360, frameRate: 10 } }));
    expect(ann.localParticipant.screenTrack?.mediaStreamTrack?.readyState).to.equal('live');
    expect(ann.localParticipant.stream.getTracks().map((t) => t.id)).not.to.include(ann.localParticipant.screenTrack!.mediaStreamTrack!.id);
    const screen = await expectScreenDecoded(bob, ann);
    const annAtBob = bob.participants.get(annId)!;
    expect(screen.kind).to.equal('video');
    expect(screen.source).to.equal('screen');
    expect(annAtBob.cameraTrack?.mediaStreamTrack).not.to.equal(screen.mediaStreamTrack);
    expect(annAtBob.stream.getTracks()).not.to.include(screen.mediaStreamTrack);
    if (ann.localParticipant.tracks.has('screen-audio')) {
      await waitFor(() => annAtBob.tracks.get('screen-audio')?.kind === 'audio', 'Bob to get the screen audio');
    }
    await expectDecoding(bob, annId); // the camera keeps going

    // Firefox cannot play the browser's button (FIREFOX_CANNOT.dispatchEnded): there the app's stop does it.
    if (FIREFOX) await ann.stopScreenShare();
    else endLikeStopSharing(ann);
    await waitFor(() => ann.localParticipant.screenTrack === undefined, 'Ann to unpublish the screen');
    await waitFor(() => annAtBob.screenTrack === undefined && unsubscribed.includes('screen'), 'Bob to lose the screen', 20_000);
    await waitFor(() => !annAtBob.tracks.has('screen-audio'), 'Bob to lose the screen audio', 20_000);
    expect(annAtBob.cameraTrack).not.to.equal(undefined);

    await withUserActivation(() => ann.startScreenShare({ video: { width: 640, height: 360, frameRate: 10 }, audio: false }));
    await expectScreenDecoded(bob, ann);
    await ann.stopScreenShare();
    await waitFor(() => annAtBob.screenTrack === undefined, 'Bob to lose the second share', 20_000);
  });

  it('someone joining while A shares gets the share', async () => {
    const { ws, topology } = options();
    const room = uniqueRoom(`screen-late-${topology}`);
    const ann = makeRoom(room, 'Ann', ws(), { topology, audio: false });
    await ann.join();
    await withUserActivation(() => ann.startScreenShare({ video: { width: 640, height: 360, frameRate: 10 }, audio: false }));
    const cat = makeRoom(room, 'Cat', ws(), { topology, audio: false });
    await cat.join();
    await expectScreenDecoded(cat, ann);
    expect(cat.participants.get(ann.localParticipant.id)?.cameraTrack).not.to.equal(undefined);
  });
}

describe('Screen share', function () {
  this.timeout(90_000);
  afterEach(leaveAll);

  it('startScreenShare() needs a joined room; stopScreenShare() without a share does nothing', async () => {
    const room = makeRoom(uniqueRoom('screen-idle'), 'Ann', new WebSocketSignaling(signalingUrl()));
    expect((await rejection(room.startScreenShare())).code).to.equal('invalid-state');
    await room.stopScreenShare();
  });

  describe('mesh', () => {
    sharingScenario(() => ({ ws: () => new WebSocketSignaling(signalingUrl()), topology: 'mesh' }));
  });

  describe('SFU (Janus)', function () {
    const sfu = testSfu();
    before(function () {
      if (!sfu) this.skip();
    });
    sharingScenario(() => ({ ws: () => new WebSocketSignaling(sfu!.signalingUrl), topology: 'sfu' }));
  });
});
