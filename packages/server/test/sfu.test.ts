// SFU messages without a reachable media server: what an `auto` client is told at hello, and the errors every
// request gets. (The SFU itself is tested end to end with a real Janus in the browser suite.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deadPort, joined, startServer, SUITE } from './helpers.js';

describe('SFU messages', SUITE, () => {
  it('without --janus-url: an auto hello is told mesh at once; requests (restart included) get sfu-off', async () => {
    const t = await startServer();
    try {
      const { client } = await joined(t.wsUrl, 'r', 'Ann');
      client.send({ type: 'sfu', op: 'hello', topology: 'auto' });
      assert.deepEqual(await client.next('topology'), { type: 'topology', topology: 'mesh' });
      client.send({ type: 'sfu', op: 'restart', req: 7 });
      const reply = await client.next('sfu-reply');
      assert.equal(reply['req'], 7);
      assert.equal((reply['error'] as { code: string }).code, 'sfu-off');
      // A plain `sfu` hello gets no topology (only `auto` clients follow the server's decisions).
      client.send({ type: 'sfu', op: 'hello', topology: 'sfu' });
      client.send({ type: 'sfu', op: 'subscribe', req: 8 });
      assert.equal((await client.next('sfu-reply'))['req'], 8);
      assert.equal(client.history.filter((m) => m['type'] === 'topology').length, 1);
    } finally {
      await t.close();
    }
  });

  it('media server unreachable: auto hello (even claiming sfu) is told mesh; restart and publish get sfu-unavailable', async () => {
    const t = await startServer({ janusUrl: `ws://127.0.0.1:${await deadPort()}` });
    try {
      const { client } = await joined(t.wsUrl, 'r', 'Ann');
      client.send({ type: 'sfu', op: 'hello', topology: 'auto', current: 'sfu' });
      assert.deepEqual(await client.next('topology'), { type: 'topology', topology: 'mesh' });
      client.send({ type: 'sfu', op: 'restart', req: 1 });
      assert.equal(((await client.next('sfu-reply'))['error'] as { code: string }).code, 'sfu-unavailable');
      client.send({ type: 'sfu', op: 'publish', req: 2, description: { type: 'offer', sdp: 'v=0\r\n' } });
      assert.equal(((await client.next('sfu-reply'))['error'] as { code: string }).code, 'sfu-unavailable');
    } finally {
      await t.close();
    }
  });

  it('rejects a hello with an unknown current topology', async () => {
    const t = await startServer();
    try {
      const { client } = await joined(t.wsUrl, 'r', 'Ann');
      client.send({ type: 'sfu', op: 'hello', topology: 'auto', current: 'p2p' });
      assert.equal((await client.next('error'))['code'], 'invalid-message');
    } finally {
      await t.close();
    }
  });

  it('publish takes the sources of its mids (screen share); an unknown source is an invalid message', async () => {
    const t = await startServer({ janusUrl: `ws://127.0.0.1:${await deadPort()}` });
    try {
      const { client } = await joined(t.wsUrl, 'r', 'Ann');
      const description = { type: 'offer', sdp: 'v=0\r\n' };
      const sources = [{ mid: '0', source: 'microphone' }, { mid: '1', source: 'camera' }, { mid: '2', source: 'screen' }, { mid: '3', source: 'screen-audio' }];
      client.send({ type: 'sfu', op: 'publish', req: 1, description, sources });
      assert.equal(((await client.next('sfu-reply'))['error'] as { code: string }).code, 'sfu-unavailable');
      client.send({ type: 'sfu', op: 'publish', req: 2, description, sources: [{ mid: '2', source: 'window' }] });
      assert.equal((await client.next('error'))['code'], 'invalid-message');
    } finally {
      await t.close();
    }
  });
});
