// Hostile input against the real signaling server while a real call runs through it: attackers in the same
// room and in another room throw malformed, oversized, forged and flooding messages. The call's frames must
// never stop decoding, nobody in the call may see anyone leave, and every refusal must carry a documented code.
import { expect } from '@open-wc/testing';
import type { RtcError } from '../../packages/core/src/errors/RtcError.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectFullMesh, framesDecoded, uniqueRoom } from '../../packages/core/src/testing/index.js';
import { signalingUrl } from '../../packages/core/src/test-support/env.js';

/** The error codes docs/server.md documents (packages/server/src/protocol.ts ERROR_CODES). */
const DOCUMENTED = new Set([
  'invalid-json', 'invalid-message', 'unknown-peer', 'not-joined', 'already-joined', 'room-full', 'server-full',
  'unauthorized', 'forbidden', 'rate-limited', 'too-many-connections', 'join-timeout', 'idle-timeout',
  'resume-failed', 'internal',
]);

/** A raw WebSocket client that records every error code it is answered with. */
class Attacker {
  readonly codes: string[] = [];
  readonly closeCodes: number[] = [];
  id: string | undefined;
  private constructor(private readonly ws: WebSocket) {
    ws.onmessage = (e) => {
      if (typeof e.data !== 'string') return;
      const m = JSON.parse(e.data) as { type: string; code?: string; id?: string };
      if (m.type === 'error' && m.code) this.codes.push(m.code);
      if (m.type === 'joined') this.id = m.id;
    };
    ws.onclose = (e) => this.closeCodes.push(e.code);
  }
  static async open(): Promise<Attacker> {
    const ws = new WebSocket(signalingUrl());
    await new Promise((resolve, reject) => ((ws.onopen = resolve), (ws.onerror = reject)));
    return new Attacker(ws);
  }
  send(data: string | ArrayBuffer): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data);
  }
  json(value: unknown): void {
    this.send(JSON.stringify(value));
  }
  close(): void {
    this.ws.close();
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('hostile input while a call runs', function () {
  this.timeout(90_000);
  afterEach(leaveAll);

  it('the call keeps decoding through every attack; refusals carry documented codes', async () => {
    const room = uniqueRoom('under-attack');
    const ann = makeRoom(room, 'Ann', new WebSocketSignaling(signalingUrl()));
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(signalingUrl()));
    await ann.join();
    await bob.join();
    await expectFullMesh([ann, bob]);
    const annId = ann.localParticipant.id;
    const bobId = bob.localParticipant.id;
    const left: string[] = [];
    for (const r of [ann, bob]) r.on('participantLeft', (p) => p.id === annId || p.id === bobId ? left.push(p.name) : undefined);
    const callErrors: RtcError[] = [];
    for (const r of [ann, bob]) r.on('error', (e) => callErrors.push(e));

    // Sample the call's video every 200 ms for the whole attack.
    let longestStall = 0;
    let sampling = true;
    const sampler = (async () => {
      let last = [await framesDecoded(ann, bobId), await framesDecoded(bob, annId)];
      let lastChange = [Date.now(), Date.now()];
      while (sampling) {
        await pause(200);
        const now = [await framesDecoded(ann, bobId), await framesDecoded(bob, annId)];
        for (const i of [0, 1]) {
          if (now[i]! > last[i]!) lastChange[i] = Date.now();
          longestStall = Math.max(longestStall, Date.now() - lastChange[i]!);
        }
        last = now;
      }
    })();

    const attackers: Attacker[] = [];
    const open = async () => {
      const a = await Attacker.open();
      attackers.push(a);
      return a;
    };
    // Before join, in no room.
    const loose = await open();
    loose.send('{not json');
    loose.send(new Uint8Array([1, 2, 3, 255]).buffer);
    loose.send('['.repeat(30_000) + ']'.repeat(30_000));
    loose.json({ type: 'signal', to: annId, payload: { t: 'sdp' } });
    loose.json({ type: 'broadcast', payload: {} });
    loose.json({ type: 'teleport' });
    loose.json(42);
    loose.json({ type: 'join', room: 7, name: ['x'] });
    loose.json({ type: 'join', room: room, name: 'x'.repeat(65) });
    loose.json({ type: 'join', room: room, name: 'Eve', id: annId });
    // In another room: relays to the call's members, forged senders.
    const other = await open();
    other.json({ type: 'join', room: `${room}-elsewhere`, name: 'Oscar' });
    await pause(100);
    other.json({ type: 'join', room: `${room}-elsewhere`, name: 'Oscar' });
    other.json({ type: 'signal', to: annId, payload: { t: 'sdp', description: { type: 'offer', sdp: 'v=0' } } });
    other.json({ type: 'signal', to: bobId, from: annId, payload: {} });
    other.json({ type: 'broadcast', payload: 'nope' });
    other.json({ type: 'signal', to: annId, payload: { big: 'x'.repeat(60_000) } });
    // In the same room: garbage payloads to the call's members, then a flood over the rate limit.
    const mallory = await open();
    mallory.json({ type: 'join', room, name: 'Mallory' });
    await pause(300);
    mallory.json({ type: 'signal', to: annId, payload: { t: 'sdp', description: { type: 'offer', sdp: 'garbage' } } });
    mallory.json({ type: 'signal', to: bobId, payload: { t: 'ice', candidate: { candidate: 'nonsense' } } });
    mallory.json({ type: 'broadcast', payload: { t: 'state', muted: 'everything' } });
    mallory.json({ type: 'signal', to: annId, from: bobId, payload: { t: 'state', muted: ['camera'] } });
    for (let i = 0; i < 1500; i++) mallory.json({ type: 'broadcast', payload: { t: 'spam', i } });
    // Oversized: closed with 1009.
    const fat = await open();
    fat.send('x'.repeat(70_000));
    // Connect/disconnect churn.
    for (let i = 0; i < 150; i++) {
      const ws = new WebSocket(signalingUrl());
      await new Promise((r) => ((ws.onopen = r), (ws.onerror = r)));
      ws.close();
    }
    await pause(2000);
    sampling = false;
    await sampler;

    // The call: still two, still decoding, video never stalled.
    expect(left).to.deep.equal([]);
    expect([...ann.participants.keys()]).to.include(bobId);
    expect([...bob.participants.keys()]).to.include(annId);
    await expectFullMesh([ann, bob]);
    expect(longestStall, 'longest stall of the call video (ms)').to.be.below(1500);
    expect(ann.participants.get(bobId)!.isCameraEnabled).to.equal(true); // the forged mute did not land
    // Whatever errors the call saw concern the attacker only (its garbage offer), never Ann or Bob's link.
    expect(callErrors.every((e) => e.participantId !== annId && e.participantId !== bobId)).to.equal(true);
    // Every refusal was a documented code, and the expected ones were given.
    const codes = attackers.flatMap((a) => a.codes);
    expect(codes.filter((c) => !DOCUMENTED.has(c))).to.deep.equal([]);
    for (const c of ['invalid-json', 'invalid-message', 'not-joined', 'already-joined', 'unknown-peer', 'rate-limited']) {
      expect(codes, c).to.include(c);
    }
    expect(fat.closeCodes).to.deep.equal([1009]);
    expect(mallory.closeCodes).to.deep.equal([1008]); // the flooder is cut off
    attackers.forEach((a) => a.close());
  });
});
