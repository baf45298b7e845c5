import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { PROTOCOL_VERSION } from '@rtc-room/protocol';
import { connect, joined, resume, type TestServer, startServer, SUITE } from './helpers.js';

describe('protocol version', SUITE, () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startServer({ resumeGraceMs: 10_000 });
  });
  afterEach(() => t.close());

  it('names its protocol major in joined', async () => {
    const a = await connect(t.wsUrl);
    const reply = await a.join('r', 'Alice');
    assert.equal(reply['protocol'], PROTOCOL_VERSION);
    a.send({ type: 'leave' });
    // A client that names the same major is accepted.
    a.send({ type: 'join', room: 'r', name: 'Alice', protocol: PROTOCOL_VERSION });
    assert.equal((await a.next('joined'))['protocol'], PROTOCOL_VERSION);
    await a.close();
  });

  it('answers a join of another major with protocol-mismatch and closes with 1002, before checking its shape', async () => {
    const other = await joined(t.wsUrl, 'r', 'Other');
    const a = await connect(t.wsUrl);
    // A future client's join may have fields this version does not know: still one clear error, not invalid-message.
    const error = await a.expectError({ type: 'join', room: 'r', name: 'Alice', protocol: PROTOCOL_VERSION + 1, future: {} }, 'protocol-mismatch');
    assert.equal(error['ref'], 'join');
    assert.match(error['message'], new RegExp(`protocol ${PROTOCOL_VERSION}\\b.*${PROTOCOL_VERSION + 1}`));
    assert.equal(await a.closedWithin(), 1002);
    // Nobody was seated: the room still has only its first participant.
    const b = await joined(t.wsUrl, 'r', 'Bob');
    assert.deepEqual((b.msg['peers'] as Array<{ name: string }>).map((p) => p.name), ['Other']);
    await Promise.all([other.client.close(), b.client.close()]);
  });

  it('answers a resume of another major with protocol-mismatch and closes', async () => {
    const a = await joined(t.wsUrl, 'r', 'Alice');
    const token = a.msg['resumeToken'] as string;
    assert.equal(typeof token, 'string', 'resumption is on');
    const b = await joined(t.wsUrl, 'r', 'Bob');
    a.client.ws.terminate();
    await b.client.next('peer-away');
    const d = await connect(t.wsUrl);
    await d.expectError({ type: 'resume', id: a.id, resumeToken: token, lastSeq: 0, protocol: PROTOCOL_VERSION + 1 }, 'protocol-mismatch');
    assert.equal(await d.closedWithin(), 1002);
    // The seat itself is untouched: a client of this version still resumes it.
    const back = await resume(t.wsUrl, a.id, token, 0);
    assert.equal(back.reply['protocol'], PROTOCOL_VERSION);
    await Promise.all([back.client.close(), b.client.close()]);
  });
});
