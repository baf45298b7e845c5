// The network path of a call dies and comes back: a relay-only call whose TURN server is killed (every
// allocation lost) and started again. No media can flow until the peers gather new relay candidates, so the
// call only recovers through an ICE restart — it must, within 10 s of the relay coming back.
import { expect } from '@open-wc/testing';
import type { Room } from '../room/Room.js';
import { WebSocketSignaling } from '../signaling/WebSocketSignaling.js';
import { expectFullMesh, framesDecoded, leaveAll, makeRoom } from '../test-support/call.js';
import { testTurn } from '../test-support/env.js';
import { uniqueRoom } from '../test-support/signaling-conformance.js';
import { waitFor } from '../test-support/wait.js';

async function turn(action: 'kill' | 'start' | 'pause' | 'resume'): Promise<void> {
  const response = await fetch(`/__rtc-test/turn/${action}`, { method: 'POST' });
  if (!response.ok) throw new Error(`TURN ${action}: ${response.status} ${await response.text()}`);
}

/** Port of the local relay candidate in use (a new allocation after an ICE restart has a new one). */
async function relayPort(room: Room, peerId: string): Promise<number | undefined> {
  const pc = (room as unknown as { transport: { connection(id: string): RTCPeerConnection } }).transport.connection(peerId);
  const report = await pc.getStats();
  let pairId: string | undefined;
  report.forEach((s: { type: string; selectedCandidatePairId?: string }) => {
    if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
  });
  const pair = pairId ? (report.get(pairId) as { localCandidateId: string } | undefined) : undefined;
  return pair ? (report.get(pair.localCandidateId) as { port?: number } | undefined)?.port : undefined;
}

describe('ICE restart after the network path dies', function () {
  this.timeout(90_000);
  afterEach(async () => {
    await turn('resume');
    await turn('start');
    await leaveAll();
  });

  it('recovers a relay-only call within 10 s of the relay coming back', async () => {
    const room = uniqueRoom('ice-restart');
    const url = testTurn().signalingUrl;
    const ann = makeRoom(room, 'Ann', new WebSocketSignaling(url), { iceTransportPolicy: 'relay' });
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(url), { iceTransportPolicy: 'relay' });
    await ann.join();
    await bob.join();
    await expectFullMesh([ann, bob]);
    const bobId = bob.localParticipant.id;
    const annId = ann.localParticipant.id;
    const portBefore = await relayPort(ann, bobId);
    expect(portBefore).to.be.a('number');

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
    const restored = Date.now();
    const [a0, b0] = [await framesDecoded(ann, bobId), await framesDecoded(bob, annId)];
    await waitFor(
      async () => (await framesDecoded(ann, bobId)) > a0 + 5 && (await framesDecoded(bob, annId)) > b0 + 5,
      'frames on both sides after the relay came back',
      10_000,
      200,
    );
    expect(Date.now() - restored).to.be.lessThan(10_000);
    const portAfter = await relayPort(ann, bobId);
    expect(portAfter, 'a new relay allocation (ICE restart)').to.be.a('number').and.not.equal(portBefore);
  });
});
