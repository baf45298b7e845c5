/**
 * Issue 15, socket and resource part: regressions for the red-team findings on /ws (loopback only). The attacker
 * connects from 127.0.0.2 (still loopback) where it matters that its address is not the victims' 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { connect as tcpConnect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { WebSocket } from 'ws';
import { parseCliArgs } from '../src/args.js';
import { connect, delay, joined, resume, startServer, SUITE, waitFor, withTimeout, type TestClient } from './helpers.js';

const ATTACKER = { localAddress: '127.0.0.2' } as const;

/** A socket's close code and the `error` codes it got; rejects if it is not closed within `ms`. */
async function refused(client: TestClient, ms = 5000): Promise<{ close: number; codes: string[] }> {
  const close = await client.closedWithin(ms);
  return { close, codes: client.history.filter((m) => m['type'] === 'error').map((m) => String(m['code'])) };
}

describe('Origin check on /ws', SUITE, () => {
  it('refuses a foreign page with origin-not-allowed and 1008 before it counts against the per-address limit', async () => {
    const t = await startServer({ maxConnectionsPerIp: 2 });
    try {
      const foreign = await Promise.all(Array.from({ length: 6 }, () => connect(t.wsUrl, { origin: 'https://evil.example' })));
      for (const f of foreign) assert.deepEqual(await refused(f), { close: 1008, codes: ['origin-not-allowed'] });
      const nullOrigin = await connect(t.wsUrl, { origin: 'null' });
      assert.deepEqual(await refused(nullOrigin), { close: 1008, codes: ['origin-not-allowed'] });
      // The victim's own pages (same origin as the server) and non-browser clients (no Origin) still get in.
      const own = await joined(t.wsUrl, 'r', 'Own');
      const page = await connect(t.wsUrl, { origin: t.url });
      assert.equal((await page.join('r', 'Page'))['type'], 'joined');
      assert.ok(t.logs.some((e) => e.event === 'refusal' && e['code'] === 'origin-not-allowed'));
      assert.ok(!JSON.stringify(t.logs).includes('evil.example'), 'the client-chosen origin is not logged');
      await Promise.all([own.client.close(), page.close()]);
    } finally {
      await t.close();
    }
  });

  it('allowedOrigins adds origins; "*" allows any; bad entries are refused', async () => {
    const listed = await startServer({ allowedOrigins: ['https://app.example.com'] });
    const any = await startServer({ allowedOrigins: ['*'] });
    try {
      const ok = await connect(listed.wsUrl, { origin: 'https://app.example.com' });
      assert.equal((await ok.join('r', 'A'))['type'], 'joined');
      for (const origin of ['https://app.example.com.evil.example', 'http://app.example.com', 'https://evil.example']) {
        assert.equal((await refused(await connect(listed.wsUrl, { origin }))).close, 1008, origin);
      }
      const anyone = await connect(any.wsUrl, { origin: 'https://evil.example' });
      assert.equal((await anyone.join('r', 'B'))['type'], 'joined');
      await Promise.all([ok.close(), anyone.close()]);
    } finally {
      await Promise.all([listed.close(), any.close()]);
    }
    const { createServer } = await import('../src/index.js');
    for (const bad of ['app.example.com', 'https://app.example.com/path', 'null', '']) {
      assert.throws(() => createServer({ allowedOrigins: [bad] }), TypeError, bad);
    }
    assert.deepEqual(parseCliArgs(['--allowed-origin', 'https://a.example', '--allowed-origin', '*'], {}), {
      kind: 'run',
      options: { allowedOrigins: ['https://a.example', '*'] },
    });
  });
});

