import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connect, delay, joined, startServer, SUITE } from './helpers.js';

describe('ping / pong', SUITE, () => {
  it('answers a ping before join, with and without an id, and the socket still joins afterwards', async () => {
    const t = await startServer();
    try {
      const c = await connect(t.wsUrl);
      c.send({ type: 'ping' });
      assert.deepEqual(await c.next('pong'), { type: 'pong' });
      c.send({ type: 'ping', id: 'preflight-1' });
      assert.deepEqual(await c.next('pong'), { type: 'pong', id: 'preflight-1' });
      c.send({ type: 'join', room: 'r', name: 'Ann' });
      await c.next('joined');
      await c.close();
    } finally {
      await t.close();
    }
  });

  it('answers a ping while joined and tells nobody else', async () => {
    const t = await startServer();
    try {
      const a = await joined(t.wsUrl, 'r', 'Ann');
      const b = await joined(t.wsUrl, 'r', 'Bob');
      await a.client.next('peer-joined');
      b.client.send({ type: 'ping', id: 'x' });
      assert.deepEqual(await b.client.next('pong'), { type: 'pong', id: 'x' });
      await delay(100);
      assert.equal(a.client.history.filter((m) => m['type'] !== 'joined' && m['type'] !== 'peer-joined').length, 0);
      await Promise.all([a.client.close(), b.client.close()]);
    } finally {
      await t.close();
    }
  });

  it('refuses malformed pings with invalid-message (extra key, empty or over-long id)', async () => {
    const t = await startServer();
    try {
      const c = await connect(t.wsUrl);
      for (const bad of [{ type: 'ping', from: 'x' }, { type: 'ping', id: '' }, { type: 'ping', id: 'x'.repeat(65) }, { type: 'ping', id: 7 }]) {
        c.send(bad);
        const error = await c.next('error');
        assert.equal(error['code'], 'invalid-message', JSON.stringify(bad));
        assert.equal(error['ref'], 'ping');
      }
      assert.equal(c.history.some((m) => m['type'] === 'pong'), false);
      await c.close();
    } finally {
      await t.close();
    }
  });

  it('does not keep an unjoined socket past the join timeout', async () => {
    const t = await startServer({ joinTimeoutMs: 300 });
    try {
      const c = await connect(t.wsUrl);
      const pinging = setInterval(() => c.send({ type: 'ping' }), 50);
      try {
        assert.equal(await c.closedWithin(20_000), 1008);
      } finally {
        clearInterval(pinging);
      }
      assert.equal(c.history.find((m) => m['type'] === 'error')?.['code'], 'join-timeout');
    } finally {
      await t.close();
    }
  });
});
