// The signaling server process is killed mid-call and started again on the same port (a crash, a deploy).
// Mesh media must keep flowing through the outage, and both participants must be back, connected, with the
// same ids and no duplicate or leave/join, within 5 s of the restart. Without `--resume-secret` (the default of
// `npm start`) the seats are lost: both clients must join again by themselves and be back in one call.
import { expect } from '@open-wc/testing';
import type { SignalingHandlers } from '../../packages/core/src/signaling/SignalingAdapter.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectFullMesh, framesDecoded, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { fault } from '../../packages/core/src/test-support/faults.js';

const signalingServer = (action: 'kill' | 'start', which: 'signaling' | 'plain-signaling' = 'signaling'): Promise<void> =>
  fault(`${which}/${action}`);

describe('signaling server restart mid-call', function () {
  this.timeout(60_000);
  afterEach(async () => {
    await signalingServer('start');
    await signalingServer('start', 'plain-signaling');
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

  it('without --resume-secret (seats lost): both rejoin by themselves with new ids and decode each other again', async () => {
    const url = window.RTC_TEST_RESTARTABLE_PLAIN_SIGNALING_URL!;
    const room = uniqueRoom('restart-plain');
    const ann = makeRoom(room, 'Ann', new WebSocketSignaling(url));
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(url));
    await ann.join();
    await bob.join();
    await expectFullMesh([ann, bob]);
    const [annId, bobId] = [ann.localParticipant.id, bob.localParticipant.id];
    const errors: string[] = [];
    for (const r of [ann, bob]) r.on('error', (e) => errors.push(`${r.localParticipant.name}: ${e.code} ${e.message}`));

    await signalingServer('kill', 'plain-signaling');
    await waitFor(() => ann.state === 'reconnecting' && bob.state === 'reconnecting', 'both reconnecting', 5000);
    await signalingServer('start', 'plain-signaling');
    // No user action: each client finds its seat gone, joins again with a new id, and meets the other.
    await waitFor(
      () =>
        ann.state === 'connected' &&
        bob.state === 'connected' &&
        ann.localParticipant.id !== annId &&
        bob.localParticipant.id !== bobId &&
        ann.participants.has(bob.localParticipant.id) &&
        bob.participants.has(ann.localParticipant.id),
      'both rejoined with new ids and see each other',
      10_000,
      50,
    );
    expect([...ann.participants.keys()]).to.deep.equal([bob.localParticipant.id]);
    expect([...bob.participants.keys()]).to.deep.equal([ann.localParticipant.id]);
    await expectFullMesh([ann, bob]);
    // Signaling works on the new sessions.
    await ann.setMicrophoneEnabled(false);
    await waitFor(() => !bob.participants.get(ann.localParticipant.id)!.isMicrophoneEnabled, 'Bob to see Ann muted');
    expect(errors).to.deep.equal([]);
  });

  it('an adapter whose handlers lack rejoined reports the lost session as peerLeft, then peerJoined', async () => {
    const url = window.RTC_TEST_RESTARTABLE_PLAIN_SIGNALING_URL!;
    const room = uniqueRoom('restart-adapter');
    const events: string[] = [];
    let bobNow = '';
    const plain = new WebSocketSignaling(url);
    const bobSignaling = new WebSocketSignaling(url);
    const handlers = (log: (e: string) => void): SignalingHandlers => ({
      peerJoined: (p) => log(`joined ${p.id}`),
      peerLeft: (id) => log(`left ${id}`),
      stateChanged: () => undefined,
      error: (e) => log(`error ${e.code}`),
    });
    plain.setHandlers(handlers((e) => events.push(e)));
    bobSignaling.setHandlers({ ...handlers(() => undefined), rejoined: (joined) => void (bobNow = joined.selfId) });
    try {
      await plain.join({ room, name: 'Ann' });
      const bobOld = (await bobSignaling.join({ room, name: 'Bob' })).selfId;
      await waitFor(() => events.includes(`joined ${bobOld}`), 'Ann to see Bob');
      await signalingServer('kill', 'plain-signaling');
      await waitFor(() => plain.state === 'reconnecting', 'Ann reconnecting', 5000);
      await signalingServer('start', 'plain-signaling');
      await waitFor(() => bobNow !== '' && events.includes(`joined ${bobNow}`), 'Ann to see the new Bob', 10_000);
      // The old Bob left before the new one joined; nothing failed.
      expect(events.indexOf(`left ${bobOld}`)).to.be.within(1, events.indexOf(`joined ${bobNow}`) - 1);
      expect(events.filter((e) => e.startsWith('error'))).to.deep.equal([]);
      expect(plain.state).to.equal('connected');
    } finally {
      await Promise.all([plain.leave(), bobSignaling.leave()]);
    }
  });
});
