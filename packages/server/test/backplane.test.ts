/**
 * The Redis backplane with real processes: one private redis-server and several signaling nodes on loopback.
 * Presence, limits, relay and drain across nodes; failover (dead node, Redis restart) is in backplane-failover.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { mintRoomToken } from '../src/index.js';
import { connect, joined, lastSeqOf, resume, startServer, waitFor, type Msg, type TestClient, type TestServer } from './helpers.js';
import { freshRedisPerTest, health } from './cluster-helpers.js';

const GRACE = 3000;
const fast = { resumeGraceMs: GRACE, nodeHeartbeatMs: 200, nodeDeadAfterMs: 1000 };

describe('Redis backplane: nodes share rooms', { timeout: 120_000 }, () => {
  const redis = freshRedisPerTest();
  let a: TestServer;
  let b: TestServer;
  const clients: TestClient[] = [];
  const track = <T extends { client: TestClient }>(x: T): T => (clients.push(x.client), x);

  beforeEach(async () => {
    a = await startServer({ redisUrl: redis().url, maxParticipantsPerRoom: 3, ...fast });
    b = await startServer({ redisUrl: redis().url, maxParticipantsPerRoom: 3, ...fast });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.ws.terminate();
    await Promise.all([a?.close(), b?.close()]);
  });

  it('participants on two nodes see each other (joined peers, peer-joined), with names unique across nodes', async () => {
    const ann = track(await joined(a.wsUrl, 'r', 'Ann'));
    const ann2 = track(await joined(b.wsUrl, 'r', 'ann'));
    assert.equal(ann2.msg['peers'].length, 1);
    assert.deepEqual(ann2.msg['peers'][0], { id: ann.id, name: 'Ann', role: 'publisher' });
    assert.equal(ann2.msg['peers'][0].id, ann.id);
    const pj = await ann.client.next('peer-joined');
    assert.deepEqual(pj['peer'], { id: ann2.id, name: 'ann (2)', role: 'publisher' }, 'the name collides across nodes');
    assert.notEqual(ann.id, ann2.id);
    const h = await health(a.url);
    assert.equal(h['redis'], 'up');
    assert.equal(h['participants'], 1, 'this node');
    assert.deepEqual(h['cluster'], { nodes: 2, rooms: 1, participants: 2 });
  });

  it('room capacity and maxRooms are cluster-wide', async () => {
    track(await joined(a.wsUrl, 'r', 'A'));
    track(await joined(b.wsUrl, 'r', 'B'));
    track(await joined(a.wsUrl, 'r', 'C'));
    const d = await connect(b.wsUrl);
    clients.push(d);
    const refusal = await d.expectError({ type: 'join', room: 'r', name: 'D' }, 'room-full');
    assert.equal(refusal['ref'], 'join');
    await a.close();
    const small = await startServer({ redisUrl: redis().url, maxRooms: 1, ...fast });
    try {
      const e = await connect(small.wsUrl);
      clients.push(e);
      await e.expectError({ type: 'join', room: 'other', name: 'E' }, 'server-full');
    } finally {
      await small.close();
    }
  });

  it('signal and broadcast cross nodes in order, stamped with the sender; a forged from is impossible', async () => {
    const x = track(await joined(a.wsUrl, 'r', 'X'));
    const y = track(await joined(b.wsUrl, 'r', 'Y'));
    const z = track(await joined(b.wsUrl, 'r', 'Z'));
    await x.client.next('peer-joined');
    await x.client.next('peer-joined');
    for (let n = 1; n <= 30; n++) {
      if (n % 2) x.client.send({ type: 'broadcast', payload: { n }, seq: n });
      else x.client.send({ type: 'signal', to: y.id, payload: { n }, seq: n });
    }
    const got: Msg[] = [];
    while (got.length < 30) got.push(await y.client.next('signal'));
    assert.deepEqual(got.map((m) => m['payload'].n), Array.from({ length: 30 }, (_, i) => i + 1), 'in order');
    assert.ok(got.every((m) => m['from'] === x.id), 'stamped with the sender');
    const seqs = got.map((m) => m['seq'] as number);
    assert.ok(seqs.every((s, i) => i === 0 || s === (seqs[i - 1] as number) + 1), 'numbered by Y\'s node, without gaps');
    // A forged sender: X claims to be Z. The node stamps from its connection (or refuses the unknown field).
    x.client.send({ type: 'signal', to: y.id, from: z.id, payload: { forged: true } });
    x.client.send({ type: 'signal', to: y.id, payload: { after: true } });
    const after = await y.client.next('signal');
    const all = [...y.client.history].filter((m) => m['type'] === 'signal');
    assert.ok(!all.some((m) => m['from'] === z.id), 'nothing ever came from Z');
    assert.equal(after['from'], x.id);
    // Z (on Y's node) gets X's broadcasts too.
    const zs: Msg[] = [];
    while (zs.length < 15) zs.push(await z.client.next('signal'));
    assert.deepEqual(zs.map((m) => m['payload'].n), Array.from({ length: 15 }, (_, i) => 2 * i + 1));
  });

  it('drops and logs malformed messages off Redis; the call goes on', async () => {
    const x = track(await joined(a.wsUrl, 'r', 'X'));
    const y = track(await joined(b.wsUrl, 'r', 'Y'));
    await x.client.next('peer-joined');
    const raw = new Redis(redis().url);
    try {
      await raw.publish(`rtc:seat:${y.id}`, 'not json');
      await raw.publish(`rtc:seat:${y.id}`, JSON.stringify({ type: 'joined', id: 'evil' }));
      await raw.publish(`rtc:seat:${y.id}`, JSON.stringify({ type: 'signal', from: 42, payload: {} }));
      await raw.publish(`rtc:ev:r`, JSON.stringify({ t: 'joined', origin: 'x', p: { id: 'evil' } }));
      await waitFor(() => b.logs.filter((e) => e.event === 'redis-malformed').length >= 3, 20_000, 'malformed logged');
      await waitFor(() => a.logs.some((e) => e.event === 'redis-malformed'), 20_000, 'malformed event logged');
    } finally {
      raw.disconnect();
    }
    x.client.send({ type: 'signal', to: y.id, payload: { ok: 1 } });
    assert.deepEqual((await y.client.next('signal'))['payload'], { ok: 1 });
    assert.ok(!y.client.history.some((m) => m['type'] === 'joined' && m['id'] === 'evil'));
    assert.ok(!x.client.history.some((m) => m['type'] === 'peer-joined' && m['peer']?.id === 'evil'));
  });

  it('leave on one node is peer-left on the other', async () => {
    const x = track(await joined(a.wsUrl, 'r', 'X'));
    const y = track(await joined(b.wsUrl, 'r', 'Y'));
    await x.client.next('peer-joined');
    y.client.send({ type: 'leave' });
    assert.deepEqual(await x.client.next('peer-left'), { type: 'peer-left', id: y.id, seq: 2 });
    x.client.send({ type: 'signal', to: y.id, payload: {} });
    assert.equal((await x.client.next('error'))['code'], 'unknown-peer');
  });

  it('drain: 1012 close, the listener closes; the client resumes on the other node with no leave seen, messages sent meanwhile delivered', async () => {
    const x = track(await joined(a.wsUrl, 'r', 'X'));
    const y = track(await joined(b.wsUrl, 'r', 'Y'));
    await x.client.next('peer-joined');
    y.client.send({ type: 'signal', to: x.id, payload: { n: 1 }, seq: 1 });
    await x.client.next('signal');
    x.client.send({ type: 'broadcast', payload: { from: 'x' }, seq: 7 });
    await y.client.next('signal');
    const drained = a.server.drain();
    assert.equal(await x.client.closedWithin(), 1012);
    // While X has no node: Y's messages wait in X's pending list.
    y.client.send({ type: 'signal', to: x.id, payload: { n: 2 }, seq: 2 });
    y.client.send({ type: 'signal', to: x.id, payload: { n: 3 }, seq: 3 });
    await drained;
    await assert.rejects(connect(a.wsUrl), 'the drained node accepts no socket');
    const lastSeq = lastSeqOf(x.client);
    const r = await resume(b.wsUrl, x.id, x.msg['resumeToken'], lastSeq);
    clients.push(r.client);
    assert.equal(r.reply['type'], 'resumed', JSON.stringify(r.reply));
    assert.equal(r.reply['id'], x.id);
    assert.equal(r.reply['restored'], undefined, 'resumed, not restored');
    assert.equal(r.reply['lastSeq'], 7, 'the last client seq X sent, from Redis');
    assert.deepEqual(r.reply['peers'], [{ id: y.id, name: 'Y', role: 'publisher' }]);
    const n2 = await r.client.next('signal');
    const n3 = await r.client.next('signal');
    assert.deepEqual([n2['payload'], n3['payload']], [{ n: 2 }, { n: 3 }]);
    assert.deepEqual([n2['seq'], n3['seq']], [lastSeq + 1, lastSeq + 2], 'numbering continues at the client\'s lastSeq');
    // X on its new node is reachable, and Y never saw it leave.
    y.client.send({ type: 'signal', to: x.id, payload: { n: 4 }, seq: 4 });
    assert.deepEqual((await r.client.next('signal'))['payload'], { n: 4 });
    assert.ok(!y.client.history.some((m) => m['type'] === 'peer-left' || (m['type'] === 'peer-joined' && m['peer'].id === x.id)));
    assert.ok(a.logs.some((e) => e.event === 'drain'));
  });
  it('a client whose socket dropped resumes on another node: what its old node numbered meanwhile follows it', async () => {
    const x = track(await joined(a.wsUrl, 'r', 'X'));
    const y = track(await joined(b.wsUrl, 'r', 'Y'));
    await x.client.next('peer-joined');
    const lastSeq = lastSeqOf(x.client);
    x.client.ws.terminate();
    assert.equal((await y.client.next('peer-away'))['id'], x.id);
    // Node A keeps X's seat and numbers this for it (A is alive, only the socket dropped).
    y.client.send({ type: 'signal', to: x.id, payload: { n: 1 } });
    await waitFor(() => a.logs.some((e) => e.event === 'away'), 20_000, 'X away on A');
    // B publishes Y's signal and then takes the seat over on one connection, so Redis sees them in that order: A
    // numbers the signal into X's away seat first, then hands it on when told the seat moved.
    const r = await resume(b.wsUrl, x.id, x.msg['resumeToken'], lastSeq);
    clients.push(r.client);
    assert.equal(r.reply['type'], 'resumed', JSON.stringify(r.reply));
    assert.equal(r.reply['restored'], undefined);
    const n1 = await r.client.next('signal');
    assert.deepEqual(n1['payload'], { n: 1 });
    assert.equal(n1['from'], y.id);
    assert.equal(n1['seq'], lastSeq + 1);
    assert.equal((await y.client.next('peer-back'))['id'], x.id);
    await waitFor(() => a.logs.some((e) => e.event === 'moved-away'), 20_000, 'A let go of the seat');
    assert.equal(a.server.stats().participants, 0, 'A holds nothing any more');
    y.client.send({ type: 'signal', to: x.id, payload: { n: 2 } });
    assert.deepEqual((await r.client.next('signal'))['payload'], { n: 2 });
    assert.ok(!y.client.history.some((m) => m['type'] === 'peer-left'));
  });
  it('room tokens: a single-use jti spent on one node is refused on the other (uses counted in Redis)', async () => {
    const secret = 'x'.repeat(32);
    const opts = { redisUrl: redis().url, authSecret: secret, tokenPolicy: { maxUsesPerJti: 1 }, ...fast };
    const [p, q] = [await startServer(opts), await startServer(opts)];
    try {
      const token = await mintRoomToken({ secret, room: 'r', name: 'T', jti: true });
      const first = await connect(p.wsUrl);
      clients.push(first);
      assert.equal((await first.join('r', 'T', token))['type'], 'joined');
      const again = await connect(q.wsUrl);
      clients.push(again);
      const refusal = await again.expectError({ type: 'join', room: 'r', name: 'T', token }, 'unauthorized');
      assert.match(refusal['message'], /already used/);
    } finally {
      await Promise.all([p.close(), q.close()]);
    }
  });
});
