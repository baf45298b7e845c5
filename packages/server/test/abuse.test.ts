import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { parseCliArgs } from '../src/args.js';
import { createServer } from '../src/index.js';
import { TokenBucket } from '../src/ratelimit.js';
import { connect, delay, joined, startServer, SUITE, waitFor, type Msg } from './helpers.js';

const signalsFrom = (history: Msg[], id: string): Msg[] => history.filter((m) => m['type'] === 'signal' && m['from'] === id);

describe('rate limit', SUITE, () => {
  it('drops a flood beyond the burst with rate-limited, then closes the flooder with 1008; the others lose nothing', async () => {
    // 0.1 message/s: a refill needs 10 s, so how many of the flood pass the burst does not depend on how fast the
    // server reads it (at 20/s a slow machine let a token through every 50 ms of the flood).
    const t = await startServer({ rateLimit: { messagesPerSecond: 0.1, burst: 25, maxViolations: 30 } });
    try {
      const a = await joined(t.wsUrl, 'r', 'Alice');
      const b = await joined(t.wsUrl, 'r', 'Bob');
      const f = await joined(t.wsUrl, 'r', 'Flood');
      // Alice talks to Bob at a steady pace within the limit while Flood floods the room.
      const steady = (async () => {
        for (let n = 0; n < 20; n++) {
          a.client.send({ type: 'signal', to: b.id, payload: { n } });
          await delay(30);
        }
      })();
      for (let i = 0; i < 100; i++) f.client.send({ type: 'broadcast', payload: { i } });
      assert.equal(await f.client.closedWithin(20_000), 1008);
      await steady;
      const errors = f.client.history.filter((m) => m['type'] === 'error');
      assert.equal(errors.length, 31, '30 drops answered, then the closing refusal');
      assert.ok(errors.every((e) => e['code'] === 'rate-limited'), JSON.stringify(errors.slice(0, 2)));
      assert.match(String(errors.at(-1)?.['message']), /closing/);
      assert.deepEqual(await b.client.next('peer-left'), { type: 'peer-left', id: f.id });
      await b.client.collect('signal', 100);
      assert.deepEqual(signalsFrom(b.client.history, a.id).map((m) => m['payload'].n), [...Array(20).keys()], "all of Alice's, in order");
      // The bucket held 25 tokens; join took one. (A token refilled during a flood that took 10 s would let one more.)
      const flooded = signalsFrom(b.client.history, f.id).map((m) => m['payload'].i as number);
      assert.ok(flooded.length >= 24 && flooded.length <= 25, `the burst went through (${flooded.length})`);
      assert.deepEqual(flooded.slice(0, 24), [...Array(24).keys()]);
      assert.equal(t.logs.filter((e) => e.event === 'refusal' && e['code'] === 'rate-limited').length, 2, 'first drop and close logged');
      assert.deepEqual(t.server.stats(), { rooms: 1, participants: 2, connections: 2, away: 0 });
      await Promise.all([a.client.close(), b.client.close()]);
    } finally {
      await t.close();
    }
  });

  it('a client that exceeds the burst once and calms down is not closed', async () => {
    const t = await startServer({ rateLimit: { messagesPerSecond: 100, burst: 10, maxViolations: 20 } });
    try {
      const a = await joined(t.wsUrl, 'r', 'Alice');
      const b = await joined(t.wsUrl, 'r', 'Bob');
      // Each round exceeds the burst (25 at once against 10): the client hears `rate-limited` in every round. How
      // many of the 25 are limited depends on how fast the server reads them (it refills at 100/s), so the test
      // waits for each round's first one instead of counting them (a count failed on a loaded machine).
      const limited = () => a.client.history.filter((m) => m['code'] === 'rate-limited').length;
      for (let round = 0; round < 3; round++) {
        const before = limited();
        for (let i = 0; i < 25; i++) a.client.send({ type: 'broadcast', payload: { round, i } });
        await waitFor(() => limited() > before, 10_000, `round ${round}'s rate-limited reply`);
        await delay(200); // refills completely: the violation count starts over
      }
      assert.equal(a.client.ws.readyState, WebSocket.OPEN);
      a.client.send({ type: 'broadcast', payload: { last: true } });
      await b.client.collect('signal', 100);
      assert.deepEqual(signalsFrom(b.client.history, a.id).at(-1)?.['payload'], { last: true });
      await Promise.all([a.client.close(), b.client.close()]);
    } finally {
      await t.close();
    }
  });

  it('TokenBucket refills at the configured rate and restarts the violation count once full', () => {
    let now = 0;
    const bucket = new TokenBucket({ messagesPerSecond: 10, burst: 5, maxViolations: 2 }, () => now);
    for (let i = 0; i < 5; i++) assert.equal(bucket.take(), 'ok');
    assert.equal(bucket.take(), 'dropped');
    assert.equal(bucket.take(), 'dropped');
    assert.equal(bucket.take(), 'close');
    now += 100; // one token
    assert.equal(bucket.take(), 'ok');
    assert.equal(bucket.take(), 'close', 'still the same episode');
    now += 1000; // full again
    assert.equal(bucket.take(), 'ok');
    assert.equal(bucket.violations, 0);
  });

  it('the defaults let a realistic signaling burst through (16-peer mesh join: ~190 messages at once)', async () => {
    const t = await startServer();
    try {
      const a = await joined(t.wsUrl, 'r', 'Alice');
      const b = await joined(t.wsUrl, 'r', 'Bob');
      for (let i = 0; i < 190; i++) a.client.send({ type: 'signal', to: b.id, payload: { t: 'ice', i } });
      for (let i = 0; i < 190; i++) assert.equal((await b.client.next('signal'))['payload'].i, i);
      assert.deepEqual(a.client.history.filter((m) => m['type'] === 'error'), []);
      await Promise.all([a.client.close(), b.client.close()]);
    } finally {
      await t.close();
    }
  });
});

