import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SignJWT, UnsecuredJWT } from 'jose';
import { WebSocket } from 'ws';
import { parseCliArgs } from '../src/args.js';
import { createServer, mintRoomToken } from '../src/index.js';
import { sdpSendsMedia } from '../src/sdp.js';
import { CLI_PATH, connect, joined, startServer, SUITE, withTimeout } from './helpers.js';

const SECRET = 'room-token-secret-7d2a41';
const key = new TextEncoder().encode(SECRET);
const now = (): number => Math.floor(Date.now() / 1000);

function sign(claims: Record<string, unknown>, secret: Uint8Array | Parameters<SignJWT['sign']>[0] = key, alg = 'HS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg }).sign(secret);
}

/** A minimal SDP with one audio and one video section, both with `direction` (or none when `null`). */
function sdp(direction: string | null, sessionDirection?: string): string {
  const dir = direction ? `a=${direction}\r\n` : '';
  return [
    'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n',
    sessionDirection ? `a=${sessionDirection}\r\n` : '',
    'a=group:BUNDLE 0 1\r\n',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n',
    dir,
    'a=rtpmap:111 opus/48000/2\r\n',
    'm=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\n',
    dir,
    'a=rtpmap:96 VP8/90000\r\n',
  ].join('');
}

const DATA_ONLY = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\n';

