// The exported conformance suite itself: it registers with the runner it is given (options.api, as a vitest or
// jest user without globals would), passes a correct adapter, and fails one that breaks the contract.
import { expect } from '@open-wc/testing';
import { MemorySignaling, MemorySignalingHub } from '../signaling/MemorySignaling.js';
import type { SignalingPayload } from '../signaling/SignalingAdapter.js';
import { runSignalingAdapterTests, type TestApi } from './index.js';

/** Runs the suite for `factory` through a collecting runner; resolves with each test's title and error. */
async function runSuite(factory: () => MemorySignaling): Promise<Array<{ title: string; error?: Error }>> {
  const tests: Array<{ title: string; body: () => Promise<void> }> = [];
  const afterEachHooks: Array<() => Promise<void>> = [];
  let suites = 0;
  const api: TestApi = {
    describe: (_title, body) => {
      suites += 1;
      body();
    },
    it: (title, body) => tests.push({ title, body }),
    afterEach: (body) => afterEachHooks.push(body),
  };
  runSignalingAdapterTests('collected', factory, { api });
  expect(suites).to.equal(1);
  const results: Array<{ title: string; error?: Error }> = [];
  for (const t of tests) {
    let error: Error | undefined;
    try {
      await t.body();
    } catch (e) {
      error = e as Error;
    }
    for (const hook of afterEachHooks) await hook();
    results.push(error ? { title: t.title, error } : { title: t.title });
  }
  return results;
}

/** Breaks the contract: a peer channel's send() reaches every peer, not only the addressed one. */
class LeakySignaling extends MemorySignaling {
  protected override sendPeer(_to: string | null, payload: SignalingPayload): void {
    super.sendPeer(null, payload);
  }
}

describe('runSignalingAdapterTests (the exported suite)', function () {
  this.timeout(30_000);

  it('registers with options.api and passes MemorySignaling', async () => {
    const hub = new MemorySignalingHub();
    const results = await runSuite(() => new MemorySignaling(hub));
    expect(results).to.have.length(8);
    expect(results.filter((r) => r.error).map((r) => `${r.title}: ${r.error!.message}`)).to.deep.equal([]);
  });

  it('fails an adapter whose send() reaches more than the addressed peer, naming what was wrong', async () => {
    const hub = new MemorySignalingHub();
    const failed = (await runSuite(() => new LeakySignaling(hub))).filter((r) => r.error);
    expect(failed.map((r) => r.title)).to.deep.equal(['delivers send() to exactly one peer, in order, stamped with the sender id']);
    expect(failed[0]!.error!.name).to.equal('AssertionError');
    expect(failed[0]!.error!.message).to.match(/^messages to a peer not addressed: expected \[\], got \[/);
  });

  it('without options.api and without runner globals it throws a TypeError that says what to do', () => {
    const g = globalThis as unknown as Record<string, unknown>;
    const saved = g['describe'];
    g['describe'] = undefined;
    try {
      expect(() => runSignalingAdapterTests('none', () => new MemorySignaling(new MemorySignalingHub())))
        .to.throw(TypeError, /options\.api/);
    } finally {
      g['describe'] = saved;
    }
  });
});
