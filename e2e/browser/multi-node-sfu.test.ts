// An SFU call over three signaling nodes sharing rooms through one Redis, every node driving the run's Janus
// (scripts/cluster.mjs): every participant decodes every other, mute state and a targeted message (relayed by the
// signaling servers: node 2 → Redis → node 0) cross nodes.
// Needs the Redis backplane AND one Janus room per rtc-room room across nodes (today each node creates its own
// random Janus room: participants on different nodes never see each other's media).
import type { DataMessage } from '../../packages/core/src/data/types.js';
import type { Room } from '../../packages/core/src/room/Room.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { startCluster, type TestCluster } from '../../packages/core/src/test-support/cluster.js';
import { testSfu } from '../../packages/core/src/test-support/env.js';
import { expectFullMesh, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';

/** Every message `room` receives, as `sender: text`. */
function inbox(room: Room): string[] {
  const got: string[] = [];
  room.on('messageReceived', (m: DataMessage) => got.push(`${m.from.name}: ${String(m.payload)}`));
  return got;
}

describe('three signaling nodes + Redis + one Janus', function () {
  this.timeout(60_000);
  let cluster: TestCluster | undefined;
  before(async function () {
    if (!testSfu()) this.skip(); // Janus not installed, or not inside the test's network namespace (npm test sets it up)
    cluster = await startCluster({ nodes: 3, redis: true, nginx: false, janus: true });
  });
  after(() => cluster?.stop());
  afterEach(leaveAll);
  const on = (node: number): WebSocketSignaling => new WebSocketSignaling(cluster!.nodes[node]!);

  it('SFU: a call over the three nodes; everyone decodes everyone; a targeted message and mute state cross nodes', async () => {
    const room = uniqueRoom('nodes-sfu');
    const ann = makeRoom(room, 'Ann', on(0), { topology: 'sfu' });
    const bob = makeRoom(room, 'Bob', on(1), { topology: 'sfu' });
    const cat = makeRoom(room, 'Cat', on(2), { topology: 'sfu' });
    await ann.join();
    await bob.join();
    await cat.join();
    await expectFullMesh([ann, bob, cat]);
    const annInbox = inbox(ann);
    // Targeted messages in SFU rooms go through the signaling relay: node 2 → Redis → node 0.
    await cat.send('for Ann only', { to: ann.localParticipant.id });
    await waitFor(() => annInbox.includes('Cat: for Ann only'), 'Ann (node 0) to get Cat’s targeted message (node 2)');
    await ann.setCameraEnabled(false);
    await waitFor(
      () => [bob, cat].every((r) => r.participants.get(ann.localParticipant.id)?.isCameraEnabled === false),
      'Bob and Cat to see Ann’s camera off',
    );
  });
});