describe('room tokens', SUITE, () => {
  it('a valid token joins with the token name and role; peers see both', async () => {
    const t = await startServer({ authSecret: SECRET });
    try {
      const pubToken = await mintRoomToken({ secret: SECRET, room: 'r', name: 'Ada (verified)', ttlSeconds: 60 });
      const a = await joined(t.wsUrl, 'r', 'whatever-the-client-says', pubToken);
      assert.equal(a.msg['role'], 'publisher');
      const subToken = await sign({ room: 'r', name: 'Viewer', role: 'subscriber', exp: now() + 60, sub: 'user-9' });
      const b = await joined(t.wsUrl, 'r', 'Bob', subToken);
      assert.equal(b.msg['role'], 'subscriber');
      assert.deepEqual(b.msg['peers'], [{ id: a.id, name: 'Ada (verified)', role: 'publisher' }]);
      assert.deepEqual((await a.client.next('peer-joined'))['peer'], { id: b.id, name: 'Viewer', role: 'subscriber' });
      // No name claim: the join's name is used.
      const c = await joined(t.wsUrl, 'r', 'Carol', await sign({ room: 'r', exp: now() + 60 }));
      assert.deepEqual(c.msg['peers'].map((p: { name: string }) => p.name), ['Ada (verified)', 'Viewer']);
      assert.equal(c.msg['role'], 'publisher', 'role defaults to publisher');
      assert.ok(t.logs.some((e) => e.event === 'join' && e['role'] === 'subscriber' && e['sub'] === 'user-9'));
      await Promise.all([a.client.close(), b.client.close(), c.client.close()]);
    } finally {
      await t.close();
    }
  });

  const refusals: Array<[string, () => Promise<string | undefined>, RegExp]> = [
    ['missing', async () => undefined, /requires a room token/],
    ['garbage', async () => 'not-a-jwt', /malformed/],
    ['garbage with dots', async () => 'a.b.c', /malformed/],
    ['expired', () => sign({ room: 'r', name: 'N', exp: now() - 60 }), /expired/],
    ['wrong signature', () => sign({ room: 'r', exp: now() + 60 }, new TextEncoder().encode('another-secret')), /signature/],
    ['wrong room', () => sign({ room: 'other', exp: now() + 60 }), /another room/],
    ['no exp', () => sign({ room: 'r' }), /exp/],
    ['alg none', async () => new UnsecuredJWT({ room: 'r', exp: now() + 60 }).encode(), /algorithm|malformed/],
    ['bad role', () => sign({ room: 'r', role: 'admin', exp: now() + 60 }), /claims/],
    ['name too long', () => sign({ room: 'r', name: 'n'.repeat(65), exp: now() + 60 }), /claims/],
    ['not yet valid', () => sign({ room: 'r', exp: now() + 600, nbf: now() + 300 }), /not valid yet/],
  ];
  for (const [label, makeToken, pattern] of refusals) {
    it(`refuses a join with a ${label} token: unauthorized, nobody is told, and the socket may retry`, async () => {
      const t = await startServer({ authSecret: SECRET });
      try {
        const a = await joined(t.wsUrl, 'r', 'Alice', await mintRoomToken({ secret: SECRET, room: 'r', name: 'Alice' }));
        const c = await connect(t.wsUrl);
        const token = await makeToken();
        const err = await c.expectError({ type: 'join', room: 'r', name: 'Mallory', ...(token !== undefined ? { token } : {}) }, 'unauthorized');
        assert.match(err['message'], pattern);
        assert.equal(err['ref'], 'join');
        assert.equal(c.ws.readyState, WebSocket.OPEN);
        assert.deepEqual(t.server.stats(), { rooms: 1, participants: 1, connections: 2, away: 0 });
        assert.deepEqual(await a.client.collect('peer-joined', 50), []);
        // Signal before a successful join is still not-joined.
        await c.expectError({ type: 'broadcast', payload: {} }, 'not-joined');
        const retry = await c.join('r', 'Mallory', await mintRoomToken({ secret: SECRET, room: 'r', name: 'Mal' }));
        assert.equal(retry['type'], 'joined');
        await Promise.all([a.client.close(), c.close()]);
      } finally {
        await t.close();
      }
    });
  }

  it('a token for room A does not open room B', async () => {
    const t = await startServer({ authSecret: SECRET });
    try {
      const tokenA = await mintRoomToken({ secret: SECRET, room: 'A', name: 'Ann' });
      const c = await connect(t.wsUrl);
      await c.expectError({ type: 'join', room: 'B', name: 'Ann', token: tokenA }, 'unauthorized');
      await c.expectError({ type: 'join', room: 'a', name: 'Ann', token: tokenA }, 'unauthorized'); // exact match
      assert.equal(t.server.stats().rooms, 0);
      assert.equal((await c.join('A', 'Ann', tokenA))['room'], 'A');
      await c.close();
    } finally {
      await t.close();
    }
  });

  it('messages sent right behind a join wait for its token check and keep their order', async () => {
    const t = await startServer({ authSecret: SECRET });
    try {
      const a = await joined(t.wsUrl, 'r', 'Alice', await mintRoomToken({ secret: SECRET, room: 'r', name: 'Alice' }));
      const b = await connect(t.wsUrl);
      b.send({ type: 'join', room: 'r', name: 'Bob', token: await mintRoomToken({ secret: SECRET, room: 'r', name: 'Bob' }) });
      for (let n = 0; n < 5; n++) b.send({ type: 'broadcast', payload: { n } });
      b.send({ type: 'join', room: 'r', name: 'Bob' });
      const joinedMsg = await b.next('joined');
      assert.equal((await b.next('error'))['code'], 'already-joined');
      for (let n = 0; n < 5; n++) assert.deepEqual(await a.client.next('signal'), { type: 'signal', from: joinedMsg['id'], payload: { n } });
      await Promise.all([a.client.close(), b.close()]);
    } finally {
      await t.close();
    }
  });

  it('a server without auth accepts joins without a token (and ignores one)', async () => {
    const t = await startServer();
    try {
      const a = await joined(t.wsUrl, 'r', 'Alice');
      assert.equal(a.msg['role'], 'publisher');
      const b = await joined(t.wsUrl, 'r', 'Bob', 'anything');
      assert.deepEqual(b.msg['peers'], [{ id: a.id, name: 'Alice', role: 'publisher' }]);
      await Promise.all([a.client.close(), b.client.close()]);
    } finally {
      await t.close();
    }
  });

  for (const type of ['ec', 'rsa', 'ed25519'] as const) {
    it(`verifies tokens with an ${type} public key and refuses an HS256 token keyed with that public key`, async () => {
      const pair =
        type === 'ec'
          ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
          : type === 'rsa'
            ? generateKeyPairSync('rsa', { modulusLength: 2048 })
            : generateKeyPairSync('ed25519');
      const alg = type === 'ec' ? 'ES256' : type === 'rsa' ? 'RS256' : 'EdDSA';
      const pem = pair.publicKey.export({ type: 'spki', format: 'pem' }) as string;
      const t = await startServer({ authPublicKey: pem });
      try {
        const good = await sign({ room: 'r', name: 'Key', exp: now() + 60 }, pair.privateKey, alg);
        const a = await joined(t.wsUrl, 'r', 'x', good);
        assert.equal(a.msg['role'], 'publisher');
        const confused = await sign({ room: 'r', exp: now() + 60 }, new TextEncoder().encode(pem), 'HS256');
        const c = await connect(t.wsUrl);
        assert.match((await c.expectError({ type: 'join', room: 'r', name: 'x', token: confused }, 'unauthorized'))['message'], /algorithm/);
        const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const foreign = await sign({ room: 'r', exp: now() + 60 }, other.privateKey, 'ES256');
        await c.expectError({ type: 'join', room: 'r', name: 'x', token: foreign }, 'unauthorized');
        await Promise.all([a.client.close(), c.close()]);
      } finally {
        await t.close();
      }
    });
  }

  it('rejects bad auth options and bad mintRoomToken input with TypeError', async () => {
    assert.throws(() => createServer({ authSecret: '' }), TypeError);
    assert.throws(() => createServer({ authPublicKey: 'not a pem' }), TypeError);
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    assert.throws(() => createServer({ authSecret: 's', authPublicKey: publicKey }), /mutually exclusive/);
    assert.throws(() => createServer({ authPublicKey: privateKey }), TypeError);
    createServer({ authPublicKey: publicKey }); // a KeyObject works too
    await assert.rejects(mintRoomToken({ secret: '', room: 'r' }), TypeError);
    await assert.rejects(mintRoomToken({ secret: 's', room: '' }), TypeError);
    await assert.rejects(mintRoomToken({ secret: 's', room: 'r', name: '' }), TypeError);
    await assert.rejects(mintRoomToken({ secret: 's', room: 'r', role: 'admin' as 'publisher' }), TypeError);
    await assert.rejects(mintRoomToken({ secret: 's', room: 'r', ttlSeconds: 0 }), TypeError);
  });
});

