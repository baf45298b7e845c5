// Server-side recording requests (`sfu` op `record`) without a media server: who may ask, what a server without
// --recordings-dir answers, the token claim and the flags. Recording through a real Janus (and converting the
// files with janus-pp-rec) is tested end to end in e2e/browser/recording.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCliArgs } from '../src/args.js';
import { createTokenVerifier } from '../src/auth.js';
import { createServer, mintRoomToken } from '../src/index.js';
import { recordingId } from '../src/sfu/recording.js';
import { deadPort, joined, startServer, SUITE, type TestClient } from './helpers.js';

const secret = 'recording-test-secret-5c1e';

async function record(client: TestClient, req: number, action = 'start'): Promise<{ code: string } | undefined> {
  client.send({ type: 'sfu', op: 'record', req, action });
  const reply = await client.next('sfu-reply');
  assert.equal(reply['req'], req);
  return reply['error'] as { code: string } | undefined;
}

describe('server recording requests', SUITE, () => {
  it('forbidden without the record claim (and on servers without tokens); recording-off without --recordings-dir', async () => {
    const janusUrl = `ws://127.0.0.1:${await deadPort()}`;
    const open = await startServer({ janusUrl, recordingsDir: '/tmp/rtc-room-recordings' });
    const noDir = await startServer({ janusUrl, authSecret: secret });
    const full = await startServer({ janusUrl, authSecret: secret, recordingsDir: '/tmp/rtc-room-recordings' });
    try {
      const anyone = await joined(open.wsUrl, 'r', 'Ann');
      assert.equal((await record(anyone.client, 1))?.code, 'forbidden');

      const plain = await joined(full.wsUrl, 'r', 'Bob', await mintRoomToken({ secret, room: 'r', name: 'Bob' }));
      assert.equal((await record(plain.client, 2))?.code, 'forbidden');
      assert.equal((await record(plain.client, 3, 'stop'))?.code, 'forbidden');

      const hostToken = await mintRoomToken({ secret, room: 'r', name: 'Host', record: true });
      const hostNoDir = await joined(noDir.wsUrl, 'r', 'Host', hostToken);
      assert.equal((await record(hostNoDir.client, 4))?.code, 'recording-off');

      // Allowed and configured, but Janus is unreachable.
      const host = await joined(full.wsUrl, 'r', 'Host', hostToken);
      assert.equal((await record(host.client, 5))?.code, 'sfu-unavailable');
      // A subscriber with the claim is allowed too (a host who only watches): same answer.
      const viewer = await joined(full.wsUrl, 'r', 'V', await mintRoomToken({ secret, room: 'r', name: 'V', role: 'subscriber', record: true }));
      assert.equal((await record(viewer.client, 6))?.code, 'sfu-unavailable');
    } finally {
      await Promise.all([open.close(), noDir.close(), full.close()]);
    }
  });

  it('without --janus-url a record request gets sfu-off; an unknown action is an invalid message', async () => {
    const t = await startServer({ authSecret: secret });
    try {
      const { client } = await joined(t.wsUrl, 'r', 'Host', await mintRoomToken({ secret, room: 'r', name: 'Host', record: true }));
      assert.equal((await record(client, 1))?.code, 'sfu-off');
      client.send({ type: 'sfu', op: 'record', req: 2, action: 'pause' });
      assert.equal((await client.next('error'))['code'], 'invalid-message');
    } finally {
      await t.close();
    }
  });

  it('the record claim: minted with record: true, verified only as a boolean', async () => {
    const verify = createTokenVerifier({ secret });
    const granted = await verify(await mintRoomToken({ secret, room: 'r', record: true }), 'r');
    assert.ok(granted.ok && granted.claims.record === true);
    const plain = await verify(await mintRoomToken({ secret, room: 'r' }), 'r');
    assert.ok(plain.ok && plain.claims.record === undefined);
    await assert.rejects(mintRoomToken({ secret, room: 'r', record: 'yes' as unknown as boolean }), /record must be a boolean/);
  });

  it('flags: --recordings-dir (absolute, needs --janus-url) and token --record', () => {
    const run = parseCliArgs(['--janus-url', 'ws://127.0.0.1:8188', '--recordings-dir', '/var/lib/janus/recordings'], {});
    assert.equal(run.kind === 'run' && run.options.recordingsDir, '/var/lib/janus/recordings');
    const token = parseCliArgs(['token', '--secret', 's', '--room', 'r', '--name', 'n', '--record'], {});
    assert.equal(token.kind === 'token' && token.options.record, true);
    const plain = parseCliArgs(['token', '--secret', 's', '--room', 'r', '--name', 'n'], {});
    assert.equal(plain.kind === 'token' && plain.options.record, undefined);
    assert.throws(() => createServer({ janusUrl: 'ws://127.0.0.1:1', recordingsDir: 'relative/dir' }), /absolute path/);
    assert.throws(() => createServer({ recordingsDir: '/tmp/x' }), /needs janusUrl/);
  });

  it('recording ids are UTC time plus a random suffix, safe as folder names', () => {
    const id = recordingId(new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 678)));
    assert.match(id, /^20250102T030405Z-[0-9a-f]{6}$/);
    assert.notEqual(recordingId(), recordingId());
  });
});
