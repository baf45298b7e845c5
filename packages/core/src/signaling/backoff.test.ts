import { expect } from '@open-wc/testing';
import { backoffDelay, hintedDelay, isReconnectHint } from './backoff.js';

describe('backoffDelay', () => {
  it('grows exponentially up to the cap', () => {
    const noJitter = { initialDelayMs: 100, maxDelayMs: 1000, factor: 2, jitter: 0 };
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, noJitter))).to.deep.equal([100, 200, 400, 800, 1000, 1000]);
  });

  it('spreads delays by the jitter fraction', () => {
    const opts = { initialDelayMs: 1000, maxDelayMs: 1000, jitter: 0.5 };
    expect(backoffDelay(0, opts, () => 0)).to.equal(1000);
    expect(backoffDelay(0, opts, () => 1)).to.equal(500);
    expect(backoffDelay(0, opts, () => 0.5)).to.equal(750);
  });
});

describe('reconnect hints', () => {
  it('are the closes of a server going away or restarting (1001, 1012), not drops or refusals', () => {
    expect([1001, 1012].map(isReconnectHint)).to.deep.equal([true, true]);
    expect([1000, 1006, 1008, 1011, 1013, 4001].map(isReconnectHint)).to.deep.equal([false, false, false, false, false, false]);
  });

  it('are answered within 250 ms, whatever the backoff options', () => {
    expect([0, 0.5, 1].map((r) => hintedDelay(() => r))).to.deep.equal([0, 125, 250]);
  });
});
