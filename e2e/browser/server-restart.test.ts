// The signaling server process is killed mid-call and started again on the same port (a crash, a deploy).
// Mesh media must keep flowing through the outage, and both participants must be back, connected, with the
// same ids and no duplicate or leave/join, within 5 s of the restart.
import { expect } from '@open-wc/testing';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectFullMesh, framesDecoded, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { fault } from '../../packages/core/src/test-support/faults.js';

const signalingServer = (action: 'kill' | 'start'): Promise<void> => fault(`signaling/${action}`);

describe('signaling server restart mid-call', function () {
  this.timeout(60_000);
  afterEach(async () => {
    await signalingServer('start');
    await leaveAll();
  });

  it('keeps the media, then restores both seats with the same ids and no duplicates', async () => {
    const url = window.RTC_TEST_RESTARTABLE_SIGNALING_URL!;
    const room = uniqueRoom('restart');
    const ann = makeRoom(room, 'Ann', new WebSocketSignaling(url));
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(url));
    await ann.join();
    await bob.join();
    await expectFullMesh([ann, bob]);
    const [annId, bobId] = [ann.localParticipant.id, bob.localParticipant.id];
    const presence: string[] = [];
    for (const r of [ann, bob]) {
      r.on('participantJoined', (p) => presence.push(`${r.localParticipant.name} saw ${p.name} join`));
      r.on('participantLeft', (p) => presence.push(`${r.localParticipant.name} saw ${p.name} leave`));
    }

    await signalingServer('kill');
    await waitFor(() => ann.state === 'reconnecting' && bob.state === 'reconnecting', 'both reconnecting', 30_000);
    // Media keeps flowing while there is no signaling server at all.
    const during = [await framesDecoded(ann, bobId), await framesDecoded(bob, annId)];
    await new Promise((r) => setTimeout(r, 1500));
    expect(await framesDecoded(ann, bobId)).to.be.greaterThan(during[0]!);
    expect(await framesDecoded(bob, annId)).to.be.greaterThan(during[1]!);

    await signalingServer('start');
    await waitFor(() => ann.state === 'connected' && bob.state === 'connected', 'both connected again', 30_000, 50);
    expect([ann.localParticipant.id, bob.localParticipant.id]).to.deep.equal([annId, bobId]);
    expect([...ann.participants.keys()]).to.deep.equal([bobId]);
    expect([...bob.participants.keys()]).to.deep.equal([annId]);
    // Signaling works again end to end on the restored seats.
    await ann.setMicrophoneEnabled(false);
    await waitFor(() => !bob.participants.get(annId)!.isMicrophoneEnabled, 'Bob to see Ann muted after the restart');
    await expectFullMesh([ann, bob]);
    expect(presence).to.deep.equal([]);
  });
});
