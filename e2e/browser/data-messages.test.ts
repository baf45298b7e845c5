// room.send() / messageReceived over real data channels: mesh (peer to peer, through the real signaling server)
// and SFU (Janus VideoRoom's data channels, driven by the signaling server). "Arrives" means byte-identical (SHA-256).
import { expect } from '@open-wc/testing';
import type { RtcError } from '../../packages/core/src/errors/RtcError.js';
import type { Room } from '../../packages/core/src/room/Room.js';
import type { DataMessage } from '../../packages/core/src/data/types.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectDecoding, framesDecoded, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { signalingUrl, testSfu } from '../../packages/core/src/test-support/env.js';

const MB = 1024 * 1024;

/** `size` bytes of a pattern no chunk boundary lines up with. */
function bytes(size: number, seed = 7): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i += 1) out[i] = (i * 31 + (i >> 9) + seed) & 255;
  return out;
}

async function sha256(data: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Every message `room` receives, in arrival order. */
function inbox(room: Room): DataMessage[] {
  const got: DataMessage[] = [];
  room.on('messageReceived', (m) => got.push(m));
  return got;
}

async function pair(prefix: string, signaling: () => WebSocketSignaling, extra: Parameters<typeof makeRoom>[3] = {}): Promise<[Room, Room]> {
  const room = uniqueRoom(prefix);
  const ann = makeRoom(room, 'Ann', signaling(), extra);
  const bob = makeRoom(room, 'Bob', signaling(), extra);
  await ann.join();
  await bob.join();
  await waitFor(() => ann.participants.size === 1 && bob.participants.size === 1, 'Ann and Bob to see each other');
  return [ann, bob];
}

describe('messages in a mesh room (data channels)', function () {
  this.timeout(120_000);
  afterEach(leaveAll);
  const ws = (): WebSocketSignaling => new WebSocketSignaling(signalingUrl());

  it('strings and binary arrive with sender, topic and reliability; `to` reaches only that participant', async () => {
    const room = uniqueRoom('data-basic');
    const ann = makeRoom(room, 'Ann', ws(), { video: false, audio: false });
    const bob = makeRoom(room, 'Bob', ws(), { video: false, audio: false });
    const cat = makeRoom(room, 'Cat', ws(), { video: false, audio: false });
    await ann.join();
    await bob.join();
    await cat.join();
    await waitFor(() => ann.participants.size === 2, 'Ann to see Bob and Cat');
    const [toBob, toCat] = [inbox(bob), inbox(cat)];
    // Sent at once after join: reliable messages wait for the channels to open.
    await ann.send('héllo 👋', { topic: 'greeting' });
    await ann.send(new Uint16Array([1, 2, 0xffff]));
    await ann.send('only Bob', { to: bob.localParticipant.id });
    await waitFor(() => toBob.length === 3 && toCat.length === 2, 'Bob to get 3 messages and Cat 2', 20_000);
    const [hello, binary, only] = toBob;
    expect(hello!.from).to.equal(bob.participants.get(ann.localParticipant.id));
    expect(hello!.topic).to.equal('greeting');
    expect(hello!.payload).to.equal('héllo 👋');
    expect(hello!.reliable).to.equal(true);
    expect(binary!.payload).to.be.instanceOf(ArrayBuffer);
    expect([...new Uint16Array(binary!.payload as ArrayBuffer)]).to.deep.equal([1, 2, 0xffff]);
    expect(binary!.topic).to.equal(undefined);
    expect(only!.payload).to.equal('only Bob');
    expect(toCat.map((m) => m.payload)).to.not.include('only Bob');
  });

  it('a 1 MB binary message arrives byte-identical', async () => {
    const [ann, bob] = await pair('data-1mb', ws, { video: false, audio: false });
    const got = inbox(bob);
    const sent = bytes(MB);
    await ann.send(sent, { topic: 'file' });
    await waitFor(() => got.length === 1, 'Bob to get the 1 MB message', 30_000);
    const payload = got[0]!.payload as ArrayBuffer;
    expect(payload.byteLength).to.equal(MB);
    expect(await sha256(payload)).to.equal(await sha256(sent));
  });

  it('1,000 small unreliable messages are sent without blocking', async () => {
    const [ann, bob] = await pair('data-unreliable', ws, { video: false, audio: false });
    const got = inbox(bob);
    await ann.send('ready'); // the channels are open once a reliable message went through
    await waitFor(() => got.length === 1, 'the channels to open');
    let settled = 0;
    for (let i = 0; i < 1000; i += 1) {
      void ann.send(JSON.stringify({ i, x: i * 3, y: i * 7 }), { topic: 'cursor', reliable: false }).then(() => (settled += 1));
    }
    // Each send settles without waiting on the network: all are settled before the next task runs.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(settled).to.equal(1000);
    // Delivery is best effort; on loopback nearly all arrive (unordered). Count what came within a few seconds.
    await waitFor(() => got.length === 1001, 'the unreliable messages to arrive', 10_000).catch(() => undefined);
    const cursors = got.slice(1);
    console.log(`unreliable: ${cursors.length} of 1000 arrived`);
    expect(cursors.length).to.be.greaterThan(0);
    expect(cursors.every((m) => m.reliable === false && m.topic === 'cursor')).to.equal(true);
    expect(new Set(cursors.map((m) => (JSON.parse(m.payload as string) as { i: number }).i)).size).to.equal(cursors.length);
  });

  it('a 10 MB reliable message arrives intact while video keeps decoding', async () => {
    const [ann, bob] = await pair('data-10mb', ws, { audio: false });
    const annId = ann.localParticipant.id;
    await expectDecoding(bob, annId);
    const got = inbox(bob);
    const sent = bytes(10 * MB, 3);
    const hash = await sha256(sent);
    // While the message travels: sample Bob's decoded frames of Ann's video, and count timer ticks (the page
    // must not be blocked).
    const samples: number[] = [];
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 50);
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push(await framesDecoded(bob, annId));
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    })();
    const sending = ann.send(sent);
    try {
      await waitFor(() => got.length === 1, 'Bob to get the 10 MB message', 90_000, 50);
    } finally {
      sampling = false;
      clearInterval(ticker);
      await sampler;
    }
    await sending;
    const payload = got[0]!.payload as ArrayBuffer;
    expect(payload.byteLength).to.equal(10 * MB);
    expect(await sha256(payload)).to.equal(hash);
    console.log(`10 MB: ${samples.length} frame samples during the transfer (${samples.join(', ')}), ${ticks} timer ticks`);
    expect(ticks).to.be.greaterThan(0);
    expect(samples.length).to.be.at.least(2);
    for (let i = 1; i < samples.length; i += 1) expect(samples[i]).to.be.at.least(samples[i - 1]!);
    expect(samples.at(-1)!).to.be.greaterThan(samples[0]!);
    // And keeps decoding afterwards.
    await expectDecoding(bob, annId);
  });

  it('size limits: sending over maxMessageBytes or an unreliable message over one chunk is refused; a bigger incoming message is dropped with an error', async () => {
    const room = uniqueRoom('data-limits');
    const ann = makeRoom(room, 'Ann', ws(), { video: false, audio: false });
    const bob = makeRoom(room, 'Bob', ws(), { video: false, audio: false, maxMessageBytes: 100_000 });
    await ann.join();
    await bob.join();
    await waitFor(() => bob.participants.size === 1 && ann.participants.size === 1, 'Ann and Bob to see each other');
    const refused = (p: Promise<void>): Promise<RtcError> => p.then(() => { throw new Error('expected a refusal'); }, (e: RtcError) => e);
    expect((await refused(bob.send(new Uint8Array(100_001)))).code).to.equal('message-too-large');
    expect((await refused(ann.send(new Uint8Array(20_000), { reliable: false }))).code).to.equal('message-too-large');
    expect((await refused(ann.send('x', { to: 'nobody' }))).code).to.equal('invalid-argument');
    expect((await refused(ann.send('x', { topic: 'x'.repeat(256) }))).code).to.equal('invalid-argument');

    const errors: RtcError[] = [];
    bob.on('error', (e) => errors.push(e));
    const got = inbox(bob);
    await ann.send(new Uint8Array(200_000));
    await ann.send('after');
    await waitFor(() => got.length === 1, 'Bob to get the small message after the big one', 20_000);
    expect(got[0]!.payload).to.equal('after');
    expect(errors.map((e) => [e.code, e.participantId])).to.deep.equal([['message-too-large', ann.localParticipant.id]]);
  });
});

