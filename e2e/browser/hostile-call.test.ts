// Hostile input against the real signaling server while a real call runs through it: attackers in the same
// room and in another room throw malformed, oversized, forged and flooding messages. The call must keep
// decoding (more frames after the attack than before), nobody in the call may see anyone leave, and every refusal must carry a documented code.
import { expect } from '@open-wc/testing';
import { encodeChunks, encoder, toBase64 } from '../../packages/core/src/data/wire.js';
import type { RtcError } from '../../packages/core/src/errors/RtcError.js';
import type { DataMessage } from '../../packages/core/src/data/types.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectFullMesh, framesDecoded, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { signalingUrl, testAuth } from '../../packages/core/src/test-support/env.js';

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
  static async open(url = signalingUrl()): Promise<Attacker> {
    const ws = new WebSocket(url);
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

    // Frames decoded before the attack; the call must decode more after it (no stall threshold: no timing assertion).
    const framesBefore = [await framesDecoded(ann, bobId), await framesDecoded(bob, annId)];

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
    // Wait for the server's answers to land: the flooder and the oversized sender are cut off.
    await waitFor(() => mallory.closeCodes.length > 0 && fat.closeCodes.length > 0, 'the flooder and the oversized sender to be closed');

    // The call: still two, still decoding.
    expect(left).to.deep.equal([]);
    expect([...ann.participants.keys()]).to.include(bobId);
    expect([...bob.participants.keys()]).to.include(annId);
    await expectFullMesh([ann, bob]);
    await waitFor(async () => (await framesDecoded(ann, bobId)) > framesBefore[0]!, 'Ann to keep decoding Bob');
    await waitFor(async () => (await framesDecoded(bob, annId)) > framesBefore[1]!, 'Bob to keep decoding Ann');
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

const b64url = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const enc = (value: object): string => b64url(new TextEncoder().encode(JSON.stringify(value)));

/** An HS256 room token for the run's token-checking server, signed with WebCrypto. */
async function token(claims: { room: string; name: string; role?: 'publisher' | 'subscriber' }): Promise<string> {
  const body = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ ...claims, exp: Math.floor(Date.now() / 1000) + 600 })}`;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(testAuth().secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `${body}.${b64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body))))}`;
}

// Issue 15: the identity attacks — a subscriber's forged SDP shapes, a forged data-message sender, a duplicate and
// bidi-laden display name — with foreign-Origin sockets and slowloris upgrades, against the real token-checking
// server while two real pages stay in a call. What is asserted is what
// was exchanged: every message of a fixed-length exchange, in order, from its real sender, and video still decoding.
describe('identity attacks while a call runs (issue 15)', function () {
  this.timeout(90_000);
  afterEach(leaveAll);

  it('forged subscriber SDP is refused, a forged chat sender shows as itself, the call keeps decoding and every message arrives', async () => {
    const room = uniqueRoom('identity-attack');
    const url = testAuth().signalingUrl;
    const ann = makeRoom(room, 'Ann', new WebSocketSignaling(url, { token: await token({ room, name: 'Ann' }) }));
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(url, { token: await token({ room, name: 'Bob' }) }));
    await ann.join();
    await bob.join();
    await expectFullMesh([ann, bob]);
    const [annId, bobId] = [ann.localParticipant.id, bob.localParticipant.id];
    const inbox = (r: typeof ann): DataMessage[] => {
      const got: DataMessage[] = [];
      r.on('messageReceived', (m) => got.push(m));
      return got;
    };
    const [atAnn, atBob] = [inbox(ann), inbox(bob)];
    const framesBefore = [await framesDecoded(ann, bobId), await framesDecoded(bob, annId)];
    // Meanwhile, from Node (scripts/attacks.mjs, other loopback addresses), against this same server: foreign-Origin
    // sockets and slowloris upgrade requests (the join-based socket attacks are in http-attacks.test.ts).
    const attack = async <T>(name: string, query: Record<string, string | number>): Promise<T> => {
      const res = await fetch(`/__rtc-test/attack/${name}?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`, { method: 'POST' });
      if (!res.ok) throw new Error(`attack ${name}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const socketAttacks = Promise.all([
      attack<{ n: number; closed1008: number; codes: string[] }>('foreign-origin', { target: 'auth', n: 32 }),
      attack<{ n: number; stillOpen: number }>('slowloris', { target: 'auth', n: 24, ms: 30_000 }),
    ]);

    // A subscriber whose camera would play at Ann and Bob: a real sending offer, in the shapes that got through.
    const sub = await Attacker.open(url);
    sub.json({ type: 'join', room, name: 'Viewer', token: await token({ room, name: 'Viewer', role: 'subscriber' }) });
    const camera = await navigator.mediaDevices.getUserMedia({ video: { width: 160, height: 120 } });
    const pc = new RTCPeerConnection();
    pc.addTransceiver(camera.getVideoTracks()[0]!, { direction: 'sendrecv' });
    const sdp = (await pc.createOffer()).sdp!;
    pc.close();
    camera.getTracks().forEach((t) => t.stop());
    const forged: unknown[] = [
      { type: 'answer', sdp: [sdp] },
      { type: 'answer', sdp: sdp.replace(/^a=sendrecv$/gm, 'a=RecvOnly') },
      { type: 'answer', sdp: sdp.replace(/^a=sendrecv\r\n/gm, '').replace(/^(t=.*\r\n)/m, '$1a=recvonly\r\n') },
      { type: 'answer', sdp },
    ];
    await waitFor(() => sub.id !== undefined, 'the subscriber to join');
    for (const description of forged) {
      sub.json({ type: 'signal', to: annId, payload: { t: 'sdp', description } });
      sub.json({ type: 'broadcast', payload: { t: 'sdp', description } });
    }
    // Mallory: a publisher named like Ann (plus an RTL override) whose chunk headers claim to be Ann.
    const mallory = await Attacker.open(url);
    mallory.json({ type: 'join', room, name: 'x', token: await token({ room, name: 'ann\u202E' }) });
    await waitFor(() => mallory.id !== undefined && bob.participants.has(mallory.id), 'Bob to see Mallory');
    const forgedChunk = (text: string, i: number) => encodeChunks(9000 + i, encoder.encode(annId), encoder.encode('chat'), encoder.encode(text), false, true)[0]!;

    // The fixed-length exchange, interleaved with the forgeries.
    const N = 5;
    for (let i = 1; i <= N; i += 1) {
      await ann.send(`ann ${i}`, { to: bobId, topic: 'chat' });
      mallory.json({ type: 'signal', to: bobId, payload: { t: 'data', d: toBase64(forgedChunk(`FORGED ${i}`, i)) } });
      await bob.send(`bob ${i}`, { to: annId, topic: 'chat' });
    }
    await waitFor(() => sub.codes.length === 2 * forged.length, 'every forged description to be refused');
    await waitFor(
      () => atBob.filter((m) => m.topic === 'chat').length === 2 * N && atAnn.filter((m) => m.topic === 'chat').length === N,
      'every chat message to arrive',
    );
    const said = (got: DataMessage[], id: string): unknown[] => got.filter((m) => m.topic === 'chat' && m.from.id === id).map((m) => m.payload);
    const series = (who: string) => Array.from({ length: N }, (_, i) => `${who} ${i + 1}`);
    expect(said(atBob, annId)).to.deep.equal(series('ann'));
    expect(said(atBob, mallory.id!)).to.deep.equal(series('FORGED'));
    expect(said(atAnn, bobId)).to.deep.equal(series('bob'));
    expect(sub.codes).to.deep.equal(Array(2 * forged.length).fill('forbidden'));
    const [foreign, slowloris] = await socketAttacks;
    expect(foreign.closed1008, 'foreign-origin sockets closed with 1008').to.equal(foreign.n);
    expect(foreign.codes).to.deep.equal(['origin-not-allowed']);
    expect(slowloris.stillOpen, 'half-open upgrade requests the server never dropped').to.equal(0);
    // Mallory's name is neither Ann's nor reversed: the override is gone and it is disambiguated.
    expect(bob.participants.get(mallory.id!)!.name).to.equal('ann (2)');
    // The viewer's media never reached anyone, and the call still decodes both ways.
    const viewer = [...ann.participants.values()].find((p) => p.name === 'Viewer')!;
    expect(viewer.tracks.size).to.equal(0);
    await waitFor(async () => (await framesDecoded(ann, bobId)) > framesBefore[0]!, 'Ann to keep decoding Bob');
    await waitFor(async () => (await framesDecoded(bob, annId)) > framesBefore[1]!, 'Bob to keep decoding Ann');
    sub.close();
    mallory.close();
  });
});

