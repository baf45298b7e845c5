/**
 * `auto` topology with several nodes: the participant count and the room's topology are room-wide (Redis), so a
 * room spread over two nodes moves to the SFU and back as one room. Needs a real Janus (scripts/janus.mjs): the
 * policy moves a room to the SFU only while the SFU is reachable.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { joined, startServer, waitFor, type TestClient, type TestServer } from './helpers.js';
import { startRedis, type TestRedis } from './cluster-helpers.js';

interface TestJanus {
  url: string;
  stop(): Promise<void>;
}

async function startJanus(): Promise<TestJanus | null> {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'scripts', 'janus.mjs'))) dir = path.dirname(dir);
  const script = (await import(pathToFileURL(path.join(dir, 'scripts', 'janus.mjs')).href)) as { startJanus(): Promise<TestJanus | null> };
  return script.startJanus();
}

describe('Redis backplane: auto topology is room-wide', { timeout: 120_000 }, () => {
  let redis: TestRedis | null = null;
  let janus: TestJanus | null = null;
  const servers: TestServer[] = [];
  const clients: TestClient[] = [];
  before(async () => {
    [redis, janus] = await Promise.all([startRedis(), startJanus()]);
  });
  after(async () => {
    for (const c of clients) c.ws.terminate();
    await Promise.all(servers.map((s) => s.close()));
    await Promise.all([redis?.stop(), janus?.stop()]);
  });

  it('five auto participants over two nodes (3 + 2) move the room to the SFU; shrinking to two moves it back', async (t) => {
    // Janus runs only inside the test run's network namespace (scripts/janus.mjs), as in janus.test.ts.
    if (!redis || !janus) return t.skip('needs redis-server, and Janus in the test namespace');
    for (let i = 0; i < 2; i++) servers.push(await startServer({ redisUrl: redis.url, janusUrl: janus.url, resumeGraceMs: 3000 }));
    const [a, b] = servers as [TestServer, TestServer];
    await waitFor(() => a.logs.some((e) => e.event === 'sfu-connected') && b.logs.some((e) => e.event === 'sfu-connected'), 30_000, 'Janus up');
    const onA: Array<{ client: TestClient }> = [];
    const onB: Array<{ client: TestClient }> = [];
    for (const [n, node, list] of [[1, a, onA], [2, b, onB], [3, a, onA], [4, b, onB]] as const) {
      const p = await joined(node.wsUrl, 'r', `P${n}`);
      clients.push(p.client);
      list.push(p);
      p.client.send({ type: 'sfu', op: 'hello', topology: 'auto' });
      assert.equal((await p.client.next('topology'))['topology'], 'mesh', `P${n}: four are mesh`);
    }
    const fifth = await joined(a.wsUrl, 'r', 'P5');
    clients.push(fifth.client);
    onA.push(fifth);
    fifth.client.send({ type: 'sfu', op: 'hello', topology: 'auto' });
    // Node A alone has three, B two: only the room-wide count (five, above sfuAbove 4) moves it.
    for (const p of [...onA, ...onB]) assert.equal((await p.client.next('topology'))['topology'], 'sfu');
    for (const p of [...onB, onA[2]!]) p.client.send({ type: 'leave' });
    // Two left (both on A): at meshAtOrBelow 2 the room goes back to mesh, decided by whichever node saw the last leave.
    for (const p of onA.slice(0, 2)) assert.equal((await p.client.next('topology'))['topology'], 'mesh');
  });
});
