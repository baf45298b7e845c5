// A room bigger than one Janus (issue 14): the signaling server places rooms on two Janus nodes with
// `janusRoomCapacity: 2` (web-test-runner.config.mjs), so a room's third and fourth members go to the other node and
// every publisher is forwarded between the two as a VideoRoom remote publisher (`publish_remotely` /
// `add_remote_publisher`, Janus 1.1.2). Every participant decodes every other, both ways across the cascade, and a
// subscriber on the other node switches the simulcast layers of a publisher on the first.
import { expect } from '@open-wc/testing';
import type { Room } from '../../packages/core/src/room/Room.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectFullMesh, simulcastLayers, trackPeerConnections, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { testSfuNodes } from '../../packages/core/src/test-support/env.js';

interface NodeHealth {
  url: string;
  state: string;
  rooms: number;
  load: number;
}

async function health(): Promise<NodeHealth[]> {
  const response = await fetch('/__rtc-test/janus-nodes/cascade-health');
  if (!response.ok) throw new Error(`health: ${response.status} ${await response.text()}`);
  return (await response.json()) as NodeHealth[];
}

const HD: MediaTrackConstraints = { width: 1280, height: 720 };
const { created, start, stop } = trackPeerConnections();
before(start);
after(stop);

describe('A room cascaded across two Janus nodes', function () {
  this.timeout(120_000);
  const nodes = testSfuNodes();
  before(function () {
    if (!nodes) this.skip(); // Janus not installed, or not inside the test's network namespace (npm test sets it up)
  });
  afterEach(leaveAll);

  it('capacity 2, four members: two on each Janus, everyone decodes everyone, simulcast layers switch across the cascade', async () => {
    await waitFor(async () => (await health()).every((n) => n.state === 'up' && n.load === 0), 'both nodes up and idle', 30_000, 250);
    const room = uniqueRoom('cascade');
    const mark = created.length;
    const members: Room[] = [];
    // One at a time, so the first two are placed before the others: Ann (720p, simulcast) and Bob on one node.
    for (const [name, options] of [
      ['Ann', { video: HD }],
      ['Bob', { audio: false }],
      ['Cat', { audio: false }],
      ['Dan', { audio: false }],
    ] as const) {
      const r = makeRoom(room, name, new WebSocketSignaling(nodes!.cascadeSignalingUrl), { topology: 'sfu', ...options });
      await r.join();
      members.push(r);
      // Placed: it publishes and subscribes (a load of 2) on some node.
      const expected = 2 * members.length;
      await waitFor(async () => (await health()).reduce((sum, n) => sum + n.load, 0) === expected, `${name} placed`, 20_000, 200);
    }
    const spread = await health();
    expect(spread.map((n) => n.rooms), 'a Janus room on each node').to.deep.equal([1, 1]);
    expect(spread.map((n) => n.load), 'two members (publisher + subscriber each) on each node').to.deep.equal([4, 4]);

    await expectFullMesh(members);

    // Dan, on the other node, receives Ann's layers through the cascade and picks them.
    const [ann, , , dan] = members as [Room, Room, Room, Room];
    const annId = ann.localParticipant.id;
    const width = async (): Promise<number> => (await dan.getStats()).get(annId)?.frameWidth ?? 0;
    await dan.setVideoQuality(annId, 'low');
    await waitFor(async () => (await width()) === 320, 'Dan on the lowest layer (320 wide) after "low"', 20_000, 250);
    await dan.setVideoQuality(annId, 'high');
    try {
      await waitFor(async () => (await width()) >= 640, 'Dan on a wider layer (≥ 640) after "high"', 30_000, 250);
    } catch (error) {
      const sent = JSON.stringify(Object.fromEntries(await simulcastLayers(created.slice(mark))));
      throw new Error(`${(error as Error).message} Ann sends by rid: ${sent}`);
    }
  });
});