describe('messages in an SFU room (Janus data channels)', function () {
  this.timeout(120_000);
  const sfu = testSfu();
  before(function () {
    if (!sfu) this.skip();
  });
  afterEach(leaveAll);
  const ws = (): WebSocketSignaling => new WebSocketSignaling(sfu!.signalingUrl);

  it('a 1 MB binary message arrives byte-identical through Janus; `to` goes through the signaling server to that participant only', async () => {
    const room = uniqueRoom('sfu-data');
    const opts = { topology: 'sfu' as const, audio: false };
    const ann = makeRoom(room, 'Ann', ws(), opts);
    const bob = makeRoom(room, 'Bob', ws(), opts);
    const cat = makeRoom(room, 'Cat', ws(), opts);
    await ann.join();
    await bob.join();
    await cat.join();
    const annId = ann.localParticipant.id;
    await expectDecoding(bob, annId);
    await expectDecoding(cat, annId);
    const [toBob, toCat] = [inbox(bob), inbox(cat)];
    // Janus drops what arrives before a subscriber's channel is up: ping until both hear Ann.
    await waitFor(async () => {
      await ann.send('ping', { topic: 'ping' });
      return toBob.length > 0 && toCat.length > 0;
    }, 'Bob and Cat to hear Ann through Janus', 20_000, 250);
    toBob.length = toCat.length = 0;

    const sent = bytes(MB, 11);
    console.log('SFU: Bob and Cat hear Ann through Janus');
    await ann.send(sent, { topic: 'file' });
    await waitFor(() => toBob.some((m) => m.topic === 'file') && toCat.some((m) => m.topic === 'file'), 'the 1 MB message through Janus', 60_000);
    for (const got of [toBob, toCat]) {
      const file = got.find((m) => m.topic === 'file')!;
      expect(file.from.id).to.equal(annId);
      expect(await sha256(file.payload as ArrayBuffer)).to.equal(await sha256(sent));
    }

    const secret = bytes(20_000, 5);
    await ann.send(secret, { to: bob.localParticipant.id, topic: 'dm' });
    await ann.send('done', { topic: 'done' }); // through Janus, to both: Cat has seen everything before it
    await waitFor(() => toBob.some((m) => m.topic === 'dm') && toCat.some((m) => m.topic === 'done'), 'the targeted message', 20_000);
    expect(await sha256(toBob.find((m) => m.topic === 'dm')!.payload as ArrayBuffer)).to.equal(await sha256(secret));
    expect(toCat.some((m) => m.topic === 'dm')).to.equal(false);
    const error = await ann.send(new Uint8Array(100_000), { to: bob.localParticipant.id }).catch((e: RtcError) => e);
    expect((error as RtcError).code).to.equal('message-too-large');
  });

  // Issue 15: a chunk header claiming another participant's id showed "Ann: FORGED". The sender is the publisher
  // whose Janus feed labels the channel, whatever the header says.
  it('a chunk header claiming another participant is shown as its real sender (SFU chat impersonation)', async () => {
    const room = uniqueRoom('sfu-forge');
    const opts = { topology: 'sfu' as const, audio: false };
    const ann = makeRoom(room, 'Ann', ws(), opts);
    const bob = makeRoom(room, 'Bob', ws(), opts);
    const mallory = makeRoom(room, 'Mallory', ws(), opts);
    await ann.join();
    await bob.join();
    await mallory.join();
    const [annId, malloryId] = [ann.localParticipant.id, mallory.localParticipant.id];
    await expectDecoding(bob, annId);
    await expectDecoding(bob, malloryId);
    const toBob = inbox(bob);
    await waitFor(async () => {
      await Promise.all([ann.send('ping', { topic: 'ping' }), mallory.send('ping', { topic: 'ping' })]);
      return toBob.some((m) => m.from.id === annId) && toBob.some((m) => m.from.id === malloryId);
    }, 'Bob to hear Ann and Mallory through Janus', 20_000, 250);
    toBob.length = 0;
    // Mallory's SDK now writes Ann's id into every chunk header it sends.
    Object.defineProperty(mallory.localParticipant, 'id', { value: annId, configurable: true });
    for (let i = 1; i <= 3; i += 1) {
      await mallory.send(`FORGED ${i}`, { topic: 'chat' });
      await ann.send(`real ${i}`, { topic: 'chat' });
    }
    await waitFor(() => toBob.filter((m) => m.topic === 'chat').length === 6, 'all six chat messages at Bob', 20_000);
    const by = (id: string): unknown[] => toBob.filter((m) => m.topic === 'chat' && m.from.id === id).map((m) => m.payload);
    expect(by(annId)).to.deep.equal(['real 1', 'real 2', 'real 3']);
    expect(by(malloryId)).to.deep.equal(['FORGED 1', 'FORGED 2', 'FORGED 3']);
    expect(toBob.find((m) => m.from.id === malloryId)!.from.name).to.equal('Mallory');
  });
});
