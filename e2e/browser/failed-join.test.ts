// Issue 17, "ghost participant": a join that fails must never leave the others with a participant that has no
// media. Real server on loopback; Ann watches the room, Cid (a normal join after the failed one) is the sentinel:
// the server relays joins in order, so once Ann has seen Cid she would have seen the failed participant before.
import { expect } from '@open-wc/testing';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { rejection, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { signalingUrl } from '../../packages/core/src/test-support/env.js';
import type { Room } from '../../packages/core/src/room/Room.js';

const ws = (): WebSocketSignaling => new WebSocketSignaling(signalingUrl());

/** Ann in `room`, and the names of everyone she sees join. */
async function watcher(room: string): Promise<{ ann: Room; seen: string[] }> {
  const ann = makeRoom(room, 'Ann', ws());
  const seen: string[] = [];
  ann.on('participantJoined', (p) => seen.push(p.name));
  await ann.join();
  return { ann, seen };
}

/** Runs `body` in a browser without WebRTC (`window.RTCPeerConnection` deleted), then restores it. */
async function withoutWebRtc<T>(body: () => Promise<T>): Promise<T> {
  const descriptor = Object.getOwnPropertyDescriptor(window, 'RTCPeerConnection')!;
  delete (window as { RTCPeerConnection?: unknown }).RTCPeerConnection;
  try {
    return await body();
  } finally {
    Object.defineProperty(window, 'RTCPeerConnection', descriptor);
  }
}

describe('a failed join leaves no ghost participant', function () {
  this.timeout(60_000);
  afterEach(leaveAll);

  it('a browser without RTCPeerConnection gets unsupported-browser and is never seen by the others', async () => {
    const room = uniqueRoom('ghost-unsupported');
    const { seen } = await watcher(room);
    const bob = makeRoom(room, 'Bob', ws());
    const error = await withoutWebRtc(() => rejection(bob.join()));
    expect(error.code).to.equal('unsupported-browser');
    expect(error.message).to.contain('RTCPeerConnection');
    expect(bob.state).to.equal('disconnected');
    expect(bob.localParticipant.cameraTrack, 'nothing was captured').to.equal(undefined);
    await makeRoom(room, 'Cid', ws()).join();
    await waitFor(() => seen.includes('Cid'), 'Ann to see Cid');
    expect(seen).to.deep.equal(['Cid']);
  });

  it('a camera that cannot be captured with onMediaError "fail" is never seen by the others', async () => {
    const room = uniqueRoom('ghost-device');
    const { seen } = await watcher(room);
    const bob = makeRoom(room, 'Bob', ws(), { video: { deviceId: { exact: 'no-such-camera' } }, onMediaError: 'fail' });
    const error = await rejection(bob.join());
    expect(error.code).to.equal('device-not-found');
    expect(bob.state).to.equal('disconnected');
    await makeRoom(room, 'Cid', ws()).join();
    await waitFor(() => seen.includes('Cid'), 'Ann to see Cid');
    expect(seen).to.deep.equal(['Cid']);
  });
});
