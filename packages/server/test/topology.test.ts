// The `auto` topology policy on its own (src/rooms/topology.ts): thresholds, hysteresis, the SFU being
// unreachable, and a client resuming in the SFU. The messages it leads to are tested through the server in
// sfu.test.ts and end to end in e2e/browser/sfu-auto.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TopologyPolicy } from '../src/rooms/topology.js';

const auto = { auto: true };

describe('auto topology policy', () => {
  it('defaults: past 4 participants a mesh room moves to the SFU and everyone is told', () => {
    const policy = new TopologyPolicy();
    assert.deepEqual(policy.arrival('mesh', 4, auto, true), { topology: 'mesh', tell: 'newcomer' });
    assert.deepEqual(policy.arrival('mesh', 5, auto, true), { topology: 'sfu', tell: 'everyone' });
    // A newcomer to a room already in the SFU is told where the room is, nobody else.
    assert.deepEqual(policy.arrival('sfu', 6, auto, true), { topology: 'sfu', tell: 'newcomer' });
  });

  it('hysteresis: departures bring a room back to mesh only at meshAtOrBelow', () => {
    const policy = new TopologyPolicy({ sfuAbove: 4, meshAtOrBelow: 2 });
    assert.deepEqual(policy.departure('sfu', 4, true), { topology: 'sfu', tell: 'nobody' });
    assert.deepEqual(policy.departure('sfu', 3, true), { topology: 'sfu', tell: 'nobody' });
    assert.deepEqual(policy.departure('sfu', 2, true), { topology: 'mesh', tell: 'everyone' });
    assert.deepEqual(policy.departure('mesh', 1, true), { topology: 'mesh', tell: 'nobody' });
  });

  it('an arrival never shrinks a room to mesh', () => {
    const policy = new TopologyPolicy();
    assert.deepEqual(policy.arrival('sfu', 1, auto, true), { topology: 'sfu', tell: 'newcomer' });
  });

  it('without a reachable SFU a large room stays in mesh, even for a client that claims to be in the SFU', () => {
    const policy = new TopologyPolicy();
    assert.deepEqual(policy.arrival('mesh', 9, { auto: true, current: 'sfu' }, false), { topology: 'mesh', tell: 'newcomer' });
    assert.deepEqual(policy.departure('mesh', 8, false), { topology: 'mesh', tell: 'nobody' });
  });

  it('a client back in the SFU after a restart keeps a small room there, telling only itself', () => {
    const policy = new TopologyPolicy();
    assert.deepEqual(policy.arrival('mesh', 1, { auto: true, current: 'sfu' }, true), { topology: 'sfu', tell: 'newcomer' });
    assert.deepEqual(policy.arrival('mesh', 1, { auto: true, current: 'mesh' }, true), { topology: 'mesh', tell: 'newcomer' });
  });

  it('participants that do not follow the policy are never told; a change they cause still reaches everyone', () => {
    const policy = new TopologyPolicy();
    assert.deepEqual(policy.arrival('mesh', 2, { auto: false, current: 'sfu' }, true), { topology: 'mesh', tell: 'nobody' });
    assert.deepEqual(policy.arrival('mesh', 5, { auto: false }, true), { topology: 'sfu', tell: 'everyone' });
  });

  it('custom thresholds, and thresholds that cannot work are refused', () => {
    const policy = new TopologyPolicy({ sfuAbove: 2, meshAtOrBelow: 0 });
    assert.equal(policy.arrival('mesh', 3, auto, true).topology, 'sfu');
    assert.equal(policy.departure('sfu', 1, true).topology, 'sfu');
    assert.equal(policy.departure('sfu', 0, true).topology, 'mesh');
    assert.throws(() => new TopologyPolicy({ sfuAbove: 2, meshAtOrBelow: 2 }), RangeError);
    assert.throws(() => new TopologyPolicy({ sfuAbove: 2.5 }), RangeError);
    assert.throws(() => new TopologyPolicy({ meshAtOrBelow: -1 }), RangeError);
  });
});
