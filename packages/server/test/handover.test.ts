// A seat taken over from a live node: what the old node hands on is matched against what came directly (multiset),
// so the client gets every message exactly as often as it was sent (a duplicate was seen under load in CI-like runs).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Handover, HANDED_ON } from '../src/backplane/handover.js';

describe('Handover', () => {
  it('drops a handed-on copy of a message that came directly, one for one; delivers the others', () => {
    const h = new Handover();
    h.start('x', 1000);
    const m = '{"type":"signal","from":"y","payload":{"n":1}}';
    const other = '{"type":"signal","from":"y","payload":{"n":2}}';
    assert.equal(h.filter('x', m, 1001), m, 'direct: delivered');
    assert.equal(h.filter('x', m, 1002), m, 'the same content sent twice: delivered twice');
    assert.equal(h.filter('x', HANDED_ON + m, 1003), undefined, 'first handed-on copy: dropped');
    assert.equal(h.filter('x', HANDED_ON + m, 1004), undefined, 'second handed-on copy: dropped');
    assert.equal(h.filter('x', HANDED_ON + m, 1005), m, 'a third one never came directly: delivered');
    assert.equal(h.filter('x', HANDED_ON + other, 1006), other, 'only handed on: delivered, unmarked');
    assert.equal(h.filter('z', HANDED_ON + m, 1007), m, 'a seat not taken over here: unmarked, delivered');
  });

  it('matches only within its window, and not after stop', () => {
    const h = new Handover();
    const m = '{"type":"peer-left","id":"q"}';
    h.start('x', 0);
    h.filter('x', m, 1);
    assert.equal(h.filter('x', HANDED_ON + m, 20_000), m, 'after the window: delivered');
    h.start('y', 0);
    h.filter('y', m, 1);
    h.stop('y');
    assert.equal(h.filter('y', HANDED_ON + m, 2), m);
  });
});