describe('capacity limits', SUITE, () => {
  it('maxRooms: a join that would create one room too many gets server-full; existing rooms still accept', async () => {
    const t = await startServer({ maxRooms: 2 });
    try {
      const a = await joined(t.wsUrl, 'r1', 'A');
      const b = await joined(t.wsUrl, 'r2', 'B');
      const c = await connect(t.wsUrl);
      const err = await c.expectError({ type: 'join', room: 'r3', name: 'C' }, 'server-full');
      assert.equal(err['ref'], 'join');
      assert.equal(c.ws.readyState, WebSocket.OPEN);
      assert.equal((await c.join('r1', 'C'))['peers'].length, 1);
      c.send({ type: 'leave' });
      await b.client.close();
      await delay(50);
      assert.equal((await c.join('r3', 'C'))['room'], 'r3', 'room freed');
      await Promise.all([a.client.close(), c.close()]);
    } finally {
      await t.close();
    }
  });

  it('maxConnectionsPerIp: the next socket gets too-many-connections and 1013; the others are untouched', async () => {
    const t = await startServer({ maxConnectionsPerIp: 3 });
    try {
      const a = await joined(t.wsUrl, 'r', 'A');
      const b = await joined(t.wsUrl, 'r', 'B');
      const c = await connect(t.wsUrl);
      const d = await connect(t.wsUrl);
      assert.equal((await d.next('error'))['code'], 'too-many-connections');
      assert.equal(await d.closedWithin(), 1013);
      await waitFor(() => t.server.stats().connections === 3, 20_000, 'the refused socket to be gone');
      assert.deepEqual(t.server.stats(), { rooms: 1, participants: 2, connections: 3, away: 0 });
      a.client.send({ type: 'signal', to: b.id, payload: { ok: 1 } });
      assert.equal((await b.client.next('signal'))['payload'].ok, 1);
      await c.close();
      const e = await connect(t.wsUrl);
      assert.equal((await e.join('r', 'E'))['type'], 'joined', 'a slot was freed');
      assert.ok(t.logs.some((l) => l.event === 'refusal' && l['code'] === 'too-many-connections'));
      await Promise.all([a.client.close(), b.client.close(), e.close()]);
    } finally {
      await t.close();
    }
  });

  it('trustProxy counts by the last X-Forwarded-For entry; without it the header is ignored', async () => {
    const proxied = await startServer({ maxConnectionsPerIp: 1, trustProxy: true });
    const direct = await startServer({ maxConnectionsPerIp: 1 });
    try {
      const xff = (ip: string) => ({ headers: { 'X-Forwarded-For': `6.6.6.6, ${ip}` } });
      const one = await connect(proxied.wsUrl, xff('198.51.100.1'));
      const two = await connect(proxied.wsUrl, xff('198.51.100.2'));
      const three = await connect(proxied.wsUrl, xff('198.51.100.1'));
      assert.equal(await three.closedWithin(), 1013);
      assert.equal(one.ws.readyState, WebSocket.OPEN);
      assert.equal(two.ws.readyState, WebSocket.OPEN);
      assert.ok(proxied.logs.some((l) => l.event === 'connect' && String(l['remote']).startsWith('198.51.100.2:')));
      const four = await connect(direct.wsUrl, xff('198.51.100.1'));
      const five = await connect(direct.wsUrl, xff('198.51.100.2'));
      assert.equal(await five.closedWithin(), 1013);
      await Promise.all([one.close(), two.close(), four.close()]);
    } finally {
      await Promise.all([proxied.close(), direct.close()]);
    }
  });
});

