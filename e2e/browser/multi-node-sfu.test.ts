// An SFU call over three signaling nodes sharing rooms through one Redis, every node driving the run's Janus
// (scripts/cluster.mjs): the room's Janus placement is shared through Redis (one Janus room for the rtc-room room,
// whichever node a participant is on), so every participant decodes every other; mute state and a targeted message
// (relayed by the signaling servers: node 2 → Redis → node 0) cross nodes. Then, behind nginx, the node an SFU
// participant is on is SIGKILLed: its clients resume on the other node and publish again (everyone decodes
// everyone again, with the same ids).
import type { DataMessage } from '../../packages/core/src/data/types.js';
import type { Room } from '../../packages/core/src/room/Room.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { startCluster, type TestCluster } from '../../packages/core/src/test-support/cluster.js';
import { testSfu } from '../../packages/core/src/test-support/env.js';
import { expect } from '@open-wc/testing';
import { expectFullMesh, framesDecoded, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';

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
    // Active speaker across nodes: Janus's talking events for Ann's feed reach Bob's and Cat's nodes too (the fake
    // microphone beeps; Bob and Cat are muted, so Ann is the only one talking).
    await bob.setMicrophoneEnabled(false);
    await cat.setMicrophoneEnabled(false);
    await waitFor(
      () => [bob, cat].every((r) => r.activeSpeaker?.name === 'Ann'),
      'Bob (node 1) and Cat (node 2) to see Ann (node 0) as the active speaker',
      20_000,
      100,
    );
  });
});

/** Each room's decoded-frame count from each other one, as `'Ann←Bob': n`. */
async function decodedCounts(rooms: readonly Room[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const r of rooms) {
    for (const other of rooms) {
      if (other !== r) out.set(`${r.localParticipant.name}←${other.localParticipant.name}`, await framesDecoded(r, other.localParticipant.id));
    }
  }
  return out;
}

describe('two signaling nodes + Redis + one Janus, behind nginx', function () {
  this.timeout(60_000);
  let cluster: TestCluster | undefined;
  before(async function () {
    if (!testSfu()) this.skip();
    cluster = await startCluster({ nodes: 2, redis: true, nginx: true, janus: true });
  });
  after(() => cluster?.stop());
  afterEach(leaveAll);

  it('SFU: SIGKILL of the node a participant is on; it resumes on the other node and publishes again', async () => {
    const room = uniqueRoom('nodes-sfu-kill');
    const rooms = [
      makeRoom(room, 'Ann', new WebSocketSignaling(cluster!.proxy()), { topology: 'sfu' }),
      makeRoom(room, 'Bob', new WebSocketSignaling(cluster!.proxy()), { topology: 'sfu' }),
    ];
    for (const r of rooms) await r.join();
    await expectFullMesh(rooms);
    const ids = rooms.map((r) => r.localParticipant.id);
    const health = await cluster!.health();
    const node = health.findIndex((h) => (h?.connections ?? 0) > 0);
    expect(node, JSON.stringify(health)).to.be.at.least(0);
    await cluster!.node(node, 'kill');
    await waitFor(async () => (await cluster!.health())[1 - node]?.connections === 2, 'both clients on the surviving node', 20_000);
    // Decoding again: every pair's count grows between two samples a second apart (a frozen stream, or a publisher
    // that never published again on its new node, does not). Counts start again on a new subscription.
    let last = await decodedCounts(rooms);
    await waitFor(
      async () => {
        await new Promise((r) => setTimeout(r, 1000));
        const now = await decodedCounts(rooms);
        const grown = [...now].every(([pair, n]) => n > (last.get(pair) ?? 0));
        last = now;
        return grown && rooms.every((r) => r.state === 'connected');
      },
      'every page decoding every other again',
      30_000,
      0,
    );
    await expectFullMesh(rooms);
    expect(rooms.map((r) => r.localParticipant.id)).to.deep.equal(ids);
  });
});
