/**
 * The Redis backplane when things die: a node SIGKILLed (its participants are away, then leave after the grace
 * period unless they resume on another node), and Redis SIGKILLed and restarted empty mid-session.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { connect, joined, lastSeqOf, resume, startServer, waitFor, type TestClient, type TestServer } from './helpers.js';
import { freshRedisPerTest, health, spawnNode, type NodeProcess } from './cluster-helpers.js';

const GRACE = 2500;
const fast = { resumeGraceMs: GRACE, nodeHeartbeatMs: 200, nodeDeadAfterMs: 1000 };
const fastArgs = ['--resume-grace-ms', String(GRACE), '--node-heartbeat-ms', '200', '--node-dead-after-ms', '1000'];

describe('Redis backplane: failover', { timeout: 120_000 }, () => {
  const redis = freshRedisPerTest();
  let a: TestServer | undefined;
  let b: TestServer | undefined;
  let c: NodeProcess | undefined;
  const clients: TestClient[] = [];
  const track = <T extends { client: TestClient }>(x: T): T => (clients.push(x.client), x);

  afterEach(async () => {
    for (const cl of clients.splice(0)) cl.ws.terminate();
    await c?.kill();
    await Promise.all([a?.close(), b?.close()]);
    a = b = c = undefined;
  });

  it('a SIGKILLed node: its participants are away at once, resume on another node (pending messages, no leave) or leave after the grace period', async () => {
    a = await startServer({ redisUrl: redis().url, ...fast });
    c = await spawnNode(['--redis-url', redis().url, ...fastArgs]);
    const x = track(await joined(a.wsUrl, 'r', 'X'));
    const y = track(await joined(c.wsUrl, 'r', 'Y'));
    const w = track(await joined(c.wsUrl, 'r', 'W'));
    await x.client.next('peer-joined');
    await x.client.next('peer-joined');
    w.client.send({ type: 'broadcast', payload: { hello: 1 }, seq: 5 });
    await x.client.next('signal');
    await c.kill('SIGKILL');
    const away = [await x.client.next('peer-away'), await x.client.next('peer-away')].map((m) => m['id']).sort();
    assert.deepEqual(away, [y.id, w.id].sort(), 'both seats of the dead node are away');
    // While W has no node, X's message to it waits in W's pending list.
    x.client.send({ type: 'signal', to: w.id, payload: { whileDead: true } });
    const lastSeq = lastSeqOf(w.client);
    const r = await resume(a.wsUrl, w.id, w.msg['resumeToken'], lastSeq);
    clients.push(r.client);
    assert.equal(r.reply['type'], 'resumed', JSON.stringify(r.reply));
    assert.equal(r.reply['id'], w.id);
    assert.equal(r.reply['lastSeq'], 5);
    assert.equal(r.reply['restored'], undefined);
    const pending = await r.client.next('signal');
    assert.deepEqual(pending['payload'], { whileDead: true });
    assert.equal(pending['from'], x.id);
    assert.equal(pending['seq'], lastSeq + 1);
    assert.equal((await x.client.next('peer-back'))['id'], w.id);
    // Y never came back: it leaves once the grace period is over (the cluster swept it exactly once).
    assert.equal((await x.client.next('peer-left', 20_000))['id'], y.id);
    assert.ok(!x.client.history.some((m) => m['type'] === 'peer-left' && m['id'] === w.id), 'the resumed seat is not expired');
    assert.equal((await r.client.next('peer-left'))['id'], y.id, 'W, on its new node, is told too');
    assert.ok(a.logs.some((e) => e.event === 'node-down'));
    const h = await health(a.url);
    assert.deepEqual(h['cluster'], { nodes: 1, rooms: 1, participants: 2 });
  });

  it('Redis SIGKILLed and restarted empty: same-node relay keeps working, joins are refused meanwhile, then presence is back', async () => {
    a = await startServer({ redisUrl: redis().url, ...fast });
    b = await startServer({ redisUrl: redis().url, ...fast });
    const x = track(await joined(a.wsUrl, 'r', 'X'));
    const y = track(await joined(a.wsUrl, 'r', 'Y'));
    const z = track(await joined(b.wsUrl, 'r', 'Z'));
    await x.client.next('peer-joined');
    await x.client.next('peer-joined');
    await redis().kill();
    await waitFor(() => a!.logs.some((e) => e.event === 'redis-down'), 20_000, 'node A sees Redis down');
    x.client.send({ type: 'signal', to: y.id, payload: { during: 'outage' } });
    assert.deepEqual((await y.client.next('signal'))['payload'], { during: 'outage' }, 'same-node relay keeps working');
    const late = await connect(a.wsUrl);
    clients.push(late);
    const refusal = await late.expectError({ type: 'join', room: 'r', name: 'Late' }, 'server-unavailable');
    assert.equal(refusal['ref'], 'join');
    assert.equal((await health(a.url))['redis'], 'down');
    await redis().start();
    // The nodes reconnect and put their participants back into the empty Redis.
    await waitFor(() => a!.logs.some((e) => e.event === 'redis-up') && b!.logs.some((e) => e.event === 'redis-up'), 30_000, 'reconnected');
    let cluster: unknown;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      cluster = (await health(a.url))['cluster'];
      if (JSON.stringify(cluster) === JSON.stringify({ nodes: 2, rooms: 1, participants: 3 })) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(cluster, { nodes: 2, rooms: 1, participants: 3 });
    late.send({ type: 'join', room: 'r', name: 'Late' });
    const j = await late.next('joined');
    assert.deepEqual(j['peers'].map((p: { id: string }) => p.id), [x.id, y.id, z.id], 'the join after the restart sees everyone');
    z.client.send({ type: 'signal', to: x.id, payload: { after: 'restart' } });
    assert.deepEqual((await x.client.next('signal'))['payload'], { after: 'restart' }, 'cross-node relay works again');
    assert.equal((await z.client.next('peer-joined'))['peer'].id, j['id']);
  });
});
