import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { joined, type TestServer, startServer, SUITE } from './helpers.js';

describe('relay', SUITE, () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startServer();
  });
  afterEach(() => t.close());

  async function room3() {
    const a = await joined(t.wsUrl, 'r', 'Alice');
    const b = await joined(t.wsUrl, 'r', 'Bob');
    const c = await joined(t.wsUrl, 'r', 'Carol');
    const outsider = await joined(t.wsUrl, 'other', 'Olga');
    const all = [a, b, c, outsider];
    return { a, b, c, outsider, closeAll: () => Promise.all(all.map((p) => p.client.close())) };
  }

  it('delivers signal only to the addressed peer, stamped with the sender id', async () => {
    const { a, b, c, outsider, closeAll } = await room3();
    const payload = { kind: 'description', sdp: 'v=0\r\n', nested: { list: [1, 'two', null] } };
    a.client.send({ type: 'signal', to: b.id, payload });
    assert.deepEqual(await b.client.next('signal'), { type: 'signal', from: a.id, payload });
    assert.deepEqual(await c.client.collect('signal', 150), [], 'Carol gets nothing');
    assert.deepEqual(await a.client.collect('signal', 0), [], 'no echo to the sender');
    assert.deepEqual(await outsider.client.collect('signal', 0), []);
    await closeAll();
  });

  it('delivers broadcast to every other peer in the room but not the sender', async () => {
    const { a, b, c, outsider, closeAll } = await room3();
    b.client.send({ type: 'broadcast', payload: { hello: 'all' } });
    assert.deepEqual(await a.client.next('signal'), { type: 'signal', from: b.id, payload: { hello: 'all' } });
    assert.deepEqual(await c.client.next('signal'), { type: 'signal', from: b.id, payload: { hello: 'all' } });
    assert.deepEqual(await b.client.collect('signal', 150), [], 'no echo to the sender');
    assert.deepEqual(await outsider.client.collect('signal', 0), [], 'other rooms get nothing');
    await closeAll();
  });

  it('keeps the order of messages from one sender to one recipient', async () => {
    const { a, b, closeAll } = await room3();
    for (let i = 0; i < 100; i++) {
      if (i % 2 === 0) a.client.send({ type: 'signal', to: b.id, payload: { i } });
      else a.client.send({ type: 'broadcast', payload: { i } });
    }
    const got: number[] = [];
    for (let i = 0; i < 100; i++) got.push((await b.client.next('signal'))['payload'].i as number);
    assert.deepEqual(got, Array.from({ length: 100 }, (_, i) => i));
    await closeAll();
  });

  it('rejects a client-supplied `from` (strict schema) and relays nothing', async () => {
    const { a, b, c, closeAll } = await room3();
    const err = await a.client.expectError({ type: 'signal', to: b.id, from: c.id, payload: { x: 1 } }, 'invalid-message');
    assert.match(err['message'], /from/);
    const err2 = await a.client.expectError({ type: 'broadcast', from: c.id, payload: { x: 1 } }, 'invalid-message');
    assert.match(err2['message'], /from/);
    assert.deepEqual(await b.client.collect('signal', 150), []);
    assert.deepEqual(await c.client.collect('signal', 0), []);
    // A `from` inside the payload is opaque data: it is relayed, but the envelope's `from` is the real sender.
    a.client.send({ type: 'signal', to: b.id, payload: { from: c.id } });
    const relayed = await b.client.next('signal');
    assert.equal(relayed['from'], a.id);
    assert.deepEqual(relayed['payload'], { from: c.id });
    await closeAll();
  });

  it('answers unknown-peer for a peer in another room, an unknown id, or oneself', async () => {
    const { a, b, outsider, closeAll } = await room3();
    for (const to of [outsider.id, 'no-such-peer', a.id]) {
      const err = await a.client.expectError({ type: 'signal', to, payload: {} }, 'unknown-peer');
      assert.equal(err['ref'], 'signal');
    }
    assert.deepEqual(await outsider.client.collect('signal', 100), []);
    // The socket still works afterwards.
    a.client.send({ type: 'signal', to: b.id, payload: { ok: true } });
    assert.equal((await b.client.next('signal'))['from'], a.id);
    await closeAll();
  });

  it('stops relaying to a peer after it left', async () => {
    const { a, b, closeAll } = await room3();
    b.client.send({ type: 'leave' });
    await a.client.next('peer-left');
    await a.client.expectError({ type: 'signal', to: b.id, payload: {} }, 'unknown-peer');
    a.client.send({ type: 'broadcast', payload: { after: 'leave' } });
    assert.deepEqual(await b.client.collect('signal', 150), []);
    await closeAll();
  });
});
