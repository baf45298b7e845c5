// Device faults and reduced capture, in real calls: a camera that stops on its own (as an unplug does), joining
// audio-only, and joining with no devices at all (receive-only).
import { expect } from '@open-wc/testing';
import type { RtcError } from '../../packages/core/src/errors/RtcError.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom, SMALL_VIDEO } from '../../packages/core/src/test-support/call.js';
import { expectDecoding, framesDecoded, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { signalingUrl } from '../../packages/core/src/test-support/env.js';
import { FIREFOX_CANNOT, skipInFirefox } from '../../packages/core/src/test-support/browser.js';

const ws = (): WebSocketSignaling => new WebSocketSignaling(signalingUrl());

async function cameraIds(): Promise<Map<string, string>> {
  const probe = await navigator.mediaDevices.getUserMedia({ video: true });
  probe.getTracks().forEach((t) => t.stop());
  const devices = await navigator.mediaDevices.enumerateDevices();
  return new Map(devices.filter((d) => d.kind === 'videoinput').map((d) => [d.label, d.deviceId]));
}

/** What an unplug looks like to a page: the track ends without `stop()` being called by the page. */
function unplug(track: MediaStreamTrack): void {
  // Per spec stop() fires no "ended", so fire it as the browser would; first, because Firefox delivers no event
  // at all to a track once it is stopped.
  track.dispatchEvent(new Event('ended'));
  track.stop(); // stops the capture
}

describe('device faults in a call', function () {
  this.timeout(60_000);
  const realEnumerate = navigator.mediaDevices.enumerateDevices.bind(navigator.mediaDevices);
  afterEach(async () => {
    navigator.mediaDevices.enumerateDevices = realEnumerate;
    await leaveAll();
  });

  it('an unplugged camera falls back to another camera; the other side keeps decoding', async function () {
    skipInFirefox(this, FIREFOX_CANNOT.switchCameras);
    const ids = await cameraIds();
    const room = uniqueRoom('unplug');
    // Start on fake_device_2 so the fallback (the first other camera, fake_device_0) is one Chromium can encode.
    const ann = makeRoom(room, 'Ann', ws(), { video: { ...SMALL_VIDEO, deviceId: { exact: ids.get('fake_device_2')! } } });
    const bob = makeRoom(room, 'Bob', ws());
    const lost: Array<[string, string | undefined, string | null]> = [];
    const errors: RtcError[] = [];
    ann.on('localDeviceLost', (kind, id, replacement) => lost.push([kind, id, replacement]));
    ann.on('error', (e) => errors.push(e));
    await ann.join();
    await bob.join();
    await expectDecoding(bob, ann.localParticipant.id);

    unplug(ann.localParticipant.cameraTrack!.mediaStreamTrack!);
    await waitFor(() => lost.length === 1, 'localDeviceLost');
    expect(lost[0]).to.deep.equal(['videoinput', ids.get('fake_device_2'), ids.get('fake_device_0')]);
    expect(ann.getActiveDevice('videoinput')).to.equal(ids.get('fake_device_0'));
    expect(ann.localParticipant.isCameraEnabled).to.equal(true);
    const before = await framesDecoded(bob, ann.localParticipant.id);
    await waitFor(async () => (await framesDecoded(bob, ann.localParticipant.id)) > before + 10, 'frames from the fallback camera');
    expect(errors).to.deep.equal([]);
  });

  it('with no other camera, the camera turns off for everyone and device-not-found is emitted', async function () {
    skipInFirefox(this, FIREFOX_CANNOT.dispatchEnded);
    const room = uniqueRoom('unplug-last');
    const ann = makeRoom(room, 'Ann', ws());
    const bob = makeRoom(room, 'Bob', ws());
    const errors: RtcError[] = [];
    ann.on('error', (e) => errors.push(e));
    await ann.join();
    await bob.join();
    await waitFor(() => bob.participants.size === 1, 'Bob to see Ann');
    const annOnBob = bob.participants.get(ann.localParticipant.id)!;
    await waitFor(() => annOnBob.isCameraEnabled, 'Ann camera on at Bob');
    // The machine has no other camera left: enumerateDevices lists none.
    navigator.mediaDevices.enumerateDevices = async () => (await realEnumerate()).filter((d) => d.kind !== 'videoinput');
    unplug(ann.localParticipant.cameraTrack!.mediaStreamTrack!);
    await waitFor(() => !annOnBob.isCameraEnabled, 'Bob to see Ann camera off');
    expect(ann.localParticipant.isCameraEnabled).to.equal(false);
    expect(ann.localParticipant.cameraTrack?.mediaStreamTrack).to.equal(null);
    expect(errors.map((e) => e.code)).to.deep.equal(['device-not-found']);
    expect(errors[0]!.message).to.match(/camera/);
  });

  it('audio-only and receive-only participants join; receive-only still decodes the others', async () => {
    const room = uniqueRoom('reduced');
    const ann = makeRoom(room, 'Ann', ws());
    const audioOnly = makeRoom(room, 'Aud', ws(), { video: false });
    const viewer = makeRoom(room, 'Viewer', ws(), { audio: false, video: false });
    await ann.join();
    await audioOnly.join();
    await viewer.join();
    expect(viewer.localParticipant.tracks.size).to.equal(0);
    await expectDecoding(viewer, ann.localParticipant.id);
    await expectDecoding(audioOnly, ann.localParticipant.id);
    await waitFor(() => ann.participants.size === 2, 'Ann to see both');
    const viewerOnAnn = ann.participants.get(viewer.localParticipant.id)!;
    const audOnAnn = ann.participants.get(audioOnly.localParticipant.id)!;
    await waitFor(() => audOnAnn.microphoneTrack !== undefined && viewerOnAnn.cameraTrack !== undefined, 'tracks');
    await waitFor(() => audOnAnn.isMicrophoneEnabled, 'audio-only mic on');
    expect(audOnAnn.isCameraEnabled).to.equal(false);
    expect(viewerOnAnn.isCameraEnabled || viewerOnAnn.isMicrophoneEnabled).to.equal(false);
  });
});
