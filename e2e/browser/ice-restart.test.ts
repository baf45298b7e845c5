// The network path of a call dies and comes back: a relay-only call whose TURN server is frozen (SIGSTOP, every
// allocation kept) and unfrozen only after both sides have restarted ICE: the media must come back on the new
// ICE session once the relay is back.
import { expect } from '@open-wc/testing';
import type { Room } from '../../packages/core/src/room/Room.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectFullMesh, framesDecoded, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { testTurn } from '../../packages/core/src/test-support/env.js';
import { fault } from '../../packages/core/src/test-support/faults.js';

const turn = (action: 'kill' | 'start' | 'pause' | 'resume'): Promise<void> => fault(`turn/${action}`);

interface LinkInternals {
  transport: { connection(id: string): RTCPeerConnection; links: Map<string, { restarts: number; restartIce(): void }> };
}

/** The local ICE username fragment (RFC 8445 §5.3): an ICE restart always changes it. */
function localUfrag(room: Room, peerId: string): string | undefined {
  const pc = (room as unknown as LinkInternals).transport.connection(peerId);
  return /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1];
}

/** ICE restarts `room`'s link to `peerId` started by itself (its watchdog) or was told to. */
function restarts(room: Room, peerId: string): number {
  return (room as unknown as LinkInternals).transport.links.get(peerId)?.restarts ?? 0;
}

/** Ann and Bob in a relay-only call, both decoding the other. */
async function relayCall(): Promise<{ ann: Room; bob: Room; annId: string; bobId: string }> {
  const room = uniqueRoom('ice-restart');
  const url = testTurn().signalingUrl;
  const ann = makeRoom(room, 'Ann', new WebSocketSignaling(url), { iceTransportPolicy: 'relay' });
  const bob = makeRoom(room, 'Bob', new WebSocketSignaling(url), { iceTransportPolicy: 'relay' });
  await ann.join();
  await bob.join();
  await expectFullMesh([ann, bob]);
  return { ann, bob, annId: ann.localParticipant.id, bobId: bob.localParticipant.id };
}

/** Freezes the relay and shows the outage is real: frames stop arriving. */
async function freezeRelay(bob: Room, annId: string): Promise<void> {
  await turn('pause');
  await new Promise((r) => setTimeout(r, 1500));
  const stalled = await framesDecoded(bob, annId);
  await new Promise((r) => setTimeout(r, 1500));
  expect((await framesDecoded(bob, annId)) - stalled).to.be.lessThan(3);
}

/**
 * Keeps the path dead until both sides have restarted ICE (which cannot succeed yet), then brings the relay back:
 * frames must flow both ways again, on a new ICE session. The bounds are generous: a loaded machine may take long,
 * a connection that never restarts or never recovers does not make it.
 */
async function recoverOnceBothRestarted(call: { ann: Room; bob: Room; annId: string; bobId: string }, ufragBefore: string): Promise<void> {
  const { ann, bob, annId, bobId } = call;
  await waitFor(
    () => restarts(ann, bobId) > 0 && restarts(bob, annId) > 0,
    () => `both sides to restart ICE (Ann ${restarts(ann, bobId)}, Bob ${restarts(bob, annId)})`,
    60_000,
    200,
  );
  await turn('resume');
  const [a0, b0] = [await framesDecoded(ann, bobId), await framesDecoded(bob, annId)];
  await waitFor(
    async () => (await framesDecoded(ann, bobId)) > a0 + 5 && (await framesDecoded(bob, annId)) > b0 + 5,
    'frames on both sides after the relay came back',
    30_000,
    200,
  );
  // The media came back on a new ICE session (Chromium may keep the same TURN allocation across it).
  expect(localUfrag(ann, bobId), 'ICE credentials after the restart').to.be.a('string').and.not.equal(ufragBefore);
}

describe('ICE restart after the network path dies', function () {
  this.timeout(150_000);
  afterEach(async () => {
    await turn('resume');
    await turn('start');
    await leaveAll();
  });

  it('recovers a relay-only call once the relay comes back', async () => {
    const call = await relayCall();
    const ufragBefore = localUfrag(call.ann, call.bobId);
    expect(ufragBefore).to.be.a('string');
    await freezeRelay(call.bob, call.annId);
    await recoverOnceBothRestarted(call, ufragBefore!);
  });

  // One side restarts ICE before the other noticed the outage (each browser notices on its own clock; on a loaded
  // machine they can be seconds apart: the intermittent Firefox failure of the test above). Measured in Firefox ESR
  // 153: both sides then report ICE `connected` for good while nothing arrives, so Ann's watchdog never saw a state
  // to act on and never restarted (the test timed out waiting for it, "Ann 0, Bob 1"); now a gathering that found no
  // relay candidate makes each side try again (see watchIce).
  it('recovers when one side restarts ICE before the other noticed the outage', async () => {
    const call = await relayCall();
    const ufragBefore = localUfrag(call.ann, call.bobId);
    await turn('pause');
    (call.bob as unknown as LinkInternals).transport.links.get(call.annId)!.restartIce();
    await freezeRelay(call.bob, call.annId);
    await recoverOnceBothRestarted(call, ufragBefore!);
  });
});
