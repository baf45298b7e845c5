// SFU calls through a locked-down Janus (issue 14): janus.jcfg `api_secret` and the VideoRoom `admin_key`
// (web-test-runner.config.mjs starts it with scripts/janus.mjs, and two signaling servers driving it). With the
// right secrets the call works as on an open Janus; with a wrong API secret the app gets one clear error code,
// `sfu-misconfigured`, documented in docs/guides/errors.md (the server's log line is checked in
// packages/server/test/janus-locked.test.ts).
import { expect } from '@open-wc/testing';
import type { RtcError } from '../../packages/core/src/errors/RtcError.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectFullMesh, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { testSfuLocked } from '../../packages/core/src/test-support/env.js';

describe('SFU call through a locked-down Janus (api_secret + admin_key)', function () {
  this.timeout(90_000);
  const locked = testSfuLocked();
  before(function () {
    if (!locked) this.skip(); // Janus not installed, or not inside the test's network namespace (npm test sets it up)
  });
  afterEach(leaveAll);

  it('the right secrets: 3 participants, everyone decodes everyone', async () => {
    const room = uniqueRoom('sfu-locked');
    const [ann, bob, cat] = ['Ann', 'Bob', 'Cat'].map((name) =>
      makeRoom(room, name, new WebSocketSignaling(locked!.signalingUrl), { topology: 'sfu' }));
    const errors: RtcError[] = [];
    for (const r of [ann!, bob!, cat!]) r.on('error', (e) => errors.push(e));
    await ann!.join();
    await bob!.join();
    await cat!.join();
    await expectFullMesh([ann!, bob!, cat!]);
    expect(errors.map((e) => e.code)).to.deep.equal([]);
  });

  it('a wrong API secret: the room reports sfu-misconfigured naming --janus-api-secret, not a silent wait', async () => {
    const ann = makeRoom(uniqueRoom('sfu-locked-wrong'), 'Ann', new WebSocketSignaling(locked!.wrongSecretSignalingUrl), {
      topology: 'sfu', audio: false,
    });
    const errors: RtcError[] = [];
    ann.on('error', (e) => errors.push(e));
    await ann.join();
    await waitFor(() => errors.length > 0, 'an error from the room', 20_000);
    expect(errors[0]!.code).to.equal('sfu-misconfigured');
    expect(errors[0]!.message).to.contain('--janus-api-secret');
  });
});
