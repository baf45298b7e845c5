// Three signaling nodes sharing rooms through one Redis (`--redis-url`, scripts/cluster.mjs): participants spread
// over the nodes are in one call. Mesh: everyone decodes everyone, data messages and mute state cross nodes, and
// a participant joining late through the third node sees everyone. (The SFU call over nodes: multi-node-sfu.test.ts.)
// Needs the Redis backplane (packages/server `--redis-url`).
import { expect } from '@open-wc/testing';
import type { DataMessage } from '../../packages/core/src/data/types.js';
import type { Room } from '../../packages/core/src/room/Room.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { startCluster, type TestCluster } from '../../packages/core/src/test-support/cluster.js';
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
    // One cluster for the file (starting nodes costs seconds on 2 cores).
    cluster = await startCluster({ nodes: 3, redis: true, nginx: false });
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
});
