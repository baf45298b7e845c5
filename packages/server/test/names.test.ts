// Issue 15: display names with bidi overrides / control characters, and two participants of one room with the same
// name. Others see the name cleaned and made unique.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mintRoomToken } from '../src/index.js';
import { cleanName, displayName } from '../src/names.js';
import { joined, startServer, SUITE } from './helpers.js';

describe('display names', SUITE, () => {
  it('peers see names without bidi controls or control characters, and no two alike in a room', async () => {
    const secret = 'names-secret-0123456789';
    const t = await startServer({ authSecret: secret });
    const join = async (name: string, tokenName?: string) =>
      joined(t.wsUrl, 'r', name, await mintRoomToken({ secret, room: 'r', ...(tokenName ? { name: tokenName } : {}) }));
    try {
      const ann = await join('Ann');
      // "Mallory‮gnp.exe" renders as "Malloryexe.png"; a zero-width space and a newline hide in the other.
      const mal = await join('Mallory\u202Egnp.exe');
      assert.equal((await ann.client.next('peer-joined'))['peer'].name, 'Mallorygnp.exe');
      const twin = await join('ann');
      assert.equal((await ann.client.next('peer-joined'))['peer'].name, 'ann (2)');
      const third = await join('x', 'A\u200Bnn\n');
      assert.equal((await ann.client.next('peer-joined'))['peer'].name, 'Ann (3)', 'token names too');
      const blank = await join('\u2066\u2069');
      assert.deepEqual(blank.msg['peers'].map((p: { name: string }) => p.name), ['Ann', 'Mallorygnp.exe', 'ann (2)', 'Ann (3)']);
      assert.equal((await ann.client.next('peer-joined'))['peer'].name, 'Guest');
      await Promise.all([ann, mal, twin, third, blank].map((p) => p.client.close()));
    } finally {
      await t.close();
    }
  });

  it('cleanName and displayName', () => {
    assert.equal(cleanName('  A\u0007da\u00A0 \t Lovelace\u200F '), 'Ada Lovelace');
    assert.equal(cleanName('\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\uFEFF'), 'Guest');
    assert.equal(cleanName('Zoe\u0301'), 'Zo\u00e9', 'NFC');
    assert.equal(displayName('Ｂob', ['bob'], 64), 'Ｂob (2)', 'compatibility forms collide (NFKC)');
    assert.equal(displayName('n'.repeat(64), ['n'.repeat(64)], 64), `${'n'.repeat(60)} (2)`);
    assert.equal(displayName('Eve', ['Eve', 'Eve (2)'], 64), 'Eve (3)');
    assert.equal(displayName('Eve', ['Ann'], 64), 'Eve');
  });
});
