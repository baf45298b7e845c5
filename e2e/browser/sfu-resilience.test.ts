// SFU calls that survive, broken for real (the SFU half of "calls that survive"; the mesh half is in
// reconnect, server-restart and ice-restart tests): the media path to Janus dies and comes back (ICE restart of
// both connections), Janus is killed and started again, the signaling socket drops, and the signaling server
// process driving Janus is killed and started again. Every fault comes from web-test-runner.config.mjs, inside
// the test's own network namespace.
import { expect } from '@open-wc/testing';
import type { RtcError } from '../../packages/core/src/errors/RtcError.js';
import type { Room } from '../../packages/core/src/room/Room.js';
import type { ConnectionState } from '../../packages/core/src/room/types.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectDecoding, framesDecoded, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { testSfu } from '../../packages/core/src/test-support/env.js';
import { cut, fault } from '../../packages/core/src/test-support/faults.js';

/** What these tests read of a Room's SFU transport. */
interface SfuInternals {
  pub: RTCPeerConnection | undefined;
  sub: RTCPeerConnection | undefined;
  restarts: number;
}
const sfuOf = (room: Room): SfuInternals => (room as unknown as { transport: SfuInternals }).transport;
const ufrag = (pc: RTCPeerConnection | undefined): string | undefined =>
  /a=ice-ufrag:(\S+)/.exec(pc?.localDescription?.sdp ?? '')?.[1];

/** Both rooms decode each other. */
async function bothDecoding(a: Room, b: Room, timeoutMs?: number): Promise<void> {
  await Promise.all([expectDecoding(a, b.localParticipant.id, timeoutMs), expectDecoding(b, a.localParticipant.id, timeoutMs)]);
}

/** Records presence changes and room states of `rooms`. */
function watch(rooms: Room[]): { presence: string[]; states: Map<Room, ConnectionState[]>; errors: RtcError[] } {
  const presence: string[] = [];
  const states = new Map<Room, ConnectionState[]>();
  const errors: RtcError[] = [];
  for (const r of rooms) {
    states.set(r, []);
    r.on('participantJoined', (p) => presence.push(`${r.localParticipant.name} saw ${p.name} join`));
    r.on('participantLeft', (p) => presence.push(`${r.localParticipant.name} saw ${p.name} leave`));
    r.on('connectionStateChanged', (s) => states.get(r)!.push(s));
    r.on('error', (e) => errors.push(e));
  }
  return { presence, states, errors };
}

