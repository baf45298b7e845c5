// Three signaling nodes sharing rooms through one Redis (`--redis-url`, scripts/cluster.mjs): participants spread
// over the nodes are in one call. Mesh: everyone decodes everyone, data messages and mute state cross nodes, and
// a participant joining late through the third node sees everyone. SFU (every node driving the run's Janus): every
// participant decodes every other, and a targeted message (relayed by the signaling servers) crosses nodes.
// Needs the Redis backplane (packages/server `--redis-url`).
import { expect } from '@open-wc/testing';
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

describe('three signaling nodes + Redis', function () {
  this.timeout(60_000);
  let cluster: TestCluster;
  before(async () => {
    // One cluster for the file (starting nodes costs seconds on 2 cores); Janus when the run has it.
    cluster = await startCluster({ nodes: 3, redis: true, nginx: false, janus: testSfu() !== undefined });
  });
  after(() => cluster?.stop());
  afterEach(leaveAll);
  const on = (node: number): WebSocketSignaling => new WebSocketSignaling(cluster.nodes[node]!);

  it('mesh: a call spread over the nodes; messages and mute cross nodes; a late joiner on the third node sees everyone', async () => {
    const room = uniqueRoom('nodes-mesh');
    const ann = makeRoom(room, 'Ann', on(0));
    const bob = makeRoom(room, 'Bob', on(1));
    await ann.join();
    await bob.join();
    await expectFullMesh([ann, bob]);
    const [annInbox, bobInbox] = [inbox(ann), inbox(bob)];

    await ann.send('hello from node 0');
    await bob.setMicrophoneEnabled(false);
    await waitFor(() => bobInbox.includes('Ann: hello from node 0'), 'Bob (node 1) to get Ann’s message');
    await waitFor(() => ann.participants.get(bob.localParticipant.id)?.isMicrophoneEnabled === false, 'Ann to see Bob muted');

    const cat = makeRoom(room, 'Cat', on(2));
    await cat.join();
    expect([...cat.participants.values()].map((p) => p.name).sort()).to.deep.equal(['Ann', 'Bob']);
    // State from before Cat came reaches her too (Bob's mute), and everyone decodes everyone.
    await waitFor(() => cat.participants.get(bob.localParticipant.id)?.isMicrophoneEnabled === false, 'Cat to see Bob muted');
    await expectFullMesh([ann, bob, cat]);
    await cat.send('hi, node 2 here');
    await waitFor(
      () => annInbox.includes('Cat: hi, node 2 here') && bobInbox.includes('Cat: hi, node 2 here'),
      'Ann and Bob to get Cat’s message',
    );
    expect(ann.participants.size).to.equal(2);
    expect(bob.participants.size).to.equal(2);
  });

  it('SFU: a call over the three nodes and one Janus; everyone decodes everyone; a targeted message crosses nodes', async function () {
    if (!testSfu()) this.skip(); // Janus not installed, or not inside the test's network namespace (npm test sets it up)
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
