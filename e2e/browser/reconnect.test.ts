// Signaling loss in a running call, for real: the client's WebSocket is cut (as a network drop does) while the
// server keeps running. The call must keep its media, resume the same seat, and deliver what was sent meanwhile.
import { expect } from '@open-wc/testing';
import type { ConnectionState } from '../../packages/core/src/room/types.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectDecoding, framesDecoded, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { signalingUrl } from '../../packages/core/src/test-support/env.js';
import { cut } from '../../packages/core/src/test-support/faults.js';

describe('signaling reconnection', function () {
  this.timeout(60_000);
  afterEach(leaveAll);

  it('resumes the same seat after a drop: no leave/join seen, queued messages delivered, media never stops', async () => {
    const room = uniqueRoom('resume');
    const annSignaling = new WebSocketSignaling(signalingUrl(), { reconnect: { initialDelayMs: 200, maxDelayMs: 1000 } });
    const ann = makeRoom(room, 'Ann', annSignaling);
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(signalingUrl()));
    await ann.join();
    await bob.join();
    await expectDecoding(bob, ann.localParticipant.id);
    await expectDecoding(ann, bob.localParticipant.id);
    const annId = ann.localParticipant.id;
    const presence: string[] = [];
    bob.on('participantLeft', (p) => presence.push(`left:${p.name}`));
    bob.on('participantJoined', (p) => presence.push(`joined:${p.name}`));
    ann.on('participantLeft', (p) => presence.push(`ann-saw-left:${p.name}`));
    const annStates: ConnectionState[] = [];
    ann.on('connectionStateChanged', (s) => annStates.push(s));

    cut(annSignaling);
    await waitFor(() => ann.state === 'reconnecting', 'Ann reconnecting', 30_000);
    // Sent while signaling is down: queued, delivered after the resume.
    await ann.setMicrophoneEnabled(false);
    const before = await framesDecoded(bob, annId);
    await waitFor(() => ann.state === 'connected', 'Ann connected again', 30_000);
    expect(ann.localParticipant.id).to.equal(annId);
    const annOnBob = bob.participants.get(annId)!;
    await waitFor(() => !annOnBob.isMicrophoneEnabled, 'the mute sent during the outage to arrive');
    expect(await framesDecoded(bob, annId)).to.be.greaterThan(before);
    await expectDecoding(bob, annId);
    expect(presence).to.deep.equal([]);
    expect(annStates).to.deep.equal(['reconnecting', 'connected']);
    expect(bob.participants.size).to.equal(1);
  });

  it('removes a vanished peer (signaling and media both gone) within 10 s', async () => {
    const room = uniqueRoom('vanish');
    const annSignaling = new WebSocketSignaling(signalingUrl(), { reconnect: false });
    const ann = makeRoom(room, 'Ann', annSignaling);
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(signalingUrl()));
    await ann.join();
    await bob.join();
    await expectDecoding(bob, ann.localParticipant.id);
    const annId = ann.localParticipant.id;
    // Ann's machine dies: her media stops and her socket drops, with no leave.
    for (const t of ann.localParticipant.tracks.values()) t.mediaStreamTrack?.stop();
    (ann as unknown as { transport?: { close(): void } }).transport?.close();
    cut(annSignaling);
    await waitFor(() => !bob.participants.has(annId), 'Bob to remove Ann', 30_000, 100);
  });
});
