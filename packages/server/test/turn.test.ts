import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { parseCliArgs } from '../src/args.js';
import { createServer, mintTurnCredentials } from '../src/index.js';
import { connect, delay, joined, startServer, SUITE, type Msg } from './helpers.js';

const SECRET = 'turn-shared-secret-0b3c9e';
const URLS = ['turn:127.0.0.1:3478?transport=udp', 'turns:turn.example.org:5349', 'stun:127.0.0.1:3478'];

/** Checks one TURN REST entry independently of the server's code; returns its expiry (Unix seconds). */
function checkTurnEntry(entry: Msg, user: string, secret = SECRET): number {
  assert.deepEqual(entry['urls'], URLS);
  const [expiry, who, ...rest] = String(entry['username']).split(':');
  assert.equal(rest.length, 0, 'username is "<expiry>:<user>"');
  assert.equal(who, user);
  assert.match(expiry ?? '', /^\d+$/);
  const expected = createHmac('sha1', secret).update(String(entry['username'])).digest('base64');
  assert.equal(entry['credential'], expected, 'credential = base64(HMAC-SHA1(secret, username))');
  return Number(expiry);
}

describe('TURN REST credentials', SUITE, () => {
  it('hands every participant its own credentials in joined, after the static ICE servers', async () => {
    const stun = { urls: 'stun:stun.example.org' };
    const t = await startServer({ turnUrls: URLS, turnSecret: SECRET, iceServers: [stun] });
    try {
      const before = Math.floor(Date.now() / 1000);
      const a = await joined(t.wsUrl, 'r', 'Alice');
      const b = await joined(t.wsUrl, 'r', 'Bob');
      for (const { msg, id } of [a, b]) {
        assert.equal(msg['iceServers'].length, 2);
        assert.deepEqual(msg['iceServers'][0], stun);
        const expiry = checkTurnEntry(msg['iceServers'][1], id);
        assert.ok(expiry >= before + 1800 && expiry <= Math.floor(Date.now() / 1000) + 1800, `expiry ≈ now + 1800 (${expiry})`);
        assert.equal(typeof msg['iceServersTtlMs'], 'number');
        assert.ok(msg['iceServersTtlMs'] > 1_795_000 && msg['iceServersTtlMs'] <= 1_800_000, String(msg['iceServersTtlMs']));
        assert.equal(msg['role'], 'publisher');
      }
      assert.notEqual(a.msg['iceServers'][1].credential, b.msg['iceServers'][1].credential);
      await Promise.all([a.client.close(), b.client.close()]);
    } finally {
      await t.close();
    }
  });

  it('ice-servers returns fresh credentials with a later expiry; turnTtlSeconds is respected', async () => {
    const t = await startServer({ turnUrls: URLS, turnSecret: SECRET, turnTtlSeconds: 120 });
    try {
      const a = await joined(t.wsUrl, 'r', 'Alice');
      const first = checkTurnEntry(a.msg['iceServers'][0], a.id);
      const now = Math.floor(Date.now() / 1000);
      assert.ok(first >= now + 119 && first <= now + 120, `expiry ≈ now + 120 (${first} vs ${now})`);
      assert.ok(a.msg['iceServersTtlMs'] > 118_000 && a.msg['iceServersTtlMs'] <= 120_000);
      await delay(1100); // expiry has one-second resolution
      a.client.send({ type: 'ice-servers' });
      const fresh = await a.client.next('ice-servers');
      assert.deepEqual(Object.keys(fresh).sort(), ['iceServers', 'iceServersTtlMs', 'type']);
      assert.equal(fresh['iceServers'].length, 1);
      const second = checkTurnEntry(fresh['iceServers'][0], a.id);
      assert.ok(second > first, 'later expiry');
      assert.ok(fresh['iceServersTtlMs'] > 118_000 && fresh['iceServersTtlMs'] <= 120_000);
      await a.client.close();
    } finally {
      await t.close();
    }
  });

  it('without TURN: ice-servers returns the static list (or an empty one) and no TTL; before join it is refused', async () => {
    const stun = { urls: 'stun:stun.example.org' };
    const withStatic = await startServer({ iceServers: [stun] });
    const bare = await startServer();
    try {
      const a = await joined(withStatic.wsUrl, 'r', 'Alice');
      assert.deepEqual(a.msg['iceServers'], [stun]);
      assert.equal('iceServersTtlMs' in a.msg, false);
      a.client.send({ type: 'ice-servers' });
      assert.deepEqual(await a.client.next('ice-servers'), { type: 'ice-servers', iceServers: [stun] });
      const b = await joined(bare.wsUrl, 'r', 'Bob');
      assert.equal('iceServers' in b.msg, false);
      b.client.send({ type: 'ice-servers' });
      assert.deepEqual(await b.client.next('ice-servers'), { type: 'ice-servers', iceServers: [] });
      const c = await connect(bare.wsUrl);
      assert.equal((await c.expectError({ type: 'ice-servers' }, 'not-joined'))['ref'], 'ice-servers');
      await c.expectError({ type: 'ice-servers', force: true }, 'invalid-message');
      await Promise.all([a.client.close(), b.client.close(), c.close()]);
    } finally {
      await Promise.all([withStatic.close(), bare.close()]);
    }
  });

  it('mintTurnCredentials is deterministic for a given time and validates its input', () => {
    const now = 1_700_000_000_500;
    const c = mintTurnCredentials({ secret: 's', urls: ['turn:x:3478'], user: 'u1', ttlSeconds: 60, now });
    assert.equal(c.username, '1700000060:u1');
    assert.equal(c.expiresAt, 1_700_000_060);
    assert.equal(c.ttlMs, 59_500);
    assert.equal(c.credential, createHmac('sha1', 's').update('1700000060:u1').digest('base64'));
    assert.deepEqual(c.iceServer, { urls: ['turn:x:3478'], username: c.username, credential: c.credential });
    assert.equal(mintTurnCredentials({ secret: 's', urls: ['turn:x'], user: 'u', now }).expiresAt, 1_700_000_000 + 1800, 'default TTL 30 min');
    assert.throws(() => mintTurnCredentials({ secret: '', urls: ['turn:x'], user: 'u' }), TypeError);
    assert.throws(() => mintTurnCredentials({ secret: 's', urls: [], user: 'u' }), TypeError);
    assert.throws(() => mintTurnCredentials({ secret: 's', urls: ['http://x'], user: 'u' }), TypeError);
    assert.throws(() => mintTurnCredentials({ secret: 's', urls: ['turn:x'], user: 'a:b' }), TypeError);
    assert.throws(() => mintTurnCredentials({ secret: 's', urls: ['turn:x'], user: 'u', ttlSeconds: 0 }), TypeError);
  });

  it('rejects incomplete or malformed TURN options', () => {
    assert.throws(() => createServer({ turnUrls: ['turn:x:3478'] }), /turnSecret/);
    assert.throws(() => createServer({ turnSecret: 's' }), /turnUrls/);
    assert.throws(() => createServer({ turnSecret: '', turnUrls: ['turn:x'] }), TypeError);
    assert.throws(() => createServer({ turnSecret: 's', turnUrls: ['https://x'] }), TypeError);
    assert.throws(() => createServer({ turnSecret: 's', turnUrls: ['turn:x'], turnTtlSeconds: 0 }), TypeError);
    assert.throws(() => createServer({ turnSecret: 's', turnUrls: ['turn:x'], turnTtlSeconds: 1.5 }), TypeError);
  });

  it('parses --turn-urls (repeatable, comma-separated), --turn-secret / RTC_TURN_SECRET and --turn-ttl', () => {
    const command = parseCliArgs(['--turn-urls', 'turn:a:3478,turns:b:5349', '--turn-urls', 'stun:c', '--turn-ttl', '600'], {
      RTC_TURN_SECRET: 'from-env',
    });
    assert.deepEqual(command, {
      kind: 'run',
      options: { turnUrls: ['turn:a:3478', 'turns:b:5349', 'stun:c'], turnSecret: 'from-env', turnTtlSeconds: 600 },
    });
    const flag = parseCliArgs(['--turn-urls', 'turn:a', '--turn-secret', 'flag'], { RTC_TURN_SECRET: 'env' });
    assert.equal(flag.kind === 'run' && flag.options.turnSecret, 'flag', 'the flag wins over the environment');
    assert.throws(() => parseCliArgs(['--turn-ttl', 'x'], {}), /--turn-ttl/);
  });
});
