// Moderation across signaling nodes (Redis backplane): a moderator on node A acts on a participant on node B. Mute
// holds, removals and room locks must hold cluster-wide, enforced by the node that serves the target — not only by
// the node where the moderator happens to be (before: the target's node dropped A's messages as malformed, a lock
// held on A only, and a removed participant could join again through B).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { mintRoomToken } from '../src/index.js';
import { connect, joined, resume, startServer, waitFor, type Msg, type TestClient, type TestServer } from './helpers.js';
import { freshRedisPerTest } from './cluster-helpers.js';

const SECRET = 'moderation-cluster-secret-0123456789abcdef';
const token = (name: string, role: 'publisher' | 'moderator' = 'publisher'): Promise<string> =>
  mintRoomToken({ secret: SECRET, room: 'r', name, role, jti: true });
/** A delivered message without its resume `seq` (these servers resume). */
const plain = ({ seq: _seq, ...rest }: Msg): Msg => rest;
const fast = { authSecret: SECRET, resumeGraceMs: 15_000, nodeHeartbeatMs: 200, nodeDeadAfterMs: 1000 };

describe('moderation across nodes (Redis)', { timeout: 120_000 }, () => {
  const redis = freshRedisPerTest();
  let a: TestServer;
  let b: TestServer;
  const clients: TestClient[] = [];
  const track = <T extends { client: TestClient }>(x: T): T => (clients.push(x.client), x);

  beforeEach(async () => {
    a = await startServer({ redisUrl: redis().url, ...fast });
    b = await startServer({ redisUrl: redis().url, ...fast });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.ws.terminate();
    await Promise.all([a?.close(), b?.close()]);
  });

  it('a mute held from node A binds the target on node B: told, self-unmute refused until a moderator allows it', async () => {
    const mod = track(await joined(a.wsUrl, 'r', 'M', await token('M', 'moderator')));
    const ada = track(await joined(b.wsUrl, 'r', 'Ada', await token('Ada')));
    await mod.client.next('peer-joined');
    mod.client.send({ type: 'moderate', req: 1, op: 'mute', id: ada.id, hold: true });
    assert.deepEqual(plain(await mod.client.next('moderate-reply')), { type: 'moderate-reply', req: 1 });
    assert.deepEqual(plain(await ada.client.next('moderation')), { type: 'moderation', action: 'muted', by: mod.id, hold: true });
    ada.client.send({ type: 'moderate', req: 1, op: 'unmute', id: ada.id });
    assert.equal((await ada.client.next('moderate-reply'))['error']?.code, 'forbidden', 'the hold is known on node B');
    mod.client.send({ type: 'moderate', req: 2, op: 'unmute', id: ada.id });
    await mod.client.next('moderate-reply');
    assert.deepEqual(plain(await ada.client.next('moderation')), { type: 'moderation', action: 'unmute-allowed', by: mod.id });
    ada.client.send({ type: 'moderate', req: 2, op: 'unmute', id: ada.id });
    assert.equal((await ada.client.next('moderate-reply'))['error'], undefined);
  });

  it('a removal from node A is enforced by node B (removed, 4003, peer-left); the token cannot join through either node', async () => {
    const mod = track(await joined(a.wsUrl, 'r', 'M', await token('M', 'moderator')));
    const adaToken = await token('Ada');
    const ada = track(await joined(b.wsUrl, 'r', 'Ada', adaToken));
    const bob = track(await joined(b.wsUrl, 'r', 'Bob', await token('Bob')));
    await waitFor(() => mod.client.history.filter((m) => m['type'] === 'peer-joined').length === 2);
    mod.client.send({ type: 'moderate', req: 1, op: 'remove', id: ada.id });
    assert.equal((await mod.client.next('moderate-reply'))['error'], undefined);
    assert.equal((await ada.client.next('error'))['code'], 'removed');
    assert.equal(await ada.client.closedWithin(), 4003, 'node B closed the socket: not left to the client');
    assert.equal((await mod.client.next('peer-left'))['id'], ada.id);
    assert.equal((await bob.client.next('peer-left'))['id'], ada.id);
    const again = await resume(a.wsUrl, ada.id, ada.msg['resumeToken'], 0);
    clients.push(again.client);
    assert.equal(again.reply['code'], 'removed', 'the old seat cannot resume on node A');
    for (const node of [a, b]) {
      const rejoin = track({ client: await connect(node.wsUrl) });
      await rejoin.client.expectError({ type: 'join', room: 'r', name: 'Ada', token: adaToken }, 'removed');
    }
  });

  it('a lock made on node A refuses newcomers on node B (moderators still join), is told to B, and ends with unlock or an empty room', async () => {
    const mod = track(await joined(a.wsUrl, 'r', 'M', await token('M', 'moderator')));
    const ada = track(await joined(b.wsUrl, 'r', 'Ada', await token('Ada')));
    mod.client.send({ type: 'moderate', req: 1, op: 'lock', locked: true });
    await mod.client.next('moderate-reply');
    assert.equal((await mod.client.next('room-lock'))['locked'], true);
    assert.deepEqual(plain(await ada.client.next('room-lock')), { type: 'room-lock', locked: true, by: mod.id }, 'told on node B');
    const bob = track({ client: await connect(b.wsUrl) });
    await bob.client.expectError({ type: 'join', room: 'r', name: 'Bob', token: await token('Bob') }, 'room-locked');
    const mod2 = track(await joined(b.wsUrl, 'r', 'M2', await token('M2', 'moderator')));
    assert.equal(mod2.msg['locked'], true, 'a moderator joining through B sees the lock');
    mod2.client.send({ type: 'moderate', req: 1, op: 'lock', locked: false });
    await mod2.client.next('moderate-reply');
    assert.equal((await mod.client.next('room-lock'))['locked'], false, 'the unlock made on B is told on A');
    const carl = track({ client: await connect(a.wsUrl) });
    assert.equal((await carl.client.join('r', 'Carl', await token('Carl')))['type'], 'joined', 'unlocked on A too');
    mod.client.send({ type: 'moderate', req: 2, op: 'lock', locked: true });
    await mod.client.next('moderate-reply');
    await ada.client.next('room-lock');
    // Everyone leaves (a closed socket would keep its seat for the resume grace period), on both nodes: the lock
    // goes with the room, cluster-wide. The last `leave` has no reply, so the newcomer waits for the room to empty.
    for (const c of [mod, mod2, carl]) c.client.send({ type: 'leave' });
    await waitFor(() => ada.client.history.filter((m) => m['type'] === 'peer-left').length === 3);
    ada.client.send({ type: 'leave' });
    const dan = await token('Dan');
    let msg: Msg = {};
    for (const start = Date.now(); msg['type'] !== 'joined'; ) {
      assert.ok(Date.now() - start < 10_000, `still refused 10 s after the room emptied: ${JSON.stringify(msg)}`);
      const attempt = track({ client: await connect(b.wsUrl) });
      attempt.client.send({ type: 'join', room: 'r', name: 'Dan', token: dan });
      const answered = (): Msg | undefined => attempt.client.history.find((m) => m['type'] === 'joined' || m['type'] === 'error');
      await waitFor(() => answered() !== undefined);
      msg = answered() ?? {};
      if (msg['type'] !== 'joined') assert.equal(msg['code'], 'room-locked', 'refused only while the last leave is applied');
    }
    assert.equal(msg['locked'], undefined);
  });
});