describe('seats of dropped sockets', SUITE, () => {
  it('count against maxConnectionsPerIp while in their grace period (join-and-drop cannot fill the rooms)', async () => {
    const t = await startServer({ maxConnectionsPerIp: 4, resumeGraceMs: 10_000 });
    try {
      const seats: Array<{ id: string; token: string }> = [];
      for (let i = 0; i < 4; i++) {
        const c = await connect(t.wsUrl, ATTACKER);
        const msg = await c.join(`room-${i}`, 'X');
        seats.push({ id: msg['id'], token: msg['resumeToken'] });
        c.ws.terminate();
        await c.closed;
      }
      await waitFor(() => t.server.stats().away === 4, 5000, 'four seats away');
      const fifth = await connect(t.wsUrl, ATTACKER);
      assert.deepEqual(await refused(fifth), { close: 1013, codes: ['too-many-connections'] });
      assert.equal(t.server.stats().rooms, 4, 'no room beyond the address budget');
      // Another address is not affected.
      const victim = await joined(t.wsUrl, 'victim', 'V');
      // A seat gives its slot back once it is resumed (here from another address, as after a network change) …
      const back = await resume(t.wsUrl, seats[0]!.id, seats[0]!.token, 0);
      assert.equal(back.reply['type'], 'resumed');
      back.client.send({ type: 'leave' }); // … and the seat ends with leave

      await waitFor(() => t.server.stats().away === 3 && t.server.stats().rooms === 4, 5000, 'the seat to be back and gone');
      await back.client.close();
      const again = await connect(t.wsUrl, ATTACKER);
      assert.equal((await again.join('room-new', 'X'))['type'], 'joined', 'a freed slot can be used again');
      await Promise.all([victim.client.close(), again.close()]);
    } finally {
      await t.close();
    }
  });

  it('resume-and-drop cannot keep a seat past its grace: the grace drains while away and refills only while connected', async () => {
    const graceMs = 600;
    const t = await startServer({ resumeGraceMs: graceMs });
    try {
      const watcher = await joined(t.wsUrl, 'r', 'Watcher');
      const first = await joined(t.wsUrl, 'r', 'Zombie');
      const { id, resumeToken } = first.msg as { id: string; resumeToken: string };
      first.client.ws.terminate();
      let ended = false;
      for (let cycle = 0; cycle < 10 && !ended; cycle++) {
        await delay(graceMs * 0.7);
        const { client, reply } = await resume(t.wsUrl, id, resumeToken, 0);
        ended = reply['type'] === 'error';
        client.ws.terminate();
      }
      assert.ok(ended, 'a seat that is almost never connected ends');
      await waitFor(() => watcher.client.history.some((m) => m['type'] === 'peer-left' && m['id'] === id), 5000, 'peer-left');
      // A client that stays connected gets its whole grace again after a drop.
      const steady = await joined(t.wsUrl, 'r', 'Steady');
      steady.client.ws.terminate();
      await delay(graceMs * 0.7);
      const one = await resume(t.wsUrl, steady.id, steady.msg['resumeToken'], 0);
      assert.equal(one.reply['type'], 'resumed');
      await delay(graceMs * 1.5); // connected: the grace refills
      one.client.ws.terminate();
      await delay(graceMs * 0.7);
      const two = await resume(t.wsUrl, steady.id, steady.msg['resumeToken'], lastSeq(one.client));
      assert.equal(two.reply['type'], 'resumed', JSON.stringify(two.reply));
      await Promise.all([two.client.close(), watcher.client.close()]);
    } finally {
      await t.close();
    }
  });
});

const lastSeq = (c: TestClient): number => Math.max(0, ...c.history.map((m) => (typeof m['seq'] === 'number' ? m['seq'] : 0)));

