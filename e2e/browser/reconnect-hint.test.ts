// A node that goes away on purpose (SIGTERM: a deploy, a rolling restart) closes its sockets with a reconnect hint
// (1012 Service Restart when it drains, 1001 Going Away): `WebSocketSignaling` resumes at once, not after its
// backoff, and behind nginx (docs/deploy/nginx.conf, scripts/nginx.mjs) another node takes the seat. Here the two
// nodes share only a `--resume-secret` (no Redis): the other node restores the seat from its token.
import { expect } from '@open-wc/testing';
import type { SignalingHandlers, SignalingState } from '../../packages/core/src/signaling/SignalingAdapter.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { startCluster, type TestCluster } from '../../packages/core/src/test-support/cluster.js';
import { uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';

describe('reconnect hint (a node closing with 1001/1012)', function () {
  this.timeout(60_000);
  let cluster: TestCluster | undefined;
  afterEach(async () => {
    await cluster?.stop();
    cluster = undefined;
  });

  it('resumes at once on the other node behind nginx, not after the backoff: same id, reconnecting then connected', async () => {
    cluster = await startCluster({ nodes: 2, redis: false, nginx: true, resumeSecret: true });
    const room = uniqueRoom('hint');
    // A backoff far longer than the wait below: only the hint can bring Ann back in time.
    const ann = new WebSocketSignaling(cluster.proxy(), { reconnect: { initialDelayMs: 30_000, maxDelayMs: 30_000, jitter: 0 } });
    const log: string[] = [];
    const states: SignalingState[] = [];
    const handlers = (who: string): SignalingHandlers => ({
      peerJoined: (p) => log.push(`${who} saw ${p.id} join`),
      peerLeft: (id) => log.push(`${who} saw ${id} leave`),
      stateChanged: (state) => who === 'Ann' && states.push(state),
      error: (e) => log.push(`${who}: ${e.code} ${e.message}`),
    });
    ann.setHandlers(handlers('Ann'));
    try {
      const annId = (await ann.join({ room, name: 'Ann' })).selfId;
      const health = await cluster.health();
      const annNode = health.findIndex((h) => h?.connections === 1);
      expect(annNode, JSON.stringify(health)).to.be.at.least(0);
      // Bob, straight on the other node: without Redis he does not see Ann there.
      const other = 1 - annNode;
      const bobSignaling = new WebSocketSignaling(cluster.nodes[other]!);
      bobSignaling.setHandlers(handlers('Bob'));
      const bobId = (await bobSignaling.join({ room, name: 'Bob' })).selfId;
      states.length = 0;
      log.length = 0;
      try {
        await cluster.node(annNode, 'terminate');
        await waitFor(() => ann.state === 'connected' && states.includes('reconnecting'), 'Ann back, on the other node', 10_000, 25);
        expect(states).to.deep.equal(['reconnecting', 'connected']);
        // The other node restored her seat from its token: same id, and she and Bob now meet there.
        await waitFor(() => log.includes(`Bob saw ${annId} join`), 'Bob to see Ann (same id) arrive on his node');
        expect(log.sort()).to.deep.equal([`Ann saw ${bobId} join`, `Bob saw ${annId} join`]);
        const after = await cluster.health();
        expect(after[annNode], 'the terminated node is down').to.equal(null);
        expect(after[other]?.connections).to.equal(2);
      } finally {
        await bobSignaling.leave();
      }
    } finally {
      await ann.leave();
    }
  });
});
