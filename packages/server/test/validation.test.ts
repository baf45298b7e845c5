import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { connect, joined, type TestServer, startServer, SUITE, waitFor } from './helpers.js';

describe('bad input', SUITE, () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startServer({ maxMessageBytes: 4096 });
  });
  afterEach(() => t.close());

  it('answers invalid-json for malformed JSON and keeps the socket open', async () => {
    const a = await connect(t.wsUrl);
    for (const text of ['{', 'not json', '{"type":"join",}', '']) {
      const err = await a.expectError(text, 'invalid-json');
      assert.equal(typeof err['message'], 'string');
    }
    assert.equal(a.ws.readyState, WebSocket.OPEN);
    await a.join('r', 'Alice'); // still usable
    await a.close();
  });

  it('answers invalid-message for unknown types and non-object messages', async () => {
    const a = await connect(t.wsUrl);
    const unknown = await a.expectError({ type: 'hello' }, 'invalid-message');
    assert.match(unknown['message'], /type/);
    assert.equal(unknown['ref'], 'hello');
    for (const value of [42, '"join"', [], null, { room: 'r', name: 'n' }, { type: 7 }]) {
      await a.expectError(typeof value === 'string' ? value : JSON.stringify(value), 'invalid-message');
    }
    await a.close();
  });

  it('answers invalid-message for wrong shapes, naming the offending field', async () => {
    const a = await joined(t.wsUrl, 'r', 'Alice');
    const b = await joined(t.wsUrl, 'r', 'Bob');
    const fresh = await connect(t.wsUrl);
    const cases: Array<[TestClientLike, unknown, RegExp]> = [
      [fresh, { type: 'join', name: 'x' }, /room/],
      [fresh, { type: 'join', room: '', name: 'x' }, /room/],
      [fresh, { type: 'join', room: 'r'.repeat(129), name: 'x' }, /room/],
      [fresh, { type: 'join', room: 'r', name: 'n'.repeat(65) }, /name/],
      [fresh, { type: 'join', room: 'r', name: '' }, /name/],
      [fresh, { type: 'join', room: 5, name: 'x' }, /room/],
      [fresh, { type: 'join', room: 'r', name: 'x', admin: true }, /admin/],
      [a.client, { type: 'signal', to: b.id, payload: 'text' }, /payload/],
      [a.client, { type: 'signal', to: b.id, payload: [1, 2] }, /payload/],
      [a.client, { type: 'signal', to: b.id, payload: null }, /payload/],
      [a.client, { type: 'signal', to: b.id }, /payload/],
      [a.client, { type: 'signal', payload: {} }, /to/],
      [a.client, { type: 'broadcast', payload: 3 }, /payload/],
      [a.client, { type: 'leave', now: true }, /now/],
    ];
    for (const [client, message, pattern] of cases) {
      const err = await client.expectError(message, 'invalid-message');
      assert.match(err['message'], pattern, JSON.stringify(message));
      assert.ok(err['message'].length <= 200, 'error text is short');
    }
    // Boundaries are accepted.
    const edge = await fresh.join('r'.repeat(128), 'n'.repeat(64));
    assert.equal(edge['room'], 'r'.repeat(128));
    assert.deepEqual(await b.client.collect('signal', 100), [], 'nothing invalid was relayed');
    await Promise.all([a.client.close(), b.client.close(), fresh.close()]);
  });

  it('answers invalid-message for binary frames', async () => {
    const a = await joined(t.wsUrl, 'r', 'Alice');
    const b = await joined(t.wsUrl, 'r', 'Bob');
    const err = await a.client.expectError(Buffer.from(JSON.stringify({ type: 'broadcast', payload: {} })), 'invalid-message');
    assert.match(err['message'], /binary/);
    assert.deepEqual(await b.client.collect('signal', 100), []);
    await Promise.all([a.client.close(), b.client.close()]);
  });

  it('answers not-joined for signal, broadcast and leave before join', async () => {
    const a = await connect(t.wsUrl);
    assert.equal((await a.expectError({ type: 'signal', to: 'x', payload: {} }, 'not-joined'))['ref'], 'signal');
    assert.equal((await a.expectError({ type: 'broadcast', payload: {} }, 'not-joined'))['ref'], 'broadcast');
    assert.equal((await a.expectError({ type: 'leave' }, 'not-joined'))['ref'], 'leave');
    await a.join('r', 'Alice');
    a.send({ type: 'leave' });
    await a.expectError({ type: 'broadcast', payload: {} }, 'not-joined'); // not joined again after leave
    await a.close();
  });

  it('answers already-joined for a second join and keeps the first membership', async () => {
    const a = await joined(t.wsUrl, 'r', 'Alice');
    await a.client.expectError({ type: 'join', room: 'elsewhere', name: 'Alice' }, 'already-joined');
    assert.deepEqual(t.server.stats(), { rooms: 1, participants: 1, connections: 1, away: 0 });
    const b = await joined(t.wsUrl, 'r', 'Bob');
    assert.deepEqual(b.msg['peers'], [{ id: a.id, name: 'Alice', role: 'publisher' }]);
    await Promise.all([a.client.close(), b.client.close()]);
  });

  it('closes an oversized message with 1009 while the room keeps working', async () => {
    const big = await joined(t.wsUrl, 'r', 'Big');
    const a = await joined(t.wsUrl, 'r', 'Alice');
    const b = await joined(t.wsUrl, 'r', 'Bob');
    // Exactly at the limit is fine …
    const base = JSON.stringify({ type: 'broadcast', payload: { s: '' } });
    big.client.send(JSON.stringify({ type: 'broadcast', payload: { s: 'x'.repeat(4096 - base.length) } }));
    assert.equal((await a.client.next('signal'))['from'], big.id);
    assert.equal((await b.client.next('signal'))['from'], big.id);
    // … one byte more closes the socket with 1009 (Message Too Big).
    big.client.send(JSON.stringify({ type: 'broadcast', payload: { s: 'x'.repeat(4097 - base.length) } }));
    assert.equal(await big.client.closedWithin(), 1009);
    assert.deepEqual(await a.client.next('peer-left'), { type: 'peer-left', id: big.id });
    assert.deepEqual(await b.client.next('peer-left'), { type: 'peer-left', id: big.id });
    // The others never saw the oversized payload and still talk to each other.
    assert.deepEqual(await a.client.collect('signal', 0), []);
    a.client.send({ type: 'signal', to: b.id, payload: { still: 'here' } });
    assert.deepEqual(await b.client.next('signal'), { type: 'signal', from: a.id, payload: { still: 'here' } });
    await Promise.all([a.client.close(), b.client.close()]);
  });

  it('survives a flood of garbage; a client in another room is unaffected', async () => {
    const a = await joined(t.wsUrl, 'calm', 'Alice');
    const b = await joined(t.wsUrl, 'calm', 'Bob');
    const noisy = await joined(t.wsUrl, 'noisy', 'Mallory');
    const garbage = (i: number): string | Buffer => {
      switch (i % 8) {
        case 0: return `{${'x'.repeat(i)}`;
        case 1: return JSON.stringify({ type: `t${i}` });
        case 2: return JSON.stringify({ type: 'signal', to: b.id, payload: i });
        case 3: return JSON.stringify({ type: 'join', room: i, name: {} });
        case 4: return Buffer.from([i & 0xff, 0, 1, 2]);
        case 5: return JSON.stringify([i]);
        case 6: return JSON.stringify({ type: 'signal', to: `nobody-${i}`, payload: {} });
        default: return JSON.stringify({ type: 'broadcast', payload: {}, from: a.id });
      }
    };
    for (let i = 0; i < 200; i++) noisy.client.send(garbage(i));
    for (let i = 0; i < 200; i++) await noisy.client.next('error', 20_000);
    assert.equal(noisy.client.ws.readyState, WebSocket.OPEN);
    a.client.send({ type: 'signal', to: b.id, payload: { n: 1 } });
    assert.deepEqual(await b.client.next('signal'), { type: 'signal', from: a.id, payload: { n: 1 } });
    assert.deepEqual(b.client.history.map((m) => m['type']), ['joined', 'signal'], 'calm room saw nothing else');
    const health = await fetch(`${t.url}/healthz`);
    assert.equal(health.status, 200);
    await Promise.all([a.client.close(), b.client.close(), noisy.client.close()]);
  });

  it('refuses deeply nested JSON before parsing it, and keeps serving', async () => {
    // JSON.parse accepts very deep nesting but JSON.stringify would overflow the stack while relaying it.
    const s = await startServer({ maxMessageBytes: 65536 });
    try {
      const a = await joined(s.wsUrl, 'r', 'Alice');
      const b = await joined(s.wsUrl, 'r', 'Bob');
      const depth = 32_000;
      a.client.send(`{"type":"broadcast","payload":{"deep":${'['.repeat(depth)}${']'.repeat(depth)}}}`);
      const err = await a.client.next('error');
      assert.equal(err['code'], 'invalid-message');
      assert.match(err['message'], /nested too deeply/);
      assert.ok(s.logs.some((e) => e.event === 'refusal' && e['reason'] === 'too-deep'), 'logged');
      // Brackets inside strings do not count; 32 levels are fine.
      const ok = { type: 'broadcast', payload: { s: '[[[[{{{{'.repeat(100), n: JSON.parse(`${'['.repeat(30)}${']'.repeat(30)}`) } };
      a.client.send(ok);
      assert.deepEqual(await b.client.next('signal'), { type: 'signal', from: a.id, payload: ok.payload });
      a.client.send({ type: 'broadcast', payload: { fine: true } });
      assert.deepEqual(await b.client.next('signal'), { type: 'signal', from: a.id, payload: { fine: true } });
      await Promise.all([a.client.close(), b.client.close()]);
    } finally {
      await s.close();
    }
  });

  it('answers internal for an unexpected exception and keeps serving', async () => {
    const { Connection } = await import('../src/connection.js');
    const { MemoryStore } = await import('../src/sessions/store.js');
    const { Sessions } = await import('../src/sessions/sessions.js');
    const { ResumeTokens } = await import('../src/resume-token.js');
    const { SendBudget } = await import('../src/limits/send-budget.js');
    const { Moderation } = await import('../src/moderation/moderation.js');
    const sent: string[] = [];
    const logs: Array<Record<string, unknown>> = [];
    const socket = { readyState: WebSocket.OPEN, bufferedAmount: 0, send: (d: string) => sent.push(d), close() {}, terminate() {} };
    const registry = new MemoryStore(4);
    let broken = true;
    const join = registry.join.bind(registry);
    registry.join = (...args) => {
      if (broken) throw new Error('boom');
      return join(...args);
    };
    const log = (e: Record<string, unknown>): void => void logs.push(e);
    const sessions = new Sessions({
      store: registry,
      maxParticipantsPerRoom: 4,
      iceServers: [],
      turn: undefined,
      resume: { graceMs: 0, maxMessages: 512, maxBytes: 1 << 20 },
      resumeTokens: new ResumeTokens(undefined),
      log,
    });
    const connection = new Connection(socket as unknown as WebSocket, '127.0.0.1:1', {
      sessions,
      verifyToken: undefined,
      rateLimit: { messagesPerSecond: 50, burst: 200, maxViolations: 600 },
      joinTimeoutMs: 0,
      idleTimeoutMs: 0,
      sendBudget: new SendBudget(1 << 24, 1 << 26, () => {}),
      moderation: new Moderation(registry, log),
      shuttingDown: () => false,
      draining: () => false,
      log,
    });
    connection.receive(Buffer.from(JSON.stringify({ type: 'join', room: 'r', name: 'A' })), false);
    await waitFor(() => sent.length >= 1, 20_000, 'the error reply'); // a join settles asynchronously
    assert.deepEqual(JSON.parse(sent[0] ?? '{}'), { type: 'error', code: 'internal', message: 'internal server error' });
    assert.ok(logs.some((e) => e['event'] === 'internal-error' && /boom/.test(String(e['error']))));
    broken = false;
    connection.receive(Buffer.from(JSON.stringify({ type: 'join', room: 'r', name: 'A' })), false);
    await waitFor(() => sent.length >= 2, 20_000, 'joined');
    assert.equal(JSON.parse(sent[1] ?? '{}').type, 'joined');
    connection.closed(1000);
    assert.equal(registry.participantCount, 0);
  });

  it('logs refusals with code and remote address but never payloads or names', async () => {
    const secret = 'SECRET-PAYLOAD-6f1c';
    const a = await joined(t.wsUrl, 'r', `name-${secret}`);
    const b = await joined(t.wsUrl, 'r', 'Bob');
    a.client.send({ type: 'signal', to: b.id, payload: { sdp: secret } });
    await b.client.next('signal');
    await a.client.expectError({ type: 'signal', to: b.id, payload: secret }, 'invalid-message');
    await a.client.expectError(`{"${secret}"`, 'invalid-json');
    await a.client.expectError({ type: secret }, 'invalid-message');
    await a.client.expectError({ type: 'broadcast', payload: {}, [secret]: 1 }, 'invalid-message');
    await Promise.all([a.client.close(), b.client.close()]);
    const text = JSON.stringify(t.logs);
    assert.ok(!text.includes(secret), text);
    const refusal = t.logs.find((e) => e.event === 'refusal' && e['code'] === 'invalid-json');
    assert.ok(refusal, 'refusal logged');
    assert.match(String(refusal['remote']), /^127\.0\.0\.1:\d+$/);
    assert.ok(t.logs.some((e) => e.event === 'join' && e['nameLength'] === `name-${secret}`.length));
  });
});

type TestClientLike = { expectError(data: unknown, code: string): Promise<Record<string, any>> };