describe('slowloris', SUITE, () => {
  it('half-open upgrade requests are bounded per address and in time; others connect meanwhile', async () => {
    const t = await startServer({ maxPendingConnectionsPerIp: 4, headersTimeoutMs: 1000 });
    const sockets: Socket[] = [];
    const trickle = setInterval(() => {
      for (const s of sockets) if (!s.destroyed) s.write(`X-Drip-${Date.now()}: 1\r\n`);
    }, 200);
    try {
      const { port } = new URL(t.url);
      const open = (): Promise<{ socket: Socket; closed: Promise<string> }> =>
        new Promise((resolve, reject) => {
          const socket = tcpConnect({ host: '127.0.0.1', port: Number(port), localAddress: ATTACKER.localAddress }, () => {
            socket.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`);
            let answer = '';
            socket.on('data', (d) => (answer += d.toString()));
            resolve({ socket, closed: new Promise((r) => socket.on('close', () => r(answer))) });
          });
          socket.on('error', () => {});
          socket.once('error', reject);
        });
      const held = [];
      for (let i = 0; i < 4; i++) held.push(await open());
      sockets.push(...held.map((h) => h.socket));
      const extra = await open();
      assert.match(await withTimeout(extra.closed, 5000, 'the fifth half-open connection to be closed'), /^HTTP\/1\.1 503/);
      // Meanwhile a client from another address connects and joins.
      const victim = await joined(t.wsUrl, 'r', 'Victim');
      // The held ones are dropped once their headers are late, however they drip.
      const answers = await withTimeout(Promise.all(held.map((h) => h.closed)), 10_000, 'the half-open requests to be dropped');
      for (const answer of answers) assert.ok(answer === '' || /^HTTP\/1\.1 408/.test(answer), answer);
      const after = await connect(t.wsUrl, ATTACKER);
      assert.equal((await after.join('r2', 'Later'))['type'], 'joined', 'the address may connect again');
      await Promise.all([victim.client.close(), after.close()]);
    } finally {
      clearInterval(trickle);
      for (const s of sockets) s.destroy();
      await t.close();
    }
  });
});

/** A real `gc()` even without `--expose-gc`. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

describe('memory budget for clients that do not read', { timeout: 60_000 }, () => {
  it('holds RSS near the server-wide budget while many sockets never read; readers and the sender are unaffected', async () => {
    const MiB = 1 << 20;
    const t = await startServer({
      maxBufferedBytesTotal: 32 * MiB,
      maxMessageBytes: MiB,
      maxConnectionsPerIp: 0,
      maxParticipantsPerRoom: 32,
      // With resumption on (the default) every recipient gets its own copy (numbered with its `seq`).
      resumeGraceMs: 15_000,
      rateLimit: { messagesPerSecond: 10_000, burst: 10_000 },
    });
    try {
      const sender = await joined(t.wsUrl, 'r', 'Sender');
      const fine = await joined(t.wsUrl, 'r', 'Fine');
      const stuck: TestClient[] = [];
      for (let i = 0; i < 24; i++) {
        const s = await joined(t.wsUrl, 'r', `Stuck${i}`);
        (s.client.ws as unknown as { _socket: { pause(): void } })._socket.pause();
        stuck.push(s.client);
      }
      // Retained memory (heap + external after a full GC) and RSS, sampled between bursts of the flood: what the
      // queues hold, without the garbage of the copies already written (which a GC would free anyway).
      const measure = (): { retained: number; rss: number } => {
        collectGarbage();
        const m = process.memoryUsage();
        return { retained: m.heapUsed + m.external, rss: m.rss };
      };
      const baseline = measure();
      let peak = baseline;
      const chunk = 'x'.repeat(256 * 1024);
      const messages = 96; // 24 MiB from the sender: 24 MiB for each of the 26 others without a budget
      for (let i = 0; i < messages; i++) {
        sender.client.send({ type: 'broadcast', payload: { i, chunk } });
        if (i % 4 === 3) await delay(20);
        if (i % 8 === 7) {
          const now = measure();
          peak = { retained: Math.max(peak.retained, now.retained), rss: Math.max(peak.rss, now.rss) };
        }
      }
      for (let i = 0; i < messages; i++) assert.equal((await fine.client.next('signal', 10_000))['payload'].i, i);
      const retained = (peak.retained - baseline.retained) / MiB;
      const rss = (peak.rss - baseline.rss) / MiB;
      console.log(`# memory budget: retained +${retained.toFixed(0)} MiB, rss ${(baseline.rss / MiB).toFixed(0)} → ${(peak.rss / MiB).toFixed(0)} MiB`);
      // Budget 32 MiB + 26 replay buffers of 1 MiB + slack; without the budget: 24 stuck sockets × up to 16 MiB.
      assert.ok(retained < 160, `retained memory grew by ${retained.toFixed(0)} MiB`);
      assert.ok(rss < 320, `RSS grew by ${rss.toFixed(0)} MiB`);
      assert.ok(t.logs.some((e) => e.event === 'slow-consumer' && e['budget'] === 'server'), 'closed for the server budget');
      await waitFor(() => t.server.stats().connections < stuck.length + 2, 5000, 'stuck sockets to be closed');
      assert.equal(sender.client.ws.readyState, WebSocket.OPEN);
      assert.equal(fine.client.ws.readyState, WebSocket.OPEN);
      assert.deepEqual(sender.client.history.filter((m) => m['type'] === 'error'), []);
      await Promise.all([sender.client.close(), fine.client.close()]);
    } finally {
      await t.close();
    }
  });

  it('a slow reader that does read sees 1008 once it is over its own queue limit', async () => {
    const t = await startServer({ maxBufferedBytes: 2 << 20, maxMessageBytes: 1 << 20, rateLimit: { messagesPerSecond: 1000, burst: 1000 } });
    try {
      const sender = await joined(t.wsUrl, 'r', 'Sender');
      const slow = await joined(t.wsUrl, 'r', 'Slow');
      const raw = (slow.client.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      raw.pause();
      const chunk = 'y'.repeat(256 * 1024);
      for (let i = 0; i < 64 && !t.logs.some((e) => e.event === 'slow-consumer'); i++) {
        sender.client.send({ type: 'broadcast', payload: { i, chunk } });
        await delay(10);
      }
      await waitFor(() => t.logs.some((e) => e.event === 'slow-consumer' && e['budget'] === 'socket'), 10_000, 'the per-socket limit');
      raw.resume();
      const code = await slow.client.closedWithin(5000);
      assert.equal(code, 1008, 'it reads what was queued, then the close frame');
      assert.equal(sender.client.ws.readyState, WebSocket.OPEN);
      await sender.client.close();
    } finally {
      await t.close();
    }
  });
});
