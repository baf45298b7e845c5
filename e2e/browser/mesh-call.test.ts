// Real calls: real RTCPeerConnections in Debian Chromium with its fake camera and microphone, signaling through
// the real rtc-room server on loopback. "Works" means inbound-rtp framesDecoded keeps growing on every side.
import { expect } from '@open-wc/testing';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { BroadcastChannelSignaling } from '../../packages/core/src/signaling/BroadcastChannelSignaling.js';
import type { SignalingPayload } from '../../packages/core/src/signaling/SignalingAdapter.js';
import type { Track } from '../../packages/core/src/participants/Track.js';
import type { Participant } from '../../packages/core/src/participants/Participant.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectDecoding, expectFullMesh, framesDecoded, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { signalingUrl } from '../../packages/core/src/test-support/env.js';
import { FIREFOX_CANNOT, skipInFirefox } from '../../packages/core/src/test-support/browser.js';

const ws = (): WebSocketSignaling => new WebSocketSignaling(signalingUrl());

describe('mesh call through the real signaling server', function () {
  this.timeout(60_000);
  afterEach(leaveAll);

  it('2 participants: each decodes the other, stats are normalized', async () => {
    const room = uniqueRoom('two');
    const ann = makeRoom(room, 'Ann', ws());
    const bob = makeRoom(room, 'Bob', ws());
    await ann.join();
    await bob.join();
    expect(ann.state).to.equal('connected');
    expect(bob.participants.get(ann.localParticipant.id)?.name).to.equal('Ann');
    await waitFor(() => ann.participants.size === 1, 'Ann to see Bob');
    await expectFullMesh([ann, bob]);

    await new Promise((r) => setTimeout(r, 1100));
    const stats = (await ann.getStats()).get(bob.localParticipant.id);
    expect(stats).to.not.equal(undefined);
    expect(stats!.candidateType).to.equal('host');
    expect(stats!.videoCodec).to.match(/^video\//);
    expect(stats!.audioCodec).to.equal('audio/opus');
    expect(stats!.frameWidth).to.be.greaterThan(0);
    expect(stats!.roundTripTimeMs).to.be.a('number').and.at.least(0);
    expect(stats!.inboundBitrateKbps).to.be.a('number').and.greaterThan(0);
    expect(stats!.outboundBitrateKbps).to.be.a('number').and.greaterThan(0);
    expect(stats!.packetLossPercent).to.be.a('number').and.at.least(0).and.at.most(100);
  });

  it('4 participants: every participant decodes video from every other', async () => {
    const room = uniqueRoom('four');
    const all = ['Ann', 'Bob', 'Cy', 'Di'].map((n) => makeRoom(room, n, ws()));
    for (const r of all) await r.join();
    await waitFor(() => all.every((r) => r.participants.size === 3), 'everyone to see three others');
    await expectFullMesh(all);
  });

  it('mute and unmute are seen by the other side; camera off stops video, on resumes it', async () => {
    const room = uniqueRoom('mute');
    const ann = makeRoom(room, 'Ann', ws());
    const bob = makeRoom(room, 'Bob', ws());
    await ann.join();
    await bob.join();
    await expectDecoding(bob, ann.localParticipant.id);
    const annOnBob = bob.participants.get(ann.localParticipant.id)!;
    const seen: string[] = [];
    bob.on('trackMuted', (t: Track, p: Participant) => seen.push(`muted:${p.name}:${t.source}`));
    bob.on('trackUnmuted', (t: Track, p: Participant) => seen.push(`unmuted:${p.name}:${t.source}`));

    await ann.setMicrophoneEnabled(false);
    expect(ann.localParticipant.isMicrophoneEnabled).to.equal(false);
    await waitFor(() => !annOnBob.isMicrophoneEnabled, 'Bob to see Ann muted');
    await ann.setMicrophoneEnabled(true);
    await waitFor(() => annOnBob.isMicrophoneEnabled, 'Bob to see Ann unmuted');

    await ann.setCameraEnabled(false);
    expect(ann.localParticipant.cameraTrack?.mediaStreamTrack).to.equal(null);
    await waitFor(() => !annOnBob.isCameraEnabled, 'Bob to see Ann camera off');
    const frozen = await framesDecoded(bob, ann.localParticipant.id);
    await new Promise((r) => setTimeout(r, 700));
    // With the camera off no frames are sent: the count may move by a frame or two in flight, no more.
    expect((await framesDecoded(bob, ann.localParticipant.id)) - frozen).to.be.lessThan(4);

    await ann.setCameraEnabled(true);
    await waitFor(() => annOnBob.isCameraEnabled, 'Bob to see Ann camera on');
    await expectDecoding(bob, ann.localParticipant.id);
    expect(seen).to.deep.equal([
      'muted:Ann:microphone',
      'unmuted:Ann:microphone',
      'muted:Ann:camera',
      'unmuted:Ann:camera',
    ]);
  });

  it('a participant who joins with the camera off is shown as camera-off', async () => {
    const room = uniqueRoom('late-cam');
    const ann = makeRoom(room, 'Ann', ws(), { video: false });
    const bob = makeRoom(room, 'Bob', ws());
    await ann.join();
    await bob.join();
    await waitFor(() => bob.participants.size === 1, 'Bob to see Ann');
    const annOnBob = bob.participants.get(ann.localParticipant.id)!;
    await waitFor(() => annOnBob.cameraTrack !== undefined && !annOnBob.isCameraEnabled, 'Ann camera-off on Bob');
    await expectDecoding(ann, bob.localParticipant.id);
    await ann.setCameraEnabled(true);
    await expectDecoding(bob, ann.localParticipant.id);
    expect(annOnBob.isCameraEnabled).to.equal(true);
  });

  it('leave removes the participant everywhere and closes its connections', async () => {
    const room = uniqueRoom('leave');
    const all = ['Ann', 'Bob', 'Cy'].map((n) => makeRoom(room, n, ws()));
    for (const r of all) await r.join();
    const [ann, bob, cy] = all as [typeof all[0], typeof all[0], typeof all[0]];
    await waitFor(() => all.every((r) => r.participants.size === 2), 'everyone to see two others');
    const left: string[] = [];
    bob.on('participantLeft', (p) => left.push(p.name));
    cy.on('participantLeft', (p) => left.push(p.name));
    const annId = ann.localParticipant.id;
    await ann.leave();
    expect(ann.state).to.equal('disconnected');
    expect(ann.participants.size).to.equal(0);
    await waitFor(() => !bob.participants.has(annId) && !cy.participants.has(annId), 'Ann to be gone everywhere');
    expect(left.sort()).to.deep.equal(['Ann', 'Ann']);
    expect((await bob.getStats()).has(annId)).to.equal(false);
    await expectDecoding(bob, cy.localParticipant.id);
  });

  it('switchDevice swaps camera and microphone with replaceTrack: no renegotiation, frames keep flowing', async function () {
    skipInFirefox(this, FIREFOX_CANNOT.switchCameras);
    const room = uniqueRoom('switch');
    const bobSignaling = ws();
    const ann = makeRoom(room, 'Ann', ws());
    const bob = makeRoom(room, 'Bob', bobSignaling);
    await ann.join();
    await bob.join();
    await expectDecoding(bob, ann.localParticipant.id);
    await new Promise((r) => setTimeout(r, 300)); // let trickle ICE settle

    // Every peer channel open on Bob's adapter gets every payload Ann sends him: watch for descriptions.
    const sdpAfter: SignalingPayload[] = [];
    const watch = bobSignaling.peer((from, payload) => {
      if (from === ann.localParticipant.id && payload['t'] === 'sdp') sdpAfter.push(payload);
    });
    const cameras = await ann.listDevices('videoinput');
    // Chromium's fake cameras (device-count=3): fake_device_1 produces Y16 frames that no video encoder takes
    // (a sender given it encodes nothing, with or without rtc-room), so switch 0 → 2 (MJPEG, encodable).
    const other = cameras.find((c) => c.label === 'fake_device_2');
    expect(other, 'web-test-runner.config.mjs starts Chromium with device-count=3').to.not.equal(undefined);
    expect(ann.getActiveDevice('videoinput')).to.not.equal(other!.deviceId);
    const oldTrack = ann.localParticipant.cameraTrack!.mediaStreamTrack!;
    const changes: string[] = [];
    ann.on('activeDeviceChanged', (kind, id) => changes.push(`${kind}:${id}`));
    await ann.switchDevice('videoinput', other!.deviceId);
    expect(ann.getActiveDevice('videoinput')).to.equal(other!.deviceId);
    expect(oldTrack.readyState).to.equal('ended');
    const before = await framesDecoded(bob, ann.localParticipant.id);
    await waitFor(async () => (await framesDecoded(bob, ann.localParticipant.id)) > before + 10, 'frames after switch');

    const mics = await ann.listDevices('audioinput');
    const mic = mics.find((m) => m.deviceId !== ann.getActiveDevice('audioinput') && m.deviceId !== 'default')!;
    await ann.switchDevice('audioinput', mic.deviceId);
    expect(ann.getActiveDevice('audioinput')).to.equal(mic.deviceId);
    expect(changes).to.deep.equal([`videoinput:${other!.deviceId}`, `audioinput:${mic.deviceId}`]);
    await new Promise((r) => setTimeout(r, 500));
    watch.close();
    expect(sdpAfter).to.deep.equal([]);
    await expectDecoding(bob, ann.localParticipant.id);
  });
});

describe('mesh call over BroadcastChannel (no server)', function () {
  this.timeout(60_000);
  afterEach(leaveAll);

  it('2 participants in one origin decode each other with no signaling server', async () => {
    const room = uniqueRoom('bc');
    const ann = makeRoom(room, 'Ann', new BroadcastChannelSignaling());
    const bob = makeRoom(room, 'Bob', new BroadcastChannelSignaling());
    await ann.join();
    await bob.join();
    await waitFor(() => ann.participants.size === 1 && bob.participants.size === 1, 'both to see each other');
    await expectFullMesh([ann, bob]);
  });
});
