// The server-side attacks of issue 15 that a browser cannot make (web-test-runner's POST /__rtc-test/attack/…,
// scripts/attacks.mjs: from 127.0.0.2, loopback) against the signaling server a real call runs through: a foreign
// page's Origin, slowloris upgrade requests, sockets that never read while a flooder fills their queues, and
// join-and-drop seat filling. The call (from 127.0.0.1) must keep decoding, nobody in it may leave, and a newcomer
// must still get in; each attack must have met the limit meant for it.
import { expect } from '@open-wc/testing';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectFullMesh, framesDecoded, uniqueRoom } from '../../packages/core/src/testing/index.js';
import { signalingUrl } from '../../packages/core/src/test-support/env.js';

async function attack<T>(name: string, query: Record<string, number> = {}): Promise<T> {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const res = await fetch(`/__rtc-test/attack/${name}?${search}`, { method: 'POST' });
  if (!res.ok) throw new Error(`attack ${name}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe('socket-level attacks while a call runs', function () {
  this.timeout(120_000);
  afterEach(leaveAll);

  it('the call keeps decoding through foreign origins, slowloris, non-reading sockets and seat filling', async () => {
    const room = uniqueRoom('http-attacks');
    const ann = makeRoom(room, 'Ann', new WebSocketSignaling(signalingUrl()));
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(signalingUrl()));
    await ann.join();
    await bob.join();
    await expectFullMesh([ann, bob]);
    const annId = ann.localParticipant.id;
    const bobId = bob.localParticipant.id;
    const left: string[] = [];
    for (const r of [ann, bob]) r.on('participantLeft', (p) => left.push(p.name));
    const before = [await framesDecoded(ann, bobId), await framesDecoded(bob, annId)];

    const [foreign, slowloris, readers] = await Promise.all([
      attack<{ n: number; closed1008: number; codes: string[] }>('foreign-origin', { n: 64 }),
      attack<{ n: number; refused503: number; dropped: number; stillOpen: number }>('slowloris', { n: 48, ms: 30_000 }),
      attack<{ n: number; closedByServer: number }>('slow-readers', { mib: 16 }),
    ]);
    // Seat filling last: it uses up the attacker address's slots for the grace period.
    const seats = await attack<{ seats: number; refusal: string | null }>('seat-fill', { n: 200 });

    expect(foreign.closed1008, 'foreign-origin sockets closed with 1008').to.equal(foreign.n);
    expect(foreign.codes).to.deep.equal(['origin-not-allowed']);
    expect(slowloris.refused503, 'half-open requests over the per-address cap').to.be.above(0);
    expect(slowloris.stillOpen, 'half-open requests the server never dropped').to.equal(0);
    expect(readers.closedByServer, 'non-reading sockets closed for the send budget').to.be.above(0);
    expect(seats.refusal).to.equal('too-many-connections');
    expect(seats.seats, 'seats held by one address (maxConnectionsPerIp 64)').to.be.at.most(64);

    // A newcomer from the browser's address still gets in, and the call never noticed.
    const cat = makeRoom(room, 'Cat', new WebSocketSignaling(signalingUrl()));
    await cat.join();
    await expectFullMesh([ann, bob, cat]);
    expect(left).to.deep.equal([]);
    expect(await framesDecoded(ann, bobId)).to.be.above(before[0]!);
    expect(await framesDecoded(bob, annId)).to.be.above(before[1]!);
  });
});
