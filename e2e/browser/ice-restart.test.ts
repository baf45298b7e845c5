// The network path of a call dies and comes back: a relay-only call whose TURN server is frozen (SIGSTOP, every
// allocation kept) and unfrozen only after both sides have restarted ICE: the media must come back on the new
// ICE session within 10 s of the relay coming back.
import { expect } from '@open-wc/testing';
import type { Room } from '../../packages/core/src/room/Room.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectFullMesh, framesDecoded, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { testTurn } from '../../packages/core/src/test-support/env.js';
import { fault } from '../../packages/core/src/test-support/faults.js';
import { FIREFOX_CANNOT, skipInFirefox } from '../../packages/core/src/test-support/browser.js';

const turn = (action: 'kill' | 'start' | 'pause' | 'resume'): Promise<void> => fault(`turn/${action}`);

/** The local ICE username fragment (RFC 8445 §5.3): an ICE restart always changes it. */
function localUfrag(room: Room, peerId: string): string | undefined {
  const pc = (room as unknown as { transport: { connection(id: string): RTCPeerConnection } }).transport.connection(peerId);
  return /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1];
}

describe('ICE restart after the network path dies', function () {
  this.timeout(90_000);
  afterEach(async () => {
    await turn('resume');
    await turn('start');
    await leaveAll();
  });

  it('recovers a relay-only call within 10 s of the relay coming back', async function () {
    skipInFirefox(this, FIREFOX_CANNOT.relayIceRestartIntermittent);
    const room = uniqueRoom('ice-restart');
    const url = testTurn().signalingUrl;
    const ann = makeRoom(room, 'Ann', new WebSocketSignaling(url), { iceTransportPolicy: 'relay' });
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(url), { iceTransportPolicy: 'relay' });
    await ann.join();
    await bob.join();
    await expectFullMesh([ann, bob]);
    const bobId = bob.localParticipant.id;
    const annId = ann.localParticipant.id;
    const ufragBefore = localUfrag(ann, bobId);
    expect(ufragBefore).to.be.a('string');

    await turn('pause');
    // The outage is real: frames stop arriving.
    await new Promise((r) => setTimeout(r, 1500));
    const stalled = await framesDecoded(bob, annId);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await framesDecoded(bob, annId)) - stalled).to.be.lessThan(3);
    // Keep the path dead until both sides have noticed and tried an ICE restart, which cannot succeed yet.
    const restarts = (r: Room, id: string): number =>
      (r as unknown as { transport: { links: Map<string, { restarts: number }> } }).transport.links.get(id)?.restarts ?? 0;
    await waitFor(() => restarts(ann, bobId) > 0 && restarts(bob, annId) > 0, 'both sides to restart ICE', 30_000, 200);
    await new Promise((r) => setTimeout(r, 1000));

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
  });
});
