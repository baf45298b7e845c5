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

/** Each Janus's `listparticipants` of the room's Janus rooms (asked by web-test-runner.config.mjs). */
async function janusParticipants(room: string): Promise<Array<{ janus: string; participants: Array<{ id: number; display?: string; remote?: boolean }> }>> {
  const response = await fetch(`/__rtc-test/janus-nodes/cascade-participants?room=${encodeURIComponent(room)}`);
  if (!response.ok) throw new Error(`participants: ${response.status} ${await response.text()}`);
  return (await response.json()) as Array<{ janus: string; participants: Array<{ id: number; display?: string; remote?: boolean }> }>;
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
  afterEach(async () => {
    await leaveAll();
    if (!nodes) return;
    const response = await fetch('/__rtc-test/janus-nodes/start', { method: 'POST' });
    if (!response.ok) throw new Error(`start: ${response.status}`);
  });

  /** Four members joined one at a time (the first two placed before the others), Ann publishing 720p simulcast. */
  async function fourMembers(): Promise<{ room: string; members: [Room, Room, Room, Room] }> {
    await waitFor(async () => (await health()).every((n) => n.state === 'up' && n.load === 0), 'both nodes up and idle', 30_000, 250);
    const room = uniqueRoom('cascade');
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
    return { room, members: members as [Room, Room, Room, Room] };
  }

  it('capacity 2, four members: two on each Janus, everyone decodes everyone and hears broadcasts, simulcast layers switch across the cascade; a publisher that leaves is removed from the other Janus', async () => {
    const mark = created.length;
    const { room, members } = await fourMembers();
    const spread = await health();
    expect(spread.map((n) => n.rooms), 'a Janus room on each node').to.deep.equal([1, 1]);
    expect(spread.map((n) => n.load), 'two members (publisher + subscriber each) on each node').to.deep.equal([4, 4]);

    await expectFullMesh(members);
    const [ann, bob, cat, dan] = members as [Room, Room, Room, Room];
    const annId = ann.localParticipant.id;
    // Each Janus has its two members and the other two as remote publishers (displayed by participant id).
    const parts = await janusParticipants(room);
    expect(parts.length).to.equal(2);
    for (const part of parts) {
      expect(part.participants.length, part.janus).to.equal(4);
      expect(part.participants.filter((p) => p.remote).length, `${part.janus}: remote publishers`).to.equal(2);
    }

    // Broadcasts go through Janus's data channels, forwarded across too: Ann (first node) and Dan (second) hear each other.
    const heard = { ann: [] as unknown[], dan: [] as unknown[] };
    ann.on('messageReceived', (m) => m.from.id === dan.localParticipant.id && heard.ann.push(m.payload));
    dan.on('messageReceived', (m) => m.from.id === annId && heard.dan.push(m.payload));
    await waitFor(async () => {
      await ann.send('ping from Ann');
      await dan.send('ping from Dan');
      return heard.ann.length > 0 && heard.dan.length > 0;
    }, 'Ann and Dan to hear each other across the cascade', 20_000, 250);

    // Dan, on the other node, receives Ann's layers through the cascade and picks them.
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

    // Cat (second node) leaves: unpublished remotely, gone from the first Janus; the others keep decoding across.
    const catId = cat.localParticipant.id;
    await cat.leave();
    await waitFor(async () => (await janusParticipants(room)).every((part) => part.participants.every((p) => p.display !== catId)),
      "Cat's feed gone from both Janus rooms", 20_000, 250);
    await expectFullMesh([ann, bob, dan]);
  });

  it('the Janus holding half of a cascaded call is SIGKILLed: its members move to the other one, same ids, everyone decodes everyone again', async () => {
    const { room, members } = await fourMembers();
    await expectFullMesh(members);
    const ids = members.map((m) => m.localParticipant.id);
    const [, , cat] = members;
    // The node where Cat publishes (not as a remote publisher).
    const catId = cat.localParticipant.id;
    const home = (await janusParticipants(room)).find((part) => part.participants.some((p) => p.display === catId && !p.remote))!;
    const response = await fetch(`/__rtc-test/janus-nodes/kill?url=${encodeURIComponent(home.janus)}`, { method: 'POST' });
    expect(response.ok, 'kill').to.equal(true);
    await waitFor(async () => {
      const h = await health();
      return h.find((n) => n.url === home.janus)?.state !== 'up' && h.find((n) => n.url !== home.janus)?.load === 8;
    }, 'all four members on the live node', 20_000, 250);
    await expectFullMesh(members);
    expect(members.map((m) => m.localParticipant.id)).to.deep.equal(ids);
  });
});
