// Relay calls through a real coturn on loopback, with TURN REST credentials (coturn's use-auth-secret form:
// username "<unix-expiry>:<user>", credential base64(HMAC-SHA1(secret, username))).
import { expect } from '@open-wc/testing';
import type { RtcError } from '../../packages/core/src/errors/RtcError.js';
import type { Room } from '../../packages/core/src/room/Room.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectFullMesh, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { testTurn } from '../../packages/core/src/test-support/env.js';
import type { CandidateType } from '../../packages/core/src/stats/types.js';
import { FIREFOX } from '../../packages/core/src/test-support/browser.js';

/** TURN REST credentials computed independently of the server, with WebCrypto. */
async function restCredentials(secret: string, user: string, expiresInSeconds: number): Promise<RTCIceServer> {
  const username = `${Math.floor(Date.now() / 1000) + expiresInSeconds}:${user}`;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(username)));
  return { urls: testTurn().url, username, credential: btoa(String.fromCharCode(...mac)) };
}

async function expectRelayBothEnds(room: Room, peerId: string): Promise<void> {
  const stats = (await room.getStats()).get(peerId);
  expect(stats?.localCandidateType, `${room.localParticipant.name} local candidate`).to.equal('relay');
  // Firefox keeps a remote candidate it learned from an incoming check (before the peer's trickled relay candidate
  // arrived) as 'prflx' in its stats. Both ends are relay-only here, so that address is the peer's relay all the same.
  const remote = FIREFOX && stats?.remoteCandidateType === 'prflx' ? 'relay' : stats?.remoteCandidateType;
  expect(remote, `${room.localParticipant.name} remote candidate`).to.equal('relay');
  expect(stats?.candidateType).to.equal('relay');
}

function recordPaths(room: Room): CandidateType[] {
  const paths: Array<CandidateType> = [];
  room.on('connectionPathChanged', (_p, type) => type && paths.push(type));
  return paths;
}

describe('relay calls through coturn', function () {
  this.timeout(60_000);
  afterEach(leaveAll);

  it('relay-only call with static REST credentials: relay on both ends of the selected pair, frames decode', async () => {
    const turn = testTurn();
    const room = uniqueRoom('relay-static');
    const relay = async (user: string) => ({
      iceServers: [await restCredentials(turn.secret, user, 600)],
      iceTransportPolicy: 'relay' as const,
    });
    const ann = makeRoom(room, 'Ann', new WebSocketSignaling(window.RTC_TEST_SIGNALING_URL!), await relay('ann'));
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(window.RTC_TEST_SIGNALING_URL!), await relay('bob'));
    const annPaths = recordPaths(ann);
    await ann.join();
    await bob.join();
    await expectFullMesh([ann, bob]);
    await expectRelayBothEnds(ann, bob.localParticipant.id);
    await expectRelayBothEnds(bob, ann.localParticipant.id);
    await waitFor(() => annPaths.length > 0, 'connectionPathChanged');
    expect(annPaths).to.deep.equal(['relay']);
  });

  it('relay-only call with credentials minted by the signaling server', async () => {
    const turn = testTurn();
    const room = uniqueRoom('relay-minted');
    const ann = makeRoom(room, 'Ann', new WebSocketSignaling(turn.signalingUrl), { iceTransportPolicy: 'relay' });
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(turn.signalingUrl), { iceTransportPolicy: 'relay' });
    await ann.join();
    await bob.join();
    await expectFullMesh([ann, bob]);
    await expectRelayBothEnds(ann, bob.localParticipant.id);
    await expectRelayBothEnds(bob, ann.localParticipant.id);
  });

  it('an expired credential yields ice-failed naming TURN authentication, not a hang', async () => {
    const turn = testTurn();
    const room = uniqueRoom('relay-expired');
    const expired = { iceServers: [await restCredentials(turn.secret, 'late', -60)], iceTransportPolicy: 'relay' as const };
    const ann = makeRoom(room, 'Ann', new WebSocketSignaling(window.RTC_TEST_SIGNALING_URL!), expired);
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(window.RTC_TEST_SIGNALING_URL!), expired);
    const errors: RtcError[] = [];
    ann.on('error', (e) => errors.push(e));
    await ann.join();
    await bob.join();
    await waitFor(() => errors.length > 0, 'an ice-failed error', 25_000);
    expect(errors[0]!.code).to.equal('ice-failed');
    expect(errors[0]!.message).to.match(/TURN authentication failed/);
    expect(errors[0]!.participantId).to.equal(bob.localParticipant.id);
  });

  it('refreshes credentials before they expire: a newcomer still connects through TURN after the first TTL', async () => {
    const turn = testTurn();
    const room = uniqueRoom('relay-refresh');
    const opts = { iceTransportPolicy: 'relay' as const };
    const ann = makeRoom(room, 'Ann', new WebSocketSignaling(turn.shortTtlSignalingUrl), opts);
    const errors: RtcError[] = [];
    ann.on('error', (e) => errors.push(e));
    await ann.join();
    // Ann's first credentials (4 s TTL) are expired by now; her link to Bob must use refreshed ones.
    await new Promise((r) => setTimeout(r, 6000));
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(turn.shortTtlSignalingUrl), opts);
    await bob.join();
    await expectFullMesh([ann, bob]);
    await expectRelayBothEnds(ann, bob.localParticipant.id);
    expect(errors).to.deep.equal([]);
  });
});
