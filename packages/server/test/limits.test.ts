import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { connect, delay, joined, startServer, SUITE } from './helpers.js';

describe('limits', SUITE, () => {
  it('refuses a third participant with room-full when maxParticipantsPerRoom is 2; the socket stays usable', async () => {
    const t = await startServer({ maxParticipantsPerRoom: 2 });
    try {
      const a = await joined(t.wsUrl, 'r', 'Alice');
      const b = await joined(t.wsUrl, 'r', 'Bob');
      assert.equal((await a.client.next('peer-joined'))['peer'].id, b.id);
      const c = await connect(t.wsUrl);
      const err = await c.expectError({ type: 'join', room: 'r', name: 'Carol' }, 'room-full');
      assert.equal(err['ref'], 'join');
      assert.match(err['message'], /full/);
      assert.equal(c.ws.readyState, WebSocket.OPEN);
      assert.deepEqual(await a.client.collect('peer-joined', 100), [], 'nobody was told about Carol');
      assert.deepEqual(t.server.stats(), { rooms: 1, participants: 2, connections: 3, away: 0 });
      // Another room works from the same socket …
      const other = await c.join('r2', 'Carol');
      assert.deepEqual(other['peers'], []);
      c.send({ type: 'leave' });
      // … and once someone leaves, the full room has space again.
      await b.client.close();
      await a.client.next('peer-left');
      const retry = await c.join('r', 'Carol');
      assert.deepEqual(retry['peers'], [{ id: a.id, name: 'Alice', role: 'publisher' }]);
      await Promise.all([a.client.close(), c.close()]);
    } finally {
      await t.close();
    }
  });

  it('terminates a client that stops answering pings and tells its peers', async () => {
    const t = await startServer({ pingIntervalMs: 100 });
    try {
      const a = await joined(t.wsUrl, 'r', 'Alice');
      const silent = await connect(t.wsUrl, { autoPong: false });
      const s = await silent.join('r', 'Silent');
      await a.client.next('peer-joined');
      // Removed by the heartbeat (1006 and the log below say so), however long a busy machine takes to get there.
      const left = await a.client.next('peer-left');
      assert.deepEqual(left, { type: 'peer-left', id: s['id'] });
      assert.equal(await silent.closedWithin(), 1006, 'terminated, not closed politely');
      assert.ok(t.logs.some((e) => e.event === 'heartbeat-timeout'));
      // A client that does answer pings survives many periods.
      await delay(500);
      assert.equal(a.client.ws.readyState, WebSocket.OPEN);
      assert.deepEqual(t.server.stats(), { rooms: 1, participants: 1, connections: 1, away: 0 });
      await a.client.close();
    } finally {
      await t.close();
    }
  });

  it('rejects invalid option values', async () => {
    const { createServer } = await import('../src/index.js');
    assert.throws(() => createServer({ maxParticipantsPerRoom: 0 }), TypeError);
    assert.throws(() => createServer({ maxMessageBytes: 1.5 }), TypeError);
    assert.throws(() => createServer({ port: 70_000 }), TypeError);
    assert.throws(() => createServer({ staticMounts: { 'no-slash/': '.' } }), TypeError);
    assert.throws(() => createServer({ resumeGraceMs: -1 }), TypeError);
    assert.throws(() => createServer({ resumeBufferMessages: 0 }), TypeError);
  });

  it('close() disconnects clients with 1001 and frees the port', async () => {
    const t = await startServer();
    const a = await joined(t.wsUrl, 'r', 'Alice');
    const port = t.server.port;
    assert.equal(typeof port, 'number');
    await t.close();
    assert.equal(await a.client.closedWithin(), 1001);
    assert.equal(t.server.port, undefined);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
    await t.close(); // idempotent
  });
});