describe('slow consumers', SUITE, () => {
  it('a client that stops reading is disconnected once maxBufferedBytes are queued for it; the sender is unaffected', async () => {
    const t = await startServer({ maxBufferedBytes: 4 << 20, maxMessageBytes: 1 << 20, rateLimit: { messagesPerSecond: 1000, burst: 1000 } });
    try {
      const sender = await joined(t.wsUrl, 'r', 'Sender');
      const stuck = await joined(t.wsUrl, 'r', 'Stuck');
      const fine = await joined(t.wsUrl, 'r', 'Fine');
      (stuck.client.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      const chunk = 'x'.repeat(256 * 1024);
      // 16 MiB in 1 MiB steps: a reading client keeps up, the stuck one's queue grows past 4 MiB.
      for (let i = 0; i < 64; i++) {
        sender.client.send({ type: 'broadcast', payload: { i, chunk } });
        if (i % 4 === 3) await delay(50);
      }
      await waitFor(() => t.logs.some((e) => e.event === 'slow-consumer'), 20_000, 'the slow consumer to be dropped');
      assert.equal((await sender.client.next('peer-left', 20_000))['id'], stuck.id);
      for (let i = 0; i < 64; i++) assert.equal((await fine.client.next('signal', 20_000))['payload'].i, i);
      assert.equal(sender.client.ws.readyState, WebSocket.OPEN);
      assert.deepEqual(sender.client.history.filter((m) => m['type'] === 'error'), []);
      await Promise.all([sender.client.close(), fine.client.close()]);
    } finally {
      await t.close();
    }
  });
});

describe('timeouts', SUITE, () => {
  it('join timeout: a socket that never joins is told join-timeout and closed with 1008; joining in time disarms it', async () => {
    const t = await startServer({ joinTimeoutMs: 200 });
    try {
      const start = Date.now();
      const silent = await connect(t.wsUrl);
      const member = await joined(t.wsUrl, 'r', 'Member');
      const invalid = await connect(t.wsUrl);
      await invalid.expectError({ type: 'join', room: '' }, 'invalid-message'); // a failed join does not count
      assert.equal(await silent.closedWithin(), 1008);
      assert.ok(Date.now() - start >= 190, 'not before the timeout');
      assert.deepEqual(silent.history, [{ type: 'error', code: 'join-timeout', message: 'no successful join within 200 ms; closing' }]);
      assert.equal(await invalid.closedWithin(), 1008);
      await delay(200);
      assert.equal(member.client.ws.readyState, WebSocket.OPEN);
      // After leave, the clock starts again.
      member.client.send({ type: 'leave' });
      assert.equal(await member.client.closedWithin(), 1008);
      assert.equal(member.client.history.at(-1)?.['code'], 'join-timeout');
      await waitFor(() => t.server.stats().connections === 0, 20_000, 'all sockets gone');
      assert.deepEqual(t.server.stats(), { rooms: 0, participants: 0, connections: 0, away: 0 });
    } finally {
      await t.close();
    }
  });

  it('idle timeout: a joined socket that sends nothing (pongs do not count) gets idle-timeout and 1000; peers hear peer-left', async () => {
    const t = await startServer({ idleTimeoutMs: 800, pingIntervalMs: 50 });
    try {
      const quiet = await joined(t.wsUrl, 'r', 'Quiet');
      const chatty = await joined(t.wsUrl, 'r', 'Chatty');
      const talking = (async () => {
        for (let i = 0; i < 14; i++) {
          await delay(100);
          if (chatty.client.ws.readyState === WebSocket.OPEN) chatty.client.send({ type: 'broadcast', payload: { i } });
        }
      })();
      const start = Date.now();
      assert.equal(await quiet.client.closedWithin(20_000), 1000);
      assert.ok(Date.now() - start >= 700, 'not before the timeout');
      assert.equal(quiet.client.history.filter((m) => m['type'] === 'error').at(-1)?.['code'], 'idle-timeout');
      assert.deepEqual(await chatty.client.next('peer-left'), { type: 'peer-left', id: quiet.id });
      await talking;
      assert.equal(chatty.client.ws.readyState, WebSocket.OPEN, 'a client that keeps sending stays');
      await chatty.client.close();
    } finally {
      await t.close();
    }
  });
});

describe('limit options', SUITE, () => {
  it('rejects bad values with TypeError', () => {
    for (const bad of [
      { maxRooms: 0 },
      { maxConnectionsPerIp: -1 },
      { joinTimeoutMs: 1.5 },
      { idleTimeoutMs: -5 },
      { rateLimit: { messagesPerSecond: 0 } },
      { rateLimit: { messagesPerSecond: Number.NaN } },
      { rateLimit: { burst: 0 } },
      { rateLimit: { maxViolations: -1 } },
      { trustProxy: 'yes' as unknown as boolean },
      { maxBufferedBytes: 0 },
    ]) {
      assert.throws(() => createServer(bad), TypeError, JSON.stringify(bad));
    }
    createServer({ maxConnectionsPerIp: 0, joinTimeoutMs: 0, idleTimeoutMs: 0, rateLimit: { messagesPerSecond: 0.5 } });
  });

  it('parses the limit flags', () => {
    const command = parseCliArgs(
      [
        '--rate-limit', '30', '--rate-burst', '90', '--max-rooms', '5', '--max-connections-per-ip', '0',
        '--trust-proxy', '--join-timeout-ms', '5000', '--idle-timeout-ms', '600000',
      ],
      {},
    );
    assert.deepEqual(command, {
      kind: 'run',
      options: {
        rateLimit: { messagesPerSecond: 30, burst: 90 },
        maxRooms: 5,
        maxConnectionsPerIp: 0,
        trustProxy: true,
        joinTimeoutMs: 5000,
        idleTimeoutMs: 600000,
      },
    });
    assert.throws(() => parseCliArgs(['--max-rooms', '-1'], {}), /--max-rooms/);
  });
});
