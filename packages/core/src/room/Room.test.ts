// Room behaviour that needs no network: validation, states, errors, listener isolation, presence — with the
// in-memory signaling hub and Chromium's fake devices.
import { expect } from '@open-wc/testing';
import { MemorySignaling, MemorySignalingHub } from '../signaling/MemorySignaling.js';
import { leaveAll, makeRoom } from '../test-support/call.js';
import { rejection, waitFor } from '../testing/index.js';
import type { RtcError } from '../errors/RtcError.js';
import { Room } from './Room.js';
import type { ConnectionState } from './types.js';

describe('Room', function () {
  this.timeout(30_000);
  afterEach(leaveAll);

  it('validates its options with invalid-argument', () => {
    const signaling = new MemorySignaling(new MemorySignalingHub());
    expect(() => new Room({ room: '', signaling })).to.throw().with.property('code', 'invalid-argument');
    expect(() => new Room({ room: 'x'.repeat(129), signaling })).to.throw().with.property('code', 'invalid-argument');
    expect(() => new Room({ room: 'r', name: 'n'.repeat(65), signaling })).to.throw().with.property('code', 'invalid-argument');
    expect(() => new Room({ room: 'r', signaling: undefined as never })).to.throw().with.property('code', 'invalid-argument');
  });

  it('goes idle → connecting → connected → disconnected, and cannot join twice', async () => {
    const room = makeRoom('states', 'Ann', new MemorySignaling(new MemorySignalingHub()));
    const states: ConnectionState[] = [];
    room.on('connectionStateChanged', (s) => states.push(s));
    expect(room.state).to.equal('idle');
    expect(room.localParticipant.id).to.equal('');
    await room.join();
    expect(room.localParticipant.id).to.not.equal('');
    expect((await rejection(room.join())).code).to.equal('invalid-state');
    await room.leave();
    await room.leave();
    expect(states).to.deep.equal(['connecting', 'connected', 'disconnected']);
    expect(room.localParticipant.cameraTrack).to.equal(undefined);
    expect((await rejection(room.setCameraEnabled(true))).code).to.equal('invalid-state');
  });

  it('publishes the local camera and microphone, and stops them on leave', async () => {
    const room = makeRoom('local', 'Ann', new MemorySignaling(new MemorySignalingHub()));
    await room.join();
    const cam = room.localParticipant.cameraTrack?.mediaStreamTrack;
    const mic = room.localParticipant.microphoneTrack?.mediaStreamTrack;
    expect(cam?.readyState).to.equal('live');
    expect(mic?.readyState).to.equal('live');
    expect(room.localParticipant.stream.getTracks()).to.have.length(2);
    expect(room.localParticipant.isCameraEnabled && room.localParticipant.isMicrophoneEnabled).to.equal(true);
    await room.leave();
    expect(cam?.readyState).to.equal('ended');
    expect(mic?.readyState).to.equal('ended');
  });

  it('rejects join() with room-full and ends disconnected with capture stopped', async () => {
    const hub = new MemorySignalingHub({ maxParticipantsPerRoom: 1 });
    await makeRoom('full', 'Ann', new MemorySignaling(hub)).join();
    const bob = makeRoom('full', 'Bob', new MemorySignaling(hub));
    const error = await rejection(bob.join());
    expect(error.code).to.equal('room-full');
    expect(bob.state).to.equal('disconnected');
    expect(bob.localParticipant.cameraTrack).to.equal(undefined);
  });

  it('joins without a camera that cannot be found, emitting device-not-found', async () => {
    const room = makeRoom('nocam', 'Ann', new MemorySignaling(new MemorySignalingHub()), {
      video: { deviceId: { exact: 'no-such-camera' } },
    });
    const errors: RtcError[] = [];
    room.on('error', (e) => errors.push(e));
    await room.join();
    expect(room.state).to.equal('connected');
    expect(errors.map((e) => e.code)).to.deep.equal(['device-not-found']);
    expect(room.localParticipant.cameraTrack).to.equal(undefined);
    expect(room.localParticipant.isMicrophoneEnabled).to.equal(true);
  });

  it("rejects join() on a capture failure with onMediaError: 'fail'", async () => {
    const room = makeRoom('nocam-fail', 'Ann', new MemorySignaling(new MemorySignalingHub()), {
      video: { deviceId: { exact: 'no-such-camera' } },
      onMediaError: 'fail',
    });
    const error = await rejection(room.join());
    expect(error.code).to.equal('device-not-found');
    expect(room.state).to.equal('disconnected');
  });

  it('rejects bad switchDevice() arguments with invalid-argument', async () => {
    const room = makeRoom('args', 'Ann', new MemorySignaling(new MemorySignalingHub()));
    await room.join();
    expect((await rejection(room.switchDevice('videoinput', ''))).code).to.equal('invalid-argument');
    expect((await rejection(room.switchDevice('webcam' as never, 'x'))).code).to.equal('invalid-argument');
    expect((await rejection(room.switchDevice('videoinput', 'no-such-camera'))).code).to.equal('device-not-found');
    expect(room.localParticipant.cameraTrack?.mediaStreamTrack?.readyState).to.equal('live');
  });

  it('keeps delivering events to other listeners when one throws', async () => {
    const hub = new MemorySignalingHub();
    const ann = makeRoom('throw', 'Ann', new MemorySignaling(hub));
    const seen: string[] = [];
    const originalError = console.error;
    const reported: unknown[] = [];
    console.error = (...args: unknown[]) => reported.push(args);
    try {
      ann.on('participantJoined', () => {
        throw new Error('listener bug');
      });
      ann.on('participantJoined', (p) => seen.push(p.name));
      await ann.join();
      await makeRoom('throw', 'Bob', new MemorySignaling(hub)).join();
      await waitFor(() => seen.length === 1, 'the second listener');
    } finally {
      console.error = originalError;
    }
    expect(seen).to.deep.equal(['Bob']);
    expect(reported).to.have.length(1);
  });

  it('lists devices and reports audiooutput choices for UIs to apply', async () => {
    const room = makeRoom('devices', 'Ann', new MemorySignaling(new MemorySignalingHub()));
    await room.join();
    const outputs = await room.listDevices('audiooutput');
    expect(outputs.length).to.be.greaterThan(0);
    expect(outputs.every((d) => d.kind === 'audiooutput')).to.equal(true);
    expect(room.devices.length).to.be.greaterThan(outputs.length);
    const changes: string[] = [];
    room.on('activeDeviceChanged', (kind, id) => changes.push(`${kind}:${id}`));
    await room.switchDevice('audiooutput', outputs[0]!.deviceId);
    expect(room.getActiveDevice('audiooutput')).to.equal(outputs[0]!.deviceId);
    expect(changes).to.deep.equal([`audiooutput:${outputs[0]!.deviceId}`]);
  });
});
