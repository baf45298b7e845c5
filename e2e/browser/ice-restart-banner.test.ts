// Issue 17: <rtc-room>'s `ice-failed` banner for a peer clears once an ICE restart brought that peer back — also when
// the connection recovers on the same path type (relay before, relay after), where `connectionPathChanged` does not
// fire. A relay-only call whose TURN server is frozen (SIGSTOP, the resilience tests' own fault) until both sides
// have restarted ICE and Ann has reported `ice-failed`; then the relay runs again. Core's `peerConnectionStateChanged`
// says "connected again"; without it the banner stayed until the next room-level `connected`.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import type { Room } from '../../packages/core/src/room/Room.js';
import type { RtcError } from '../../packages/core/src/errors/RtcError.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectFullMesh, framesDecoded, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { testTurn } from '../../packages/core/src/test-support/env.js';
import { fault } from '../../packages/core/src/test-support/faults.js';
import '../../packages/elements/src/room/room.js';
import type { RtcRoomElement } from '../../packages/elements/src/room/room.component.js';

interface LinkInternals {
  transport: { links: Map<string, { restarts: number }> };
}

/** ICE restarts `room`'s link to `peerId` started. */
function restarts(room: Room, peerId: string): number {
  return (room as unknown as LinkInternals).transport.links.get(peerId)?.restarts ?? 0;
}

describe('<rtc-room> ice-failed banner after an ICE restart', function () {
  this.timeout(150_000);
  afterEach(async () => {
    await fault('turn/resume');
    fixtureCleanup();
    await leaveAll();
  });

  it('clears when the peer is connected again on the same path type (relay → relay)', async () => {
    const name = uniqueRoom('banner');
    const url = testTurn().signalingUrl;
    // Ann gives an ICE restart 8 s before reporting ice-failed (the default is 20 s).
    const ann = makeRoom(name, 'Ann', new WebSocketSignaling(url), { iceTransportPolicy: 'relay', connectTimeoutMs: 8000 });
    const bob = makeRoom(name, 'Bob', new WebSocketSignaling(url), { iceTransportPolicy: 'relay' });
    const states: string[] = [];
    const paths: Array<string | null> = [];
    ann.on('peerConnectionStateChanged', (participant, state) => states.push(`${participant.name}:${state}`));
    ann.on('connectionPathChanged', (_participant, candidateType) => paths.push(candidateType));
    const el = await fixture<RtcRoomElement>(html`<rtc-room style="height: 360px" .room=${ann}></rtc-room>`);
    await ann.join();
    await bob.join();
    await expectFullMesh([ann, bob]);
    const bobId = bob.localParticipant.id;
    const annId = ann.localParticipant.id;
    await waitFor(() => paths.length > 0, 'the first connection path', 10_000);
    expect(paths).to.deep.equal(['relay']);
    expect(states).to.include('Bob:connected');

    const banner = (): Element | null => el.shadowRoot!.querySelector('[part~=status] [part~=error][data-code=ice-failed]');
    await fault('turn/pause');
    await waitFor(
      () => banner() !== null && restarts(ann, bobId) > 0 && restarts(bob, annId) > 0,
      () => `the ice-failed banner and ICE restarts on both sides (banner ${banner() !== null}, error ${(el.error as RtcError | undefined)?.code}, ` +
        `restarts Ann ${restarts(ann, bobId)}, Bob ${restarts(bob, annId)}; states ${states.join(' ')})`,
      90_000,
      200,
    );
    expect(el.error?.participantId).to.equal(bobId);
    const before = states.length;

    await fault('turn/resume');
    const f0 = await framesDecoded(ann, bobId);
    await waitFor(async () => (await framesDecoded(ann, bobId)) > f0 + 5, 'Bob\'s frames at Ann after the relay came back', 30_000, 200);
    await waitFor(() => banner() === null, () => `the banner to clear (states since the outage ${states.slice(before).join(' ')})`, 20_000, 100);
    expect(el.error).to.equal(undefined);
    expect(states.slice(before)).to.include('Bob:connected');
    // Same path type as before the outage: connectionPathChanged did not fire again, so it is not what cleared it.
    expect(paths).to.deep.equal(['relay']);
    expect(ann.state).to.equal('connected');
  });
});
