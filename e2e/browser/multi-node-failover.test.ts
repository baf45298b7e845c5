// nginx (docs/deploy/nginx.conf, the configuration the deployment guide ships) in front of two signaling nodes
// that share rooms through Redis. The node a participant is on dies (SIGKILL) or is deployed (SIGTERM: it drains,
// closes its sockets with 1012 and exits): its clients resume through nginx on the other node with the same ids,
// nobody sees a participant leave, and every page decodes every other again within 5 s (the kill) or never stops
// decoding (the drain). Needs the Redis backplane (packages/server `--redis-url`, drain on SIGTERM).
import { expect } from '@open-wc/testing';
import type { Room } from '../../packages/core/src/room/Room.js';
import type { ConnectionState } from '../../packages/core/src/room/types.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { startCluster, type TestCluster } from '../../packages/core/src/test-support/cluster.js';
import { expectFullMesh, framesDecoded, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';

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

interface Watched {
  rooms: Room[];
  ids: string[];
  /** Presence changes seen by anyone after the call was up (there must be none). */
  presence: string[];
  /** Each room's connection states after the call was up. */
  states: Map<string, ConnectionState[]>;
}

describe('two signaling nodes + Redis behind nginx', function () {
  this.timeout(60_000);
  let cluster: TestCluster;
  beforeEach(async () => {
    cluster = await startCluster({ nodes: 2, redis: true, nginx: true });
  });
  afterEach(async () => {
    await leaveAll();
    await cluster?.stop();
  });

  /** Ann and Bob through nginx (round-robin: usually one per node), in one mesh call, watched from then on. */
  async function call(prefix: string): Promise<Watched> {
    const room = uniqueRoom(prefix);
    const rooms = [makeRoom(room, 'Ann', new WebSocketSignaling(cluster.proxy())), makeRoom(room, 'Bob', new WebSocketSignaling(cluster.proxy()))];
    for (const r of rooms) await r.join();
    await expectFullMesh(rooms);
    const watched: Watched = { rooms, ids: rooms.map((r) => r.localParticipant.id), presence: [], states: new Map() };
    for (const r of rooms) {
      const name = r.localParticipant.name;
      const states: ConnectionState[] = [];
      watched.states.set(name, states);
      r.on('connectionStateChanged', (s) => states.push(s));
      r.on('participantJoined', (p) => watched.presence.push(`${name} saw ${p.name} join`));
      r.on('participantLeft', (p) => watched.presence.push(`${name} saw ${p.name} leave`));
    }
    return watched;
  }

  /** The index of a node holding a participant's socket. */
  async function busyNode(): Promise<number> {
    const health = await cluster.health();
    const index = health.findIndex((h) => (h?.connections ?? 0) > 0);
    expect(index, JSON.stringify(health)).to.be.at.least(0);
    return index;
  }

  /** Same ids, same participants, no leave/join seen, and signaling works across the nodes again (a mute). */
  async function expectSameCall({ rooms, ids, presence }: Watched): Promise<void> {
    const [ann, bob] = rooms as [Room, Room];
    expect(rooms.map((r) => r.localParticipant.id)).to.deep.equal(ids);
    expect([...ann.participants.keys()]).to.deep.equal([ids[1]]);
    expect([...bob.participants.keys()]).to.deep.equal([ids[0]]);
    await ann.setMicrophoneEnabled(false);
    await bob.setMicrophoneEnabled(false);
    await waitFor(
      () => bob.participants.get(ids[0]!)?.isMicrophoneEnabled === false && ann.participants.get(ids[1]!)?.isMicrophoneEnabled === false,
      'each to see the other muted after the move',
    );
    expect(presence).to.deep.equal([]);
  }

  it('SIGKILL of a node: every page decodes again within 5 s, same ids, no participantLeft', async () => {
    const watched = await call('failover-kill');
    const node = await busyNode();
    await cluster.node(node, 'kill');
    const atKill = await decodedCounts(watched.rooms);
    // The bound: within 5 s of the kill everyone is connected again (resumed on the other node) and every
    // page decodes every other.
    await waitFor(
      async () => {
        if (!watched.rooms.every((r) => r.state === 'connected')) return false;
        const now = await decodedCounts(watched.rooms);
        return [...atKill].every(([pair, n]) => (now.get(pair) ?? 0) > n);
      },
      'every page connected and decoding every other',
      5000,
      100,
    );
    const health = await cluster.health();
    expect(health[node]).to.equal(null);
    expect(health[1 - node]?.connections).to.equal(2);
    await expectSameCall(watched);
  });

  it('SIGTERM of a node (drain, close 1012): no gap in decoded frames, same ids, no participantLeft', async () => {
    const watched = await call('failover-drain');
    const node = await busyNode();
    // Decoded frames sampled every second over the drain; each sample must exceed the one before, for every pair.
    const samples: Array<Map<string, number>> = [await decodedCounts(watched.rooms)];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await new Promise((r) => setTimeout(r, 1000));
        samples.push(await decodedCounts(watched.rooms));
      }
    })();
    try {
      await cluster.node(node, 'terminate'); // resolves once the node drained and exited
      const moved = [...watched.states].filter(([, s]) => s.includes('reconnecting')).map(([name]) => name);
      expect(moved.length, 'the drained node’s participants were moved').to.be.at.least(1);
      await waitFor(() => watched.rooms.every((r) => r.state === 'connected'), 'everyone connected after the drain', 10_000, 50);
      const settled = samples.length;
      await waitFor(() => samples.length >= settled + 2, 'two more samples after the drain', 10_000);
    } finally {
      sampling = false;
      await sampler;
    }
    for (let i = 1; i < samples.length; i++) {
      for (const [pair, n] of samples[i]!) {
        expect(n, `${pair} decoded frames at sample ${i} (of ${samples.length}): ${JSON.stringify([...samples.map((s) => s.get(pair))])}`).to.be.greaterThan(samples[i - 1]!.get(pair)!);
      }
    }
    const health = await cluster.health();
    expect(health[node]).to.equal(null);
    expect(health[1 - node]?.connections).to.equal(2);
    await expectSameCall(watched);
  });
});
