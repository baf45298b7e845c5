// Redis dies (SIGKILL) and comes back, empty, mid-call: two nodes sharing a mesh room keep their media decoding
// throughout (media never touches Redis), and a participant who joins after Redis is back meets everyone.
// Needs the Redis backplane (packages/server `--redis-url`: nodes reconnect with backoff and re-register).
import { expect } from '@open-wc/testing';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { startCluster, type TestCluster } from '../../packages/core/src/test-support/cluster.js';
import { expectFullMesh, framesDecoded, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';

describe('Redis restarted mid-call', function () {
  this.timeout(60_000);
  let cluster: TestCluster | undefined;
  afterEach(async () => {
    await leaveAll();
    await cluster?.stop();
    cluster = undefined;
  });

  it('media keeps decoding while Redis is down; a join after it is back meets everyone', async () => {
    const nodes = (cluster = await startCluster({ nodes: 2, redis: true, nginx: false })).nodes;
    const room = uniqueRoom('redis-outage');
    const ann = makeRoom(room, 'Ann', new WebSocketSignaling(nodes[0]!));
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(nodes[1]!));
    await ann.join();
    await bob.join();
    await expectFullMesh([ann, bob]);
    const [annId, bobId] = [ann.localParticipant.id, bob.localParticipant.id];
    const left: string[] = [];
    for (const r of [ann, bob]) r.on('participantLeft', (p) => left.push(`${r.localParticipant.name} saw ${p.name} leave`));

    await cluster.redis('kill');
    // Three samples a second apart with Redis gone: every one higher than the one before, both ways.
    let last = [await framesDecoded(ann, bobId), await framesDecoded(bob, annId)];
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = [await framesDecoded(ann, bobId), await framesDecoded(bob, annId)];
      expect(now[0], 'Ann decoding Bob with Redis down').to.be.greaterThan(last[0]!);
      expect(now[1], 'Bob decoding Ann with Redis down').to.be.greaterThan(last[1]!);
      last = now;
    }

    await cluster.redis('start');
    // A newcomer on node 1 once the nodes are back on Redis: she must see Ann (node 0) and Bob (node 1). Joins
    // refused while a node is still reconnecting (`server-unavailable`) are retried by the test, as an app would.
    let cat = makeRoom(room, 'Cat', new WebSocketSignaling(nodes[1]!));
    await waitFor(
      async () => {
        try {
          await cat.join();
          return true;
        } catch {
          cat = makeRoom(room, 'Cat', new WebSocketSignaling(nodes[1]!));
          return false;
        }
      },
      'Cat to join after Redis is back',
      20_000,
      500,
    );
    await waitFor(() => cat.participants.size === 2, 'Cat to see Ann and Bob', 10_000);
    expect([...cat.participants.values()].map((p) => p.name).sort()).to.deep.equal(['Ann', 'Bob']);
    await expectFullMesh([ann, bob, cat]);
    expect([...ann.participants.keys()].sort()).to.deep.equal([bobId, cat.localParticipant.id].sort());
    expect(left).to.deep.equal([]);
  });
});
