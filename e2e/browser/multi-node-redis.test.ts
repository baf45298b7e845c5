// Redis dies (SIGKILL) and comes back, empty, mid-call: two nodes sharing a mesh room keep their media decoding
// throughout (media never touches Redis), and a participant who joins after Redis is back meets everyone.
// And a node lost while Redis is down: its clients keep trying (the other node answers `server-unavailable`) and
// are back once Redis is. Needs the Redis backplane (packages/server `--redis-url`).
import { expect } from '@open-wc/testing';
import type { SignalingState } from '../../packages/core/src/signaling/SignalingAdapter.js';
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

describe('a node lost while Redis is down', function () {
  this.timeout(60_000);
  let cluster: TestCluster | undefined;
  afterEach(async () => {
    await cluster?.stop();
    cluster = undefined;
  });

  it('the client does not give up on `server-unavailable`: it keeps trying and is back once Redis is', async () => {
    cluster = await startCluster({ nodes: 2, redis: true, nginx: true });
    const ann = new WebSocketSignaling(cluster.proxy(), { reconnect: { initialDelayMs: 200, maxDelayMs: 1000 } });
    const states: SignalingState[] = [];
    const errors: string[] = [];
    ann.setHandlers({
      peerJoined: () => undefined,
      peerLeft: () => undefined,
      stateChanged: (s) => states.push(s),
      error: (e) => errors.push(`${e.code}: ${e.message}`),
    });
    try {
      await ann.join({ room: uniqueRoom('redis-node-lost'), name: 'Ann' });
      const health = await cluster.health();
      const annNode = health.findIndex((h) => h?.connections === 1);
      expect(annNode, JSON.stringify(health)).to.be.at.least(0);
      states.length = 0;
      await cluster.redis('kill');
      await cluster.node(annNode, 'kill');
      // Ann's resumes now reach the other node, which cannot take a seat without Redis (`server-unavailable`).
      await waitFor(() => ann.state === 'reconnecting', 'Ann reconnecting');
      await new Promise((r) => setTimeout(r, 2000)); // Redis stays down 2 s: several refused attempts
      expect(ann.state).to.equal('reconnecting');
      await cluster.redis('start');
      // Back by herself: resumed, or (Redis restarted empty, her seat gone) joined again with a new id.
      await waitFor(() => ann.state === 'connected', 'Ann connected once Redis is back', 20_000);
      expect(states[0]).to.equal('reconnecting');
      expect(states.at(-1)).to.equal('connected');
      expect(errors).to.deep.equal([]);
    } finally {
      await ann.leave();
    }
  });
});
