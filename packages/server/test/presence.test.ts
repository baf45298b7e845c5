import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { connect, joined, waitFor, type TestServer, startServer, SUITE } from './helpers.js';

describe('presence', SUITE, () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startServer();
  });
  afterEach(() => t.close());

  it('answers join with a random id, the room name and no peers in a new room', async () => {
    const a = await connect(t.wsUrl);
    const msg = await a.join('room-1', 'Alice');
    assert.equal(msg['type'], 'joined');
    assert.equal(msg['room'], 'room-1');
    assert.deepEqual(msg['peers'], []);
    assert.match(msg['id'], /^[0-9a-f-]{36}$/);
    assert.equal('iceServers' in msg, false, 'iceServers omitted when not configured');
    await a.close();
  });

  it('lists the peers already there in join order, and gives each join a distinct id', async () => {
    const a = await joined(t.wsUrl, 'r', 'Alice');
    const b = await joined(t.wsUrl, 'r', 'Bob');
    const c = await joined(t.wsUrl, 'r', 'Carol');
    assert.deepEqual(c.msg['peers'], [
      { id: a.id, name: 'Alice', role: 'publisher' },
      { id: b.id, name: 'Bob', role: 'publisher' },
    ]);
    assert.equal(new Set([a.id, b.id, c.id]).size, 3);
    await Promise.all([a.client.close(), b.client.close(), c.client.close()]);
  });

  it('tells the others with peer-joined, sent before the newcomer gets joined', async () => {
    const a = await joined(t.wsUrl, 'r', 'Alice');
    // Record the order in which the server hands frames to sockets (server and test share one `ws`).
    const sent: string[] = [];
    const original = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
      if (typeof data === 'string') sent.push((JSON.parse(data) as { type: string }).type);
      return (original as (...args: unknown[]) => void).call(this, data, ...rest);
    } as typeof original;
    let b;
    try {
      b = await joined(t.wsUrl, 'r', 'Bob');
    } finally {
      WebSocket.prototype.send = original;
    }
    const peerJoined = await a.client.next('peer-joined');
    assert.deepEqual(peerJoined['peer'], { id: b.id, name: 'Bob', role: 'publisher' });
    const serverFrames = sent.filter((type) => type === 'peer-joined' || type === 'joined');
    assert.deepEqual(serverFrames, ['peer-joined', 'joined']);
    await Promise.all([a.client.close(), b.client.close()]);
  });

  it('sends peer-left to the others on leave, and the socket can join again with a new id', async () => {
    const a = await joined(t.wsUrl, 'r', 'Alice');
    const b = await joined(t.wsUrl, 'r', 'Bob');
    assert.equal((await a.client.next('peer-joined'))['peer'].id, b.id);
    b.client.send({ type: 'leave' });
    const left = await a.client.next('peer-left');
    assert.deepEqual(left, { type: 'peer-left', id: b.id });
    assert.equal(b.client.ws.readyState, WebSocket.OPEN, 'leave keeps the socket open');

    const again = await b.client.join('r', 'Bob again');
    assert.notEqual(again['id'], b.id);
    assert.deepEqual(again['peers'], [{ id: a.id, name: 'Alice', role: 'publisher' }]);
    const rejoined = await a.client.next('peer-joined');
    assert.equal(rejoined['peer'].id, again['id']);
    await Promise.all([a.client.close(), b.client.close()]);
  });

  it('sends peer-left to the others when a socket closes', async () => {
    const a = await joined(t.wsUrl, 'r', 'Alice');
    const b = await joined(t.wsUrl, 'r', 'Bob');
    const c = await joined(t.wsUrl, 'r', 'Carol');
    b.client.ws.terminate();
    assert.deepEqual(await a.client.next('peer-left'), { type: 'peer-left', id: b.id });
    assert.deepEqual(await c.client.next('peer-left'), { type: 'peer-left', id: b.id });
    await Promise.all([a.client.close(), c.client.close()]);
  });

  it('does not tell people in other rooms', async () => {
    const a = await joined(t.wsUrl, 'r1', 'Alice');
    const b = await joined(t.wsUrl, 'r2', 'Bob');
    const c = await joined(t.wsUrl, 'r1', 'Carol');
    await a.client.next('peer-joined');
    await c.client.close();
    await a.client.next('peer-left');
    assert.deepEqual(b.client.history.map((m) => m['type']), ['joined']);
    await Promise.all([a.client.close(), b.client.close()]);
  });

  it('removes rooms when they become empty (stats and /healthz)', async () => {
    const a = await joined(t.wsUrl, 'r1', 'Alice');
    const b = await joined(t.wsUrl, 'r1', 'Bob');
    const c = await joined(t.wsUrl, 'r2', 'Carol');
    assert.deepEqual(t.server.stats(), { rooms: 2, participants: 3, connections: 3, away: 0 });
    const health = (await (await fetch(`${t.url}/healthz`)).json()) as Record<string, unknown>;
    assert.deepEqual(health, { ok: true, rooms: 2, participants: 3, connections: 3, away: 0 });

    c.client.send({ type: 'leave' });
    await waitFor(() => t.server.stats().rooms === 1, 20_000, 'r2 removed after leave');
    assert.equal(t.server.stats().connections, 3, 'leaving does not close the socket');
    await a.client.close();
    await b.client.close();
    await waitFor(() => t.server.stats().rooms === 0, 20_000, 'r1 removed after both closed');
    assert.equal(t.server.stats().participants, 0);
    await c.client.close();
    await waitFor(() => t.server.stats().connections === 0, 20_000, 'connections drop to 0');
  });

  it('hands configured iceServers to clients in joined', async () => {
    const iceServers = [{ urls: 'stun:stun.example.org' }, { urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'p' }];
    const s = await startServer({ iceServers });
    try {
      const a = await connect(s.wsUrl);
      const msg = await a.join('r', 'Alice');
      assert.deepEqual(msg['iceServers'], iceServers);
      await a.close();
    } finally {
      await s.close();
    }
  });
});
