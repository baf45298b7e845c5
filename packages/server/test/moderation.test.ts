// Issue 19, moderation: the `moderator` token role may mute, remove and lock; everyone else gets `forbidden`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mintRoomToken } from '../src/index.js';
import { connect, joined, resume, startServer, SUITE, type Msg } from './helpers.js';

const SECRET = 'moderation-secret-5f1c7e-0123456789abcdef';
const token = (name: string, role: 'publisher' | 'moderator' = 'publisher'): Promise<string> =>
  mintRoomToken({ secret: SECRET, room: 'r', name, role });

describe('moderation', SUITE, () => {
  it('a moderator mutes a participant: the target is told; a held mute refuses self-unmute until a moderator allows it', async () => {
    const t = await startServer({ authSecret: SECRET });
    try {
      const mod = await joined(t.wsUrl, 'r', 'M', await token('M', 'moderator'));
      assert.equal(mod.msg['role'], 'moderator');
      const ada = await joined(t.wsUrl, 'r', 'Ada', await token('Ada'));
      assert.equal(ada.msg['peers'][0].role, 'moderator', 'others see the role');
      mod.client.send({ type: 'moderate', req: 1, op: 'mute', id: ada.id });
      assert.deepEqual(await mod.client.next('moderate-reply'), { type: 'moderate-reply', req: 1 });
      assert.deepEqual(await ada.client.next('moderation'), { type: 'moderation', action: 'muted', by: mod.id });
      // Not held: the target may unmute itself.
      ada.client.send({ type: 'moderate', req: 1, op: 'unmute', id: ada.id });
      assert.equal((await ada.client.next('moderate-reply'))['error'], undefined);
      // Held: refused until a moderator lifts the hold.
      mod.client.send({ type: 'moderate', req: 2, op: 'mute', id: ada.id, hold: true });
      await mod.client.next('moderate-reply');
      assert.equal((await ada.client.next('moderation'))['hold'], true);
      ada.client.send({ type: 'moderate', req: 2, op: 'unmute', id: ada.id });
      assert.equal((await ada.client.next('moderate-reply'))['error']?.code, 'forbidden');
      mod.client.send({ type: 'moderate', req: 3, op: 'unmute', id: ada.id });
      await mod.client.next('moderate-reply');
      assert.equal((await ada.client.next('moderation'))['action'], 'unmute-allowed');
      ada.client.send({ type: 'moderate', req: 3, op: 'unmute', id: ada.id });
      assert.equal((await ada.client.next('moderate-reply'))['error'], undefined);
      mod.client.send({ type: 'moderate', req: 4, op: 'mute', id: 'nobody' });
      assert.equal((await mod.client.next('moderate-reply'))['error']?.code, 'unknown-peer');
      await Promise.all([mod.client.close(), ada.client.close()]);
    } finally {
      await t.close();
    }
  });

  it('refuses every moderation op of a non-moderator with forbidden, and changes nothing', async () => {
    const t = await startServer({ authSecret: SECRET });
    try {
      const ada = await joined(t.wsUrl, 'r', 'Ada', await token('Ada'));
      const bob = await joined(t.wsUrl, 'r', 'Bob', await token('Bob'));
      const ops: Msg[] = [
        { op: 'mute', id: bob.id },
        { op: 'unmute', id: bob.id },
        { op: 'remove', id: bob.id },
        { op: 'lock', locked: true },
      ];
      for (const [i, op] of ops.entries()) {
        ada.client.send({ type: 'moderate', req: i + 1, ...op });
        const reply = await ada.client.next('moderate-reply');
        assert.equal(reply['req'], i + 1);
        assert.equal(reply['error']?.code, 'forbidden', op['op']);
      }
      const carl = await joined(t.wsUrl, 'r', 'Carl', await token('Carl'));
      assert.equal(carl.msg['locked'], undefined, 'not locked');
      assert.equal(bob.client.history.filter((m) => m['type'] === 'moderation' || m['type'] === 'error').length, 0);
      await Promise.all([ada.client.close(), bob.client.close(), carl.client.close()]);
    } finally {
      await t.close();
    }
  });

  it('removal closes the seat with removed / 4003; the old seat cannot resume and the old token cannot join', async () => {
    const t = await startServer({ authSecret: SECRET, resumeGraceMs: 15_000 });
    try {
      const mod = await joined(t.wsUrl, 'r', 'M', await token('M', 'moderator'));
      const adaToken = await token('Ada');
      const ada = await joined(t.wsUrl, 'r', 'Ada', adaToken);
      mod.client.send({ type: 'moderate', req: 1, op: 'remove', id: ada.id });
      assert.equal((await mod.client.next('moderate-reply'))['error'], undefined);
      assert.equal((await ada.client.next('error'))['code'], 'removed');
      assert.equal(await ada.client.closedWithin(), 4003);
      assert.equal((await mod.client.next('peer-left'))['id'], ada.id);
      const again = await resume(t.wsUrl, ada.id, ada.msg['resumeToken'], 0);
      assert.equal(again.reply['code'], 'removed');
      const rejoin = await connect(t.wsUrl);
      await rejoin.expectError({ type: 'join', room: 'r', name: 'Ada', token: adaToken }, 'removed');
      // A fresh token (a new invitation: another jti) may join.
      const fresh = await mintRoomToken({ secret: SECRET, room: 'r', name: 'Ada', jti: true });
      assert.equal((await rejoin.join('r', 'Ada', fresh))['type'], 'joined');
      await Promise.all([mod.client.close(), again.client.close(), rejoin.close()]);
    } finally {
      await t.close();
    }
  });

  it('a locked room refuses newcomers with room-locked (moderators still join); unlock or an empty room ends it', async () => {
    const t = await startServer({ authSecret: SECRET });
    try {
      const mod = await joined(t.wsUrl, 'r', 'M', await token('M', 'moderator'));
      const ada = await joined(t.wsUrl, 'r', 'Ada', await token('Ada'));
      mod.client.send({ type: 'moderate', req: 1, op: 'lock', locked: true });
      await mod.client.next('moderate-reply');
      assert.deepEqual(await ada.client.next('room-lock'), { type: 'room-lock', locked: true, by: mod.id });
      const bob = await connect(t.wsUrl);
      await bob.expectError({ type: 'join', room: 'r', name: 'Bob', token: await token('Bob') }, 'room-locked');
      const mod2 = await joined(t.wsUrl, 'r', 'M2', await token('M2', 'moderator'));
      assert.equal(mod2.msg['locked'], true);
      mod2.client.send({ type: 'moderate', req: 1, op: 'lock', locked: false });
      await mod2.client.next('moderate-reply');
      assert.equal((await bob.join('r', 'Bob', await token('Bob')))['type'], 'joined');
      mod.client.send({ type: 'moderate', req: 2, op: 'lock', locked: true });
      await mod.client.next('moderate-reply');
      await Promise.all([mod.client.close(), mod2.client.close(), ada.client.close(), bob.close()]);
      // Everyone left: the lock went with the room.
      const carl = await joined(t.wsUrl, 'r', 'Carl', await token('Carl'));
      assert.equal(carl.msg['locked'], undefined);
      await carl.client.close();
    } finally {
      await t.close();
    }
  });

  it('mintRoomToken and the verifier accept role moderator; open servers have no moderators', async () => {
    const t = await startServer();
    try {
      const a = await joined(t.wsUrl, 'r', 'A');
      const b = await joined(t.wsUrl, 'r', 'B');
      assert.equal(a.msg['role'], 'publisher');
      a.client.send({ type: 'moderate', req: 1, op: 'remove', id: b.id });
      assert.equal((await a.client.next('moderate-reply'))['error']?.code, 'forbidden');
      await Promise.all([a.client.close(), b.client.close()]);
    } finally {
      await t.close();
    }
  });
});
