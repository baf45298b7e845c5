import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '@rtc-room/protocol';
import { createServer, type LogEvent } from '../src/index.js';
import { connect, delay, joined, lastSeqOf, resume, waitFor, type Msg, type TestClient, type TestServer, startServer } from './helpers.js';

const GRACE = 800;

/** The messages after `resumed` in a resumed client's history. */
const afterResumed = (c: TestClient): Msg[] => c.history.slice(c.history.findIndex((m) => m['type'] === 'resumed') + 1);

describe('resume', { timeout: 120_000 }, () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startServer({ resumeGraceMs: GRACE });
  });
  afterEach(() => t.close());

  it('is on by default: joined carries a random resumeToken and resumeGraceMs 15000, never logged; peers get seq', async () => {
    const logs: LogEvent[] = [];
    const server = createServer({ host: '127.0.0.1', port: 0, logger: (e) => logs.push(e) });
    const { wsUrl } = await server.listen();
    try {
      const a = await joined(wsUrl, 'r', 'Alice');
      const b = await joined(wsUrl, 'r', 'Bob');
      assert.equal(a.msg['resumeGraceMs'], 15_000);
      assert.match(a.msg['resumeToken'], /^[A-Za-z0-9_-]{22,}$/, '16+ bytes, base64url');
      assert.notEqual(a.msg['resumeToken'], b.msg['resumeToken']);
      assert.deepEqual(await a.client.next('peer-joined'), {
        type: 'peer-joined',
        peer: { id: b.id, name: 'Bob', role: 'publisher' },
        seq: 1,
      });
      b.client.send({ type: 'signal', to: a.id, payload: { n: 1 } });
      assert.deepEqual(await a.client.next('signal'), { type: 'signal', from: b.id, payload: { n: 1 }, seq: 2 });
      b.client.ws.terminate();
      assert.deepEqual(await a.client.next('peer-away'), { type: 'peer-away', id: b.id, seq: 3 });
      await waitFor(() => server.stats().away === 1, 20_000, 'away counted');
      assert.deepEqual(server.stats(), { rooms: 1, participants: 2, connections: 1, away: 1 });
      const text = JSON.stringify(logs);
      assert.ok(!text.includes(a.msg['resumeToken']) && !text.includes(b.msg['resumeToken']), 'tokens never logged');
      await a.client.close();
    } finally {
      await server.close();
    }
  });

  it('resuming within the grace period keeps the id: the others see peer-away then peer-back, never peer-left/peer-joined', async () => {
    const a = await joined(t.wsUrl, 'r', 'Alice');
    const b = await joined(t.wsUrl, 'r', 'Bob');
    await a.client.next('peer-joined');
    b.client.ws.terminate();
    assert.equal((await a.client.next('peer-away'))['id'], b.id);
    assert.equal(t.server.stats().away, 1);
    const r = await resume(t.wsUrl, b.id, b.msg['resumeToken'], lastSeqOf(b.client));
    assert.deepEqual(r.reply, {
      type: 'resumed',
      protocol: PROTOCOL_VERSION,
      id: b.id,
      room: 'r',
      role: 'publisher',
      peers: [{ id: a.id, name: 'Alice', role: 'publisher' }],
      lastSeq: 0,
    });
    const back = await a.client.next('peer-back');
    assert.equal(back['id'], b.id);
    assert.equal(typeof back['seq'], 'number');
    assert.deepEqual(t.server.stats(), { rooms: 1, participants: 2, connections: 2, away: 0 });
    // The seat works as before, both ways, and outlives the grace period.
    await delay(GRACE + 200);
    r.client.send({ type: 'signal', to: a.id, payload: { hi: 1 } });
    assert.equal((await a.client.next('signal'))['from'], b.id);
    a.client.send({ type: 'signal', to: b.id, payload: { hi: 2 } });
    assert.deepEqual((await r.client.next('signal'))['payload'], { hi: 2 });
    const types = a.client.history.map((m) => m['type']);
    assert.deepEqual(types, ['joined', 'peer-joined', 'peer-away', 'peer-back', 'signal']);
    await Promise.all([a.client.close(), r.client.close()]);
  });

  it('replays messages sent during the outage after resumed, in order, with their seq, none twice', async () => {
    const a = await joined(t.wsUrl, 'r', 'Alice');
    const b = await joined(t.wsUrl, 'r', 'Bob');
    a.client.send({ type: 'signal', to: b.id, payload: { before: true } });
    await b.client.next('signal');
    const seen = lastSeqOf(b.client);
    b.client.ws.terminate();
    await a.client.next('peer-away');
    for (let i = 0; i < 5; i++) a.client.send({ type: 'signal', to: b.id, payload: { i } });
    a.client.send({ type: 'broadcast', payload: { all: true } });
    const c = await joined(t.wsUrl, 'r', 'Carol');
    c.client.send({ type: 'signal', to: b.id, payload: { from: 'carol' } });
    await a.client.next('peer-joined');
    await delay(100);
    const r = await resume(t.wsUrl, b.id, b.msg['resumeToken'], seen);
    assert.equal(r.reply['type'], 'resumed');
    assert.deepEqual(
      r.reply['peers'].map((p: Msg) => p['id']),
      [a.id, c.id],
      'Carol, who came meanwhile, is listed',
    );
    await waitFor(() => afterResumed(r.client).length >= 8, 20_000, 'replay');
    await delay(100);
    const replay = afterResumed(r.client);
    assert.deepEqual(
      replay.map((m) => m['seq']),
      Array.from({ length: 8 }, (_, i) => seen + 1 + i),
      'consecutive seq after lastSeq',
    );
    assert.deepEqual(
      replay.map((m) => (m['type'] === 'signal' ? m['payload'] : m['type'])),
      [{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }, { i: 4 }, { all: true }, 'peer-joined', { from: 'carol' }],
    );
    assert.equal(replay[6]?.['peer'].id, c.id);
    assert.equal(r.client.history[0]?.['type'], 'resumed', 'resumed comes first');
    // New messages continue the numbering.
    a.client.send({ type: 'signal', to: b.id, payload: { after: true } });
    await waitFor(() => afterResumed(r.client).length === 9, 20_000, 'the next message');
    assert.deepEqual(afterResumed(r.client)[8], { type: 'signal', from: a.id, payload: { after: true }, seq: seen + 9 });
    await Promise.all([a.client.close(), c.client.close(), r.client.close()]);
  });

  it('lastSeq skips what the client already has', async () => {
    const a = await joined(t.wsUrl, 'r', 'Alice');
    const b = await joined(t.wsUrl, 'r', 'Bob');
    const base = lastSeqOf(b.client);
    for (let i = 0; i < 4; i++) a.client.send({ type: 'signal', to: b.id, payload: { i } });
    for (let i = 0; i < 4; i++) await b.client.next('signal');
    b.client.ws.terminate();
    await a.client.next('peer-away');
    a.client.send({ type: 'signal', to: b.id, payload: { i: 4 } });
    await delay(100);
    // The client received everything up to i=1 only (say the last two were lost on the dying socket).
    const r = await resume(t.wsUrl, b.id, b.msg['resumeToken'], base + 2);
    assert.equal(r.reply['type'], 'resumed');
    await waitFor(() => afterResumed(r.client).length >= 3, 20_000, 'replay');
    await delay(100);
    const replay = afterResumed(r.client);
    assert.deepEqual(replay.map((m) => m['payload'].i), [2, 3, 4]);
    assert.deepEqual(replay.map((m) => m['seq']), [base + 3, base + 4, base + 5]);
    await Promise.all([a.client.close(), r.client.close()]);
  });

  it('ignores client resends with seq <= the last relayed one; resumed.lastSeq reports it', async () => {
    const a = await joined(t.wsUrl, 'r', 'Alice');
    const b = await joined(t.wsUrl, 'r', 'Bob');
    a.client.send({ type: 'signal', to: b.id, payload: { n: 1 }, seq: 1 });
    a.client.send({ type: 'broadcast', payload: { n: 2 }, seq: 2 });
    a.client.send({ type: 'signal', to: b.id, payload: { n: 1, dup: true }, seq: 1 });
    await b.client.next('signal');
    await b.client.next('signal');
    a.client.ws.terminate();
    await b.client.next('peer-away');
    const r = await resume(t.wsUrl, a.id, a.msg['resumeToken'], lastSeqOf(a.client));
    assert.equal(r.reply['type'], 'resumed');
    assert.equal(r.reply['lastSeq'], 2);
    // The client resends from its outbox: 2 (already relayed) and 3 (new).
    r.client.send({ type: 'broadcast', payload: { n: 2 }, seq: 2 });
    r.client.send({ type: 'signal', to: b.id, payload: { n: 3 }, seq: 3 });
    await b.client.next('peer-back');
    assert.deepEqual((await b.client.next('signal'))['payload'], { n: 3 });
    await delay(150);
    const payloads = b.client.history.filter((m) => m['type'] === 'signal').map((m) => m['payload']);
    assert.deepEqual(payloads, [{ n: 1 }, { n: 2 }, { n: 3 }], 'nothing relayed twice');
    // Messages without seq are always relayed.
    r.client.send({ type: 'signal', to: b.id, payload: { n: 'plain' } });
    assert.deepEqual((await b.client.next('signal'))['payload'], { n: 'plain' });
    await Promise.all([b.client.close(), r.client.close()]);
  });

  it('the seat is removed when the grace period ends: peer-left, and a later resume fails', async () => {
    const a = await joined(t.wsUrl, 'r', 'Alice');
    const b = await joined(t.wsUrl, 'r', 'Bob');
    b.client.ws.terminate();
    await a.client.next('peer-away');
    const start = Date.now();
    const left = await a.client.next('peer-left', GRACE + 2000);
    const took = Date.now() - start;
    assert.equal(left['id'], b.id);
    // Not before the grace period (a lower bound holds on any machine); how much later depends on the machine.
    assert.ok(took >= GRACE - 100, `peer-left after the grace period (took ${took} ms)`);
    assert.deepEqual(t.server.stats(), { rooms: 1, participants: 1, connections: 1, away: 0 });
    assert.ok(t.logs.some((e) => e['event'] === 'leave' && e['why'] === 'expired'));
    const r = await resume(t.wsUrl, b.id, b.msg['resumeToken'], 0);
    assert.equal(r.reply['code'], 'resume-failed');
    assert.match(r.reply['message'], /unknown or expired/);
    await Promise.all([a.client.close(), r.client.close()]);
  });

  it('an explicit leave is immediate: peer-left, no peer-away, no grace, no resume', async () => {
    const a = await joined(t.wsUrl, 'r', 'Alice');
    const b = await joined(t.wsUrl, 'r', 'Bob');
    await a.client.next('peer-joined');
    b.client.send({ type: 'leave' });
    assert.equal((await a.client.next('peer-left', 20_000))['id'], b.id);
    await b.client.close();
    await delay(100);
    assert.deepEqual(a.client.history.map((m) => m['type']), ['joined', 'peer-joined', 'peer-left']);
    assert.equal(t.server.stats().away, 0);
    const r = await resume(t.wsUrl, b.id, b.msg['resumeToken'], 0);
    assert.equal(r.reply['code'], 'resume-failed');
    await Promise.all([a.client.close(), r.client.close()]);
  });

  it('refuses a wrong token or an unknown id with resume-failed; the socket stays open and may join', async () => {
    const a = await joined(t.wsUrl, 'r', 'Alice');
    const b = await joined(t.wsUrl, 'r', 'Bob');
    b.client.ws.terminate();
    await a.client.next('peer-away');
    const wrong = await resume(t.wsUrl, b.id, `${b.msg['resumeToken']}x`, 0);
    assert.equal(wrong.reply['code'], 'resume-failed');
    assert.equal(wrong.reply['ref'], 'resume');
    assert.match(wrong.reply['message'], /token/);
    const stolen = await resume(t.wsUrl, b.id, a.msg['resumeToken'], 0);
    assert.equal(stolen.reply['code'], 'resume-failed', "another participant's token does not fit");
    const unknown = await resume(t.wsUrl, 'no-such-id', b.msg['resumeToken'], 0);
    assert.equal(unknown.reply['code'], 'resume-failed');
    assert.match(unknown.reply['message'], /unknown or expired/);
    assert.equal(unknown.client.ws.readyState, WebSocket.OPEN);
    const fresh = await unknown.client.join('r', 'Bob again');
    assert.notEqual(fresh['id'], b.id);
    const ahead = await resume(t.wsUrl, b.id, b.msg['resumeToken'], lastSeqOf(b.client) + 5);
    assert.equal(ahead.reply['code'], 'resume-failed', 'a lastSeq the server never sent');
    // The refusals did not disturb the kept seat: the right token still works.
    const ok = await resume(t.wsUrl, b.id, b.msg['resumeToken'], lastSeqOf(b.client));
    assert.equal(ok.reply['type'], 'resumed');
    const text = JSON.stringify(t.logs);
    assert.ok(!text.includes(b.msg['resumeToken']), 'tokens never logged, not even refused ones');
    await Promise.all([a.client, wrong.client, stolen.client, unknown.client, ahead.client, ok.client].map((c) => c.close()));
  });

  it('accepts resume only as the first message of a socket, with a strict schema', async () => {
    const a = await joined(t.wsUrl, 'r', 'Alice');
    const b = await joined(t.wsUrl, 'r', 'Bob');
    b.client.ws.terminate();
    await a.client.next('peer-away');
    const token = b.msg['resumeToken'];
    const c = await connect(t.wsUrl);
    await c.expectError({ type: 'signal', to: a.id, payload: {} }, 'not-joined');
    await c.expectError({ type: 'resume', id: b.id, resumeToken: token, lastSeq: 0 }, 'resume-failed');
    const d = await connect(t.wsUrl);
    await d.expectError({ type: 'resume', id: b.id, resumeToken: token, lastSeq: 0, extra: 1 }, 'invalid-message');
    const e = await connect(t.wsUrl);
    await e.expectError({ type: 'resume', id: b.id, resumeToken: token, lastSeq: -1 }, 'invalid-message');
    const f = await connect(t.wsUrl);
    await f.expectError({ type: 'resume', id: b.id, resumeToken: token, lastSeq: 1.5 }, 'invalid-message');
    // Joined sockets may not resume either.
    await a.client.expectError({ type: 'resume', id: b.id, resumeToken: token, lastSeq: 0 }, 'already-joined');
    // Client seq must be a positive safe integer.
    await a.client.expectError({ type: 'broadcast', payload: {}, seq: 0 }, 'invalid-message');
    await a.client.expectError({ type: 'signal', to: a.id, payload: {}, seq: 2 ** 53 }, 'invalid-message');
    await a.client.expectError({ type: 'broadcast', payload: {}, seq: '1' }, 'invalid-message');
    await Promise.all([a.client, c, d, e, f].map((x) => x.close()));
  });

  it('a resume while the old socket is still open takes over: the old one is closed with 4000, the others notice nothing', async () => {
    const a = await joined(t.wsUrl, 'r', 'Alice');
    const b = await joined(t.wsUrl, 'r', 'Bob');
    await a.client.next('peer-joined');
    const r = await resume(t.wsUrl, b.id, b.msg['resumeToken'], lastSeqOf(b.client));
    assert.equal(r.reply['type'], 'resumed');
    assert.equal(await b.client.closedWithin(), 4000);
    a.client.send({ type: 'signal', to: b.id, payload: { to: 'new socket' } });
    assert.deepEqual((await r.client.next('signal'))['payload'], { to: 'new socket' });
    await delay(GRACE + 200);
    assert.deepEqual(a.client.history.map((m) => m['type']), ['joined', 'peer-joined'], 'no away/back/left');
    assert.deepEqual(t.server.stats(), { rooms: 1, participants: 2, connections: 2, away: 0 });
    await Promise.all([a.client.close(), r.client.close()]);
  });

  it('a heartbeat timeout enters the grace period like any other drop; a resumed socket is not join-timed-out', async () => {
    const s = await startServer({ resumeGraceMs: 1500, pingIntervalMs: 100, joinTimeoutMs: 300 });
    try {
      const a = await joined(s.wsUrl, 'r', 'Alice');
      const silent = await connect(s.wsUrl, { autoPong: false });
      const b = await silent.join('r', 'Silent');
      await a.client.next('peer-joined');
      assert.equal((await a.client.next('peer-away', 20_000))['id'], b['id']);
      assert.equal(await silent.closedWithin(), 1006);
      const r = await resume(s.wsUrl, b['id'], b['resumeToken'], lastSeqOf(silent));
      assert.equal(r.reply['type'], 'resumed');
      await a.client.next('peer-back');
      await delay(600);
      assert.equal(r.client.ws.readyState, WebSocket.OPEN, 'join timeout disarmed by resume');
      assert.equal(a.client.history.some((m) => m['type'] === 'peer-left'), false);
      await Promise.all([a.client.close(), r.client.close()]);
    } finally {
      await s.close();
    }
  });

  it('drops the seat (peer-left) when the messages kept for an absent participant overflow the buffer', async () => {
    const s = await startServer({ resumeGraceMs: 5000, resumeBufferMessages: 8 });
    try {
      const a = await joined(s.wsUrl, 'r', 'Alice');
      const b = await joined(s.wsUrl, 'r', 'Bob');
      // While connected the buffer just rolls over: no harm.
      for (let i = 0; i < 20; i++) a.client.send({ type: 'signal', to: b.id, payload: { i } });
      for (let i = 0; i < 20; i++) await b.client.next('signal');
      b.client.ws.terminate();
      await a.client.next('peer-away');
      for (let i = 0; i < 8; i++) a.client.send({ type: 'signal', to: b.id, payload: { i } });
      assert.deepEqual(await a.client.collect('peer-left', 200), [], '8 fit');
      a.client.send({ type: 'signal', to: b.id, payload: { i: 8 } });
      const left = await a.client.next('peer-left', 20_000);
      assert.equal(left['id'], b.id);
      assert.ok(s.logs.some((e) => e['event'] === 'leave' && e['why'] === 'overflow'));
      const r = await resume(s.wsUrl, b.id, b.msg['resumeToken'], lastSeqOf(b.client));
      assert.equal(r.reply['code'], 'resume-failed');
      assert.deepEqual(s.server.stats(), { rooms: 1, participants: 1, connections: 2, away: 0 });
      await Promise.all([a.client.close(), r.client.close()]);
    } finally {
      await s.close();
    }
  });

  it('refuses a resume whose missed messages are no longer kept (and drops the seat)', async () => {
    const s = await startServer({ resumeGraceMs: 5000, resumeBufferMessages: 4 });
    try {
      const a = await joined(s.wsUrl, 'r', 'Alice');
      const b = await joined(s.wsUrl, 'r', 'Bob');
      for (let i = 0; i < 10; i++) a.client.send({ type: 'signal', to: b.id, payload: { i } });
      for (let i = 0; i < 10; i++) await b.client.next('signal');
      b.client.ws.terminate();
      await a.client.next('peer-away');
      // Claims to have seen nothing of the 11 messages: 7 of them are gone.
      const r = await resume(s.wsUrl, b.id, b.msg['resumeToken'], 0);
      assert.equal(r.reply['code'], 'resume-failed');
      assert.match(r.reply['message'], /no longer available/);
      assert.equal((await a.client.next('peer-left'))['id'], b.id);
      await Promise.all([a.client.close(), r.client.close()]);
    } finally {
      await s.close();
    }
  });

  it('a server-side kick (idle timeout) removes the seat at once: peer-left, no grace', async () => {
    const s = await startServer({ resumeGraceMs: 5000, idleTimeoutMs: 300 });
    try {
      const a = await joined(s.wsUrl, 'r', 'Alice');
      const b = await joined(s.wsUrl, 'r', 'Bob');
      const keepAlive = setInterval(() => a.client.send({ type: 'broadcast', payload: {} }), 100);
      try {
        assert.equal((await a.client.next('peer-left', 20_000))['id'], b.id);
      } finally {
        clearInterval(keepAlive);
      }
      assert.equal(a.client.history.some((m) => m['type'] === 'peer-away'), false);
      const r = await resume(s.wsUrl, b.id, b.msg['resumeToken'], 0);
      assert.equal(r.reply['code'], 'resume-failed');
      await Promise.all([a.client.close(), r.client.close()]);
    } finally {
      await s.close();
    }
  });

  it('resumeGraceMs 0: no resumeToken, no seq, an immediate peer-left, and resume-failed', async () => {
    const s = await startServer({ resumeGraceMs: 0 });
    try {
      const a = await joined(s.wsUrl, 'r', 'Alice');
      const b = await joined(s.wsUrl, 'r', 'Bob');
      assert.deepEqual(Object.keys(b.msg).sort(), ['id', 'peers', 'protocol', 'role', 'room', 'type']);
      assert.deepEqual(await a.client.next('peer-joined'), {
        type: 'peer-joined',
        peer: { id: b.id, name: 'Bob', role: 'publisher' },
      });
      b.client.ws.terminate();
      assert.deepEqual(await a.client.next('peer-left'), { type: 'peer-left', id: b.id });
      assert.equal(a.client.history.some((m) => m['type'] === 'peer-away'), false);
      const r = await resume(s.wsUrl, b.id, 'whatever-token', 0);
      assert.equal(r.reply['code'], 'resume-failed');
      await Promise.all([a.client.close(), r.client.close()]);
    } finally {
      await s.close();
    }
  });

  it('server shutdown does not keep seats', async () => {
    const s = await startServer({ resumeGraceMs: 5000 });
    const a = await joined(s.wsUrl, 'r', 'Alice');
    await s.close();
    assert.equal(await a.client.closedWithin(), 1001);
    assert.deepEqual(s.server.stats(), { rooms: 0, participants: 0, connections: 0, away: 0 });
  });
});