describe('SFU calls that survive', function () {
  this.timeout(120_000);
  const sfu = testSfu();
  before(function () {
    if (!sfu) this.skip(); // Janus not installed, or not inside the test's network namespace (npm test sets it up)
  });
  afterEach(async () => {
    if (!sfu) return;
    await fault('janus/unblock');
    await fault('janus/start');
    await fault('sfu-signaling/start');
    await fault('plain-sfu-signaling/start');
    await leaveAll();
  });

  it('the media path to the SFU dies: both connections restart ICE, media is back within 10 s of the path', async () => {
    const room = uniqueRoom('sfu-ice');
    const ann = makeRoom(room, 'Ann', new WebSocketSignaling(sfu!.signalingUrl), { topology: 'sfu' });
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(sfu!.signalingUrl), { topology: 'sfu' });
    await ann.join();
    await bob.join();
    await bothDecoding(ann, bob);
    const [annId, bobId] = [ann.localParticipant.id, bob.localParticipant.id];
    const before = { pub: ufrag(sfuOf(ann).pub), sub: ufrag(sfuOf(ann).sub) };
    expect(before.pub, 'publish ufrag').to.be.a('string');
    expect(before.sub, 'subscribe ufrag').to.be.a('string');
    const seen = watch([ann, bob]);

    await fault('janus/block');
    // The outage is real: frames stop arriving.
    await new Promise((r) => setTimeout(r, 1500));
    const stalled = await framesDecoded(bob, annId);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await framesDecoded(bob, annId)) - stalled, 'frames through a dead path').to.be.lessThan(3);
    // Keep the path dead until both sides noticed and restarted ICE on both connections (which cannot work yet).
    await waitFor(() => sfuOf(ann).restarts >= 2 && sfuOf(bob).restarts >= 2, 'ICE restarts of both connections on both sides', 30_000, 200);
    await new Promise((r) => setTimeout(r, 1000));

    await fault('janus/unblock');
    const [a0, b0] = [await framesDecoded(ann, bobId), await framesDecoded(bob, annId)];
    await waitFor(
      async () => (await framesDecoded(ann, bobId)) > a0 + 5 && (await framesDecoded(bob, annId)) > b0 + 5,
      'frames on both sides after the path came back',
      30_000,
      200,
    );
    // New ICE sessions on both connections, not a lucky resumption of the old ones.
    expect(ufrag(sfuOf(ann).pub), 'publish ICE credentials').to.be.a('string').and.not.equal(before.pub);
    expect(ufrag(sfuOf(ann).sub), 'subscribe ICE credentials').to.be.a('string').and.not.equal(before.sub);
    expect(seen.presence).to.deep.equal([]);
  });

  it('Janus killed mid-call: a clear sfu-unavailable error and `reconnecting`; Janus back: media again, no reload', async () => {
    const room = uniqueRoom('sfu-janus');
    const ann = makeRoom(room, 'Ann', new WebSocketSignaling(sfu!.signalingUrl), { topology: 'sfu' });
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(sfu!.signalingUrl), { topology: 'sfu' });
    await ann.join();
    await bob.join();
    await bothDecoding(ann, bob);
    const ids = [ann.localParticipant.id, bob.localParticipant.id];
    const seen = watch([ann, bob]);

    await fault('janus/kill');
    await waitFor(() => ann.state === 'reconnecting' && bob.state === 'reconnecting', 'both rooms reconnecting', 30_000);
    const unavailable = seen.errors.filter((e) => e.code === 'sfu-unavailable');
    expect(unavailable.length, 'sfu-unavailable errors').to.be.at.least(2);
    expect(unavailable[0]!.message).to.match(/media server/i);

    await fault('janus/start');
    await waitFor(() => ann.state === 'connected' && bob.state === 'connected', 'both rooms connected again', 15_000);
    await bothDecoding(ann, bob);
    expect([ann.localParticipant.id, bob.localParticipant.id]).to.deep.equal(ids);
    expect(seen.presence).to.deep.equal([]);
    expect(seen.states.get(ann)).to.deep.equal(['reconnecting', 'connected']);
  });

  it('the signaling socket drops: SFU media keeps flowing, the seat resumes, SFU requests work afterwards', async () => {
    const room = uniqueRoom('sfu-sig');
    const annSignaling = new WebSocketSignaling(sfu!.signalingUrl, { reconnect: { initialDelayMs: 300, maxDelayMs: 1000 } });
    const ann = makeRoom(room, 'Ann', annSignaling, { topology: 'sfu' });
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(sfu!.signalingUrl), { topology: 'sfu' });
    await ann.join();
    await bob.join();
    await bothDecoding(ann, bob);
    const [annId, bobId] = [ann.localParticipant.id, bob.localParticipant.id];
    const seen = watch([ann, bob]);

    cut(annSignaling);
    await waitFor(() => ann.state === 'reconnecting', 'Ann reconnecting', 30_000);
    const during = [await framesDecoded(ann, bobId), await framesDecoded(bob, annId)];
    await waitFor(() => ann.state === 'connected', 'Ann connected again', 30_000);
    // Media never depended on the socket.
    expect(await framesDecoded(ann, bobId)).to.be.greaterThan(during[0]!);
    expect(await framesDecoded(bob, annId)).to.be.greaterThan(during[1]!);
    expect(ann.localParticipant.id).to.equal(annId);
    // The SFU channel works after the resume: a layer request is answered (it throws otherwise).
    await ann.setVideoQuality(bobId, 'low');
    await bothDecoding(ann, bob);
    expect(seen.presence).to.deep.equal([]);
    expect(seen.errors.map((e) => e.code)).to.deep.equal([]);
  });

  it('a participant vanishes (media and socket gone, no leave): the others remove it within 10 s', async () => {
    const room = uniqueRoom('sfu-vanish');
    const annSignaling = new WebSocketSignaling(sfu!.signalingUrl, { reconnect: false });
    const ann = makeRoom(room, 'Ann', annSignaling, { topology: 'sfu' });
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(sfu!.signalingUrl), { topology: 'sfu' });
    await ann.join();
    await bob.join();
    await bothDecoding(ann, bob);
    const annId = ann.localParticipant.id;
    // Ann's machine dies: her media stops (no DTLS goodbye: the connection stays open, nothing is sent) and her
    // socket drops, with no leave.
    for (const sender of sfuOf(ann).pub!.getSenders()) await sender.replaceTrack(null);
    cut(annSignaling, 'test: machine gone');
    await waitFor(() => !bob.participants.has(annId), 'Bob to remove Ann', 30_000, 100);
  });

  it('the signaling server driving Janus is killed and restarted: seats restored, SFU media back', async () => {
    const url = sfu!.restartableSignalingUrl;
    const room = uniqueRoom('sfu-restart');
    const ann = makeRoom(room, 'Ann', new WebSocketSignaling(url), { topology: 'sfu' });
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(url), { topology: 'sfu' });
    await ann.join();
    await bob.join();
    await bothDecoding(ann, bob);
    const ids = [ann.localParticipant.id, bob.localParticipant.id];
    const seen = watch([ann, bob]);
    const pubBefore = sfuOf(ann).pub;

    await fault('sfu-signaling/kill');
    await waitFor(() => ann.state === 'reconnecting' && bob.state === 'reconnecting', 'both reconnecting', 30_000);
    await fault('sfu-signaling/start');
    await waitFor(() => ann.state === 'connected' && bob.state === 'connected', 'both connected again', 30_000);
    // Janus dropped the old process's session with its connections: the media comes back over new ones.
    await bothDecoding(ann, bob, 20_000);
    expect(sfuOf(ann).pub).to.not.equal(pubBefore);
    expect([ann.localParticipant.id, bob.localParticipant.id]).to.deep.equal(ids);
    expect(seen.presence).to.deep.equal([]);
    expect(ann.participants.size).to.equal(1);
    expect(bob.participants.size).to.equal(1);
  });

  it('the same without --resume-secret (seats lost): both rejoin by themselves with new ids, SFU media back', async () => {
    const url = window.RTC_TEST_RESTARTABLE_PLAIN_SFU_SIGNALING_URL!;
    const room = uniqueRoom('sfu-restart-plain');
    const ann = makeRoom(room, 'Ann', new WebSocketSignaling(url), { topology: 'sfu' });
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(url), { topology: 'sfu' });
    await ann.join();
    await bob.join();
    await bothDecoding(ann, bob);
    const ids = [ann.localParticipant.id, bob.localParticipant.id];
    const seen = watch([ann, bob]);

    await fault('plain-sfu-signaling/kill');
    await waitFor(() => ann.state === 'reconnecting' && bob.state === 'reconnecting', 'both reconnecting', 5000);
    await fault('plain-sfu-signaling/start');
    await waitFor(
      () =>
        ann.state === 'connected' &&
        bob.state === 'connected' &&
        !ids.includes(ann.localParticipant.id) &&
        !ids.includes(bob.localParticipant.id) &&
        ann.participants.has(bob.localParticipant.id) &&
        bob.participants.has(ann.localParticipant.id),
      'both rejoined with new ids and see each other',
      10_000,
    );
    await bothDecoding(ann, bob, 20_000);
    expect(ann.participants.size).to.equal(1);
    expect(bob.participants.size).to.equal(1);
    expect(seen.presence).to.include.members(['Ann saw Bob leave', 'Bob saw Ann leave', 'Ann saw Bob join', 'Bob saw Ann join']);
    expect(seen.errors.map((e) => e.code)).to.deep.equal([]);
  });
});