describe('subscribers may not publish', SUITE, () => {
  async function room(): Promise<{
    t: Awaited<ReturnType<typeof startServer>>;
    pub: Awaited<ReturnType<typeof joined>>;
    sub: Awaited<ReturnType<typeof joined>>;
  }> {
    const t = await startServer({ authSecret: SECRET });
    const pub = await joined(t.wsUrl, 'r', 'P', await mintRoomToken({ secret: SECRET, room: 'r', name: 'Pub' }));
    const sub = await joined(t.wsUrl, 'r', 'S', await mintRoomToken({ secret: SECRET, room: 'r', name: 'Sub', role: 'subscriber' }));
    await pub.client.next('peer-joined');
    return { t, pub, sub };
  }

  it('refuses a subscriber description that would send media (signal and broadcast); the peer receives nothing', async () => {
    const { t, pub, sub } = await room();
    try {
      const sending: Array<[string, string]> = [
        ['sendonly', sdp('sendonly')],
        ['sendrecv', sdp('sendrecv')],
        ['no direction (defaults to sendrecv)', sdp(null)],
        ['session-level sendonly', sdp(null, 'sendonly')],
        ['one sendonly section among recvonly', sdp('recvonly').replace(/(m=video[^]*?)a=recvonly/, '$1a=sendonly')],
        ['LF line endings, upper case', sdp('SENDRECV').replace(/\r\n/g, '\n')],
        // Issue 15: Chromium reads all three as sendrecv (attribute names are case-sensitive; direction is per section).
        ['mixed-case a=RecvOnly', sdp('RecvOnly')],
        ['a=recvonly at session level only', sdp(null, 'recvonly')],
        ['a=recvonly with trailing text', sdp('recvonly ')],
        ['recvonly then sendrecv in one section', sdp('recvonly').replace(/a=recvonly\r\n/g, 'a=recvonly\r\na=sendrecv\r\n')],
      ];
      // Issue 15: an `sdp` that is not a string is turned into one by the browser (WebIDL), `[sdp]` → sdp.
      const shapes: Array<[string, unknown]> = [
        ['sdp as a one-element array', { type: 'answer', sdp: [sdp('sendrecv')] }],
        ['sdp as an object', { type: 'answer', sdp: { toString: sdp('sendrecv') } }],
        ['description as an array', [{ type: 'answer', sdp: sdp('sendrecv') }]],
        ['description as a string', sdp('sendrecv')],
        ['no type', { sdp: sdp('recvonly') }],
        ['unknown type', { type: 'Answer', sdp: sdp('recvonly') }],
      ];
      for (const [label, description] of [...sending.map(([l, text]) => [l, { type: 'offer', sdp: text }] as const), ...shapes]) {
        for (const type of ['signal', 'broadcast'] as const) {
          const payload = { t: 'sdp', description };
          const msg = type === 'signal' ? { type, to: pub.id, payload } : { type, payload };
          const err = await sub.client.expectError(msg, 'forbidden');
          assert.equal(err['message'], 'subscribers may not publish media', label);
          assert.equal(err['ref'], type);
        }
      }
      assert.deepEqual(await pub.client.collect('signal', 100), [], 'nothing was relayed');
      assert.equal(sub.client.ws.readyState, WebSocket.OPEN);
      assert.ok(t.logs.some((e) => e.event === 'refusal' && e['code'] === 'forbidden' && e['id'] === sub.id));
    } finally {
      await Promise.all([pub.client.close(), sub.client.close()]);
      await t.close();
    }
  });

  it("relays a subscriber's recvonly/inactive answers, data-only SDP and ICE candidates; publishers may send", async () => {
    const { t, pub, sub } = await room();
    try {
      const allowed = [
        { t: 'sdp', description: { type: 'answer', sdp: sdp('recvonly') } },
        { t: 'sdp', description: { type: 'answer', sdp: sdp('inactive') } },
        { t: 'sdp', description: { type: 'offer', sdp: sdp('recvonly', 'sendrecv') } },
        { t: 'sdp', description: { type: 'offer', sdp: DATA_ONLY } },
        { t: 'ice', candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0' } },
        { t: 'state', muted: { audio: true } },
      ];
      for (const payload of allowed) {
        sub.client.send({ type: 'signal', to: pub.id, payload });
        assert.deepEqual(await pub.client.next('signal'), { type: 'signal', from: sub.id, payload });
      }
      sub.client.send({ type: 'broadcast', payload: allowed[0] });
      assert.deepEqual((await pub.client.next('signal'))['payload'], allowed[0]);
      const offer = { t: 'sdp', description: { type: 'offer', sdp: sdp('sendrecv') } };
      pub.client.send({ type: 'signal', to: sub.id, payload: offer });
      assert.deepEqual(await sub.client.next('signal'), { type: 'signal', from: pub.id, payload: offer });
      assert.deepEqual(sub.client.history.filter((m) => m['type'] === 'error'), []);
    } finally {
      await Promise.all([pub.client.close(), sub.client.close()]);
      await t.close();
    }
  });

  it('sdpSendsMedia reads the effective direction of every audio/video section', () => {
    assert.equal(sdpSendsMedia(sdp('sendrecv')), true);
    assert.equal(sdpSendsMedia(sdp('sendonly')), true);
    assert.equal(sdpSendsMedia(sdp(null)), true);
    assert.equal(sdpSendsMedia(sdp('recvonly')), false);
    assert.equal(sdpSendsMedia(sdp('inactive')), false);
    assert.equal(sdpSendsMedia(sdp(null, 'recvonly')), true, 'session-level direction is not read by browsers');
    assert.equal(sdpSendsMedia(sdp('RecvOnly')), true, 'attribute names are case-sensitive');
    assert.equal(sdpSendsMedia(sdp('recvonly').replace(/\r\n/g, '\n')), false);
    assert.equal(sdpSendsMedia(DATA_ONLY), false);
    assert.equal(sdpSendsMedia(''), false);
  });
});

describe('rtc-room-server token', { timeout: 120_000 }, () => {
  const cliPath = CLI_PATH;

  it('prints a token the server accepts (secret from the environment)', async () => {
    const child = spawn(
      process.execPath,
      [cliPath, 'token', '--room', 'cli-room', '--name', 'Cli User', '--role', 'subscriber', '--ttl', '120', '--sub', 'u-1'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RTC_AUTH_SECRET: SECRET } },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    const code = await withTimeout(new Promise<number | null>((resolve) => child.on('exit', resolve)), 20_000, 'token CLI');
    assert.equal(code, 0);
    const token = stdout.trim();
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(stdout.split('\n').length, 2, 'exactly one line');
    const t = await startServer({ authSecret: SECRET });
    try {
      const a = await joined(t.wsUrl, 'cli-room', 'x', token);
      assert.equal(a.msg['role'], 'subscriber');
      const b = await joined(t.wsUrl, 'cli-room', 'y', await mintRoomToken({ secret: SECRET, room: 'cli-room', name: 'B' }));
      assert.deepEqual(b.msg['peers'], [{ id: a.id, name: 'Cli User', role: 'subscriber' }]);
      await Promise.all([a.client.close(), b.client.close()]);
    } finally {
      await t.close();
    }
  });

  it('parses token flags and rejects incomplete ones', () => {
    assert.deepEqual(parseCliArgs(['token', '--secret', 's', '--room', 'r', '--name', 'N'], {}), {
      kind: 'token',
      options: { secret: 's', room: 'r', name: 'N', role: 'publisher' },
    });
    assert.deepEqual(parseCliArgs(['token', '--room', 'r', '--name', 'N', '--ttl', '60', '--role', 'subscriber'], { RTC_AUTH_SECRET: 'e' }), {
      kind: 'token',
      options: { secret: 'e', room: 'r', name: 'N', role: 'subscriber', ttlSeconds: 60 },
    });
    assert.throws(() => parseCliArgs(['token', '--room', 'r', '--name', 'N'], {}), /secret/);
    assert.throws(() => parseCliArgs(['token', '--secret', 's', '--name', 'N'], {}), /--room/);
    assert.throws(() => parseCliArgs(['token', '--secret', 's', '--room', 'r'], {}), /--name/);
    assert.throws(() => parseCliArgs(['token', '--secret', 's', '--room', 'r', '--name', 'N', '--role', 'admin'], {}), /--role/);
    assert.throws(() => parseCliArgs(['token', '--secret', 's', '--room', 'r', '--name', 'N', '--ttl', '0'], {}), /--ttl/);
  });

  it('parses --auth-secret / RTC_AUTH_SECRET and --auth-public-key FILE', async () => {
    assert.deepEqual(parseCliArgs([], { RTC_AUTH_SECRET: 'env' }), { kind: 'run', options: { authSecret: 'env' } });
    assert.deepEqual(parseCliArgs(['--auth-secret', 'flag'], { RTC_AUTH_SECRET: 'env' }), { kind: 'run', options: { authSecret: 'flag' } });
    assert.throws(() => parseCliArgs(['--auth-public-key', '/nonexistent/key.pem'], {}), /--auth-public-key/);
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(path.join(tmpdir(), 'rtc-room-key-'));
    try {
      const pem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string;
      await writeFile(path.join(dir, 'key.pem'), pem);
      assert.deepEqual(parseCliArgs(['--auth-public-key', path.join(dir, 'key.pem')], {}), { kind: 'run', options: { authPublicKey: pem } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('secrets stay out of the logs', SUITE, () => {
  it('a full auth + TURN flow, including refusals, logs neither secret, token nor credential', async () => {
    const turnSecret = 'TURN-SECRET-41b7e2';
    const t = await startServer({ authSecret: SECRET, turnUrls: ['turn:127.0.0.1:3478'], turnSecret });
    try {
      const tokens = [
        await mintRoomToken({ secret: SECRET, room: 'r', name: 'Alice', sub: 'alice' }),
        await mintRoomToken({ secret: SECRET, room: 'r', name: 'Bob', role: 'subscriber' }),
      ];
      const a = await joined(t.wsUrl, 'r', 'Alice', tokens[0]);
      const b = await joined(t.wsUrl, 'r', 'Bob', tokens[1]);
      a.client.send({ type: 'ice-servers' });
      const fresh = await a.client.next('ice-servers');
      const bad = await sign({ room: 'other', exp: now() + 60 });
      const expired = await sign({ room: 'r', exp: now() - 60 });
      const c = await connect(t.wsUrl);
      for (const token of [bad, expired, 'garbage-token-value-93ad', `${tokens[0]}x`]) {
        await c.expectError({ type: 'join', room: 'r', name: 'C', token }, 'unauthorized');
      }
      await b.client.expectError({ type: 'broadcast', payload: { t: 'sdp', description: { type: 'offer', sdp: sdp('sendrecv') } } }, 'forbidden');
      await Promise.all([a.client.close(), b.client.close(), c.close()]);
      await t.close();
      const text = JSON.stringify(t.logs);
      const credentials = [a.msg, b.msg, fresh].flatMap((m) => m['iceServers'].map((s: { credential: string }) => s.credential));
      assert.equal(credentials.length, 3);
      for (const needle of [SECRET, turnSecret, ...tokens, bad, expired, 'garbage-token-value-93ad', ...credentials]) {
        assert.ok(!text.includes(needle), `log contains ${needle.slice(0, 12)}…`);
      }
      // … while the refusals themselves are logged with a reason.
      for (const reason of ['token-wrong-room', 'token-expired', 'token-malformed', 'token-bad-signature']) {
        assert.ok(t.logs.some((e) => e.event === 'refusal' && e['code'] === 'unauthorized' && e['reason'] === reason), reason);
      }
      assert.deepEqual(t.logs.find((e) => e.event === 'start')?.['auth'], 'secret');
    } finally {
      await t.close();
    }
  });
});
