// Issue 15: room tokens without audience/issuer checks, maximum lifetime or `jti` replay limits.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { WebSocket } from 'ws';
import { parseCliArgs } from '../src/args.js';
import { createServer, MemoryJtiStore, mintRoomToken } from '../src/index.js';
import type { TokenPolicy } from '../src/index.js';
import { connect, joined, startServer, SUITE } from './helpers.js';

const SECRET = 'room-token-secret-7d2a41';
const key = new TextEncoder().encode(SECRET);
const now = (): number => Math.floor(Date.now() / 1000);
const sign = (claims: Record<string, unknown>): Promise<string> => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key);

const POLICY: TokenPolicy = { audience: 'rtc.example', issuer: ['https://app.example'], maxLifetimeSeconds: 600, maxUsesPerJti: 2 };
const good = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  room: 'r', aud: 'rtc.example', iss: 'https://app.example', iat: now(), exp: now() + 300, jti: `j-${Math.random()}`, ...extra,
});

describe('token policy', SUITE, () => {
  const refusals: Array<[string, () => Promise<string>, RegExp]> = [
    ['no aud', () => sign(good({ aud: undefined })), /aud/],
    ['another aud', () => sign(good({ aud: 'other.example' })), /aud/],
    ['no iss', () => sign(good({ iss: undefined })), /iss/],
    ['another iss', () => sign(good({ iss: 'https://evil.example' })), /iss/],
    ['no iat', () => sign(good({ iat: undefined })), /lifetime/],
    ['lifetime above the maximum', () => sign(good({ exp: now() + 601 + 5 })), /lifetime/],
    ['iat in the future', () => sign(good({ iat: now() + 3600, exp: now() + 3900 })), /not valid yet/],
    ['no jti', () => sign(good({ jti: undefined })), /jti/],
  ];
  for (const [label, makeToken, pattern] of refusals) {
    it(`refuses a token with ${label}: unauthorized, the socket may retry`, async () => {
      const t = await startServer({ authSecret: SECRET, tokenPolicy: POLICY });
      try {
        const c = await connect(t.wsUrl);
        const err = await c.expectError({ type: 'join', room: 'r', name: 'M', token: await makeToken() }, 'unauthorized');
        assert.match(err['message'], pattern, label);
        assert.equal(c.ws.readyState, WebSocket.OPEN);
        assert.equal((await c.join('r', 'M', await sign(good())))['type'], 'joined');
        await c.close();
      } finally {
        await t.close();
      }
    });
  }

  it('a jti opens at most maxUsesPerJti joins; another jti is counted apart; mintRoomToken sets aud, iss and jti', async () => {
    const t = await startServer({ authSecret: SECRET, tokenPolicy: POLICY });
    try {
      const token = await sign(good({ jti: 'once-twice' }));
      const a = await joined(t.wsUrl, 'r', 'A', token);
      const b = await joined(t.wsUrl, 'r', 'B', token);
      const c = await connect(t.wsUrl);
      const err = await c.expectError({ type: 'join', room: 'r', name: 'C', token }, 'unauthorized');
      assert.match(err['message'], /already used/);
      // Leaving does not give the use back: the jti stays spent until the token expires.
      await a.client.close();
      await c.expectError({ type: 'join', room: 'r', name: 'C', token }, 'unauthorized');
      const minted = await mintRoomToken({ secret: SECRET, room: 'r', ttlSeconds: 600, audience: 'rtc.example', issuer: 'https://app.example', jti: true });
      assert.equal((await c.join('r', 'C', minted))['type'], 'joined');
      await Promise.all([b.client.close(), c.close()]);
    } finally {
      await t.close();
    }
  });

  it('mintRoomToken with a ttl above maxLifetimeSeconds is refused', async () => {
    const t = await startServer({ authSecret: SECRET, tokenPolicy: { maxLifetimeSeconds: 60 } });
    try {
      const c = await connect(t.wsUrl);
      await c.expectError({ type: 'join', room: 'r', name: 'C', token: await mintRoomToken({ secret: SECRET, room: 'r', ttlSeconds: 61 }) }, 'unauthorized');
      assert.equal((await c.join('r', 'C', await mintRoomToken({ secret: SECRET, room: 'r', ttlSeconds: 60 })))['type'], 'joined');
      await c.close();
    } finally {
      await t.close();
    }
  });

  it('MemoryJtiStore counts uses and forgets a jti once its token expired', () => {
    let clock = 1_000_000;
    const store = new MemoryJtiStore(() => clock);
    assert.equal(store.use('a', clock + 10_000), 1);
    assert.equal(store.use('a', clock + 10_000), 2);
    assert.equal(store.use('b', clock + 500), 1);
    clock += 2_000;
    assert.equal(store.use('c', clock + 1), 1);
    assert.equal(store.size, 2, 'b was swept');
    clock += 10_000;
    assert.equal(store.use('a', clock + 1), 1, 'a expired: counted afresh');
  });

  it('rejects a malformed tokenPolicy, or one without auth', () => {
    for (const tokenPolicy of [{ maxUsesPerJti: 0 }, { maxLifetimeSeconds: 1.5 }, { audience: '' }, { issuer: [] }] as TokenPolicy[]) {
      assert.throws(() => createServer({ authSecret: SECRET, tokenPolicy }), TypeError, JSON.stringify(tokenPolicy));
    }
    assert.throws(() => createServer({ tokenPolicy: { maxUsesPerJti: 1 } }), /requires authSecret/);
  });

  it('the CLI flags set tokenPolicy', () => {
    const command = parseCliArgs(
      ['--token-audience', 'a1', '--token-audience', 'a2', '--token-issuer', 'i', '--token-max-lifetime', '600', '--token-max-uses', '1'],
      { RTC_AUTH_SECRET: SECRET },
    );
    assert.equal(command.kind, 'run');
    assert.deepEqual(command.kind === 'run' && command.options.tokenPolicy, {
      audience: ['a1', 'a2'], issuer: ['i'], maxLifetimeSeconds: 600, maxUsesPerJti: 1,
    });
    assert.throws(() => parseCliArgs(['--token-max-uses', 'x'], {}), /--token-max-uses/);
  });
});
