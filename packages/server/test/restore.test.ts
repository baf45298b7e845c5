/**
 * Restoring seats after a server restart from signed, self-contained resume tokens (`resumeSecret`).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { afterEach, describe, it } from 'node:test';
import { parseCliArgs } from '../src/args.js';
import { resolveOptions } from '../src/options.js';
import { MAX_RESUME_TOKEN_LENGTH, MAX_NAME_LENGTH, MAX_ROOM_LENGTH, parseClientMessage, PROTOCOL_VERSION } from '../src/protocol.js';
import { RESUME_TOKEN_MAX_AGE_MS, ResumeTokens } from '../src/resume-token.js';
import { CLI_PATH, joined, lastSeqOf, resume, startServer, waitFor, withTimeout, type Msg, type TestClient, type TestServer } from './helpers.js';

const SECRET = 'restore-test-secret-0123456789';
const GRACE = 2000;

/** Rewrites the JSON payload of a token (keeping its MAC): what a forger could do without the secret. */
function tamper(token: string, edit: (claims: Msg) => void): string {
  const raw = Buffer.from(token, 'base64url');
  const claims = JSON.parse(raw.subarray(33).toString('utf8')) as Msg;
  edit(claims);
  return Buffer.concat([raw.subarray(0, 33), Buffer.from(JSON.stringify(claims), 'utf8')]).toString('base64url');
}

const servers: TestServer[] = [];
const clients: TestClient[] = [];
async function start(options: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const s = await startServer({ resumeGraceMs: GRACE, ...options });
  servers.push(s);
  return s;
}
const track = <T extends TestClient>(c: T): T => (clients.push(c), c);

afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/**
 * Two participants in room `r` on `a`; `a` goes away by `crash`; `b` starts on the same port with `bOptions`.
 * Returns the old sessions and the new server.
 */
async function restart(
  crash: (a: TestServer, clients: TestClient[]) => Promise<void>,
  bOptions: Parameters<typeof startServer>[0] = { resumeSecret: SECRET },
  aOptions: Parameters<typeof startServer>[0] = { resumeSecret: SECRET },
) {
  const a = await start(aOptions);
  const alice = await joined(a.wsUrl, 'r', 'Alice');
  const bob = await joined(a.wsUrl, 'r', 'Bob');
  track(alice.client);
  track(bob.client);
  await alice.client.next('peer-joined');
  bob.client.send({ type: 'signal', to: alice.id, payload: { before: 1 } });
  await alice.client.next('signal');
  await crash(a, [alice.client, bob.client]);
  const port = a.server.port ?? Number(new URL(a.wsUrl).port);
  const b = await start({ ...bOptions, port });
  assert.equal(b.wsUrl, a.wsUrl, 'same port');
  return { a, b, alice, bob };
}

/** Both clients resume on the new server; checks the restored session end to end. */
async function expectRestored({ b, alice, bob }: Awaited<ReturnType<typeof restart>>): Promise<void> {
  const ra = await resume(b.wsUrl, alice.id, alice.msg['resumeToken'], lastSeqOf(alice.client));
  track(ra.client);
  assert.deepEqual(ra.reply, {
    type: 'resumed',
    protocol: PROTOCOL_VERSION,
    id: alice.id,
    room: 'r',
    role: 'publisher',
    peers: [],
    lastSeq: 0,
    restored: true,
  });
  const rb = await resume(b.wsUrl, bob.id, bob.msg['resumeToken'], lastSeqOf(bob.client));
  track(rb.client);
  assert.deepEqual(rb.reply, {
    type: 'resumed',
    protocol: PROTOCOL_VERSION,
    id: bob.id,
    room: 'r',
    role: 'publisher',
    peers: [{ id: alice.id, name: 'Alice', role: 'publisher' }],
    lastSeq: 0,
    restored: true,
  });
  assert.deepEqual(await ra.client.next('peer-joined'), {
    type: 'peer-joined',
    peer: { id: bob.id, name: 'Bob', role: 'publisher' },
    seq: 1,
  });
  // Relaying works both ways; server seq numbering restarted at 1; client seq restarts from 0 on this server.
  rb.client.send({ type: 'signal', to: alice.id, payload: { after: 1 }, seq: 7 });
  assert.deepEqual(await ra.client.next('signal'), { type: 'signal', from: bob.id, payload: { after: 1 }, seq: 2 });
  ra.client.send({ type: 'broadcast', payload: { after: 2 }, seq: 1 });
  assert.deepEqual(await rb.client.next('signal'), { type: 'signal', from: alice.id, payload: { after: 2 }, seq: 1 });
  assert.deepEqual(b.server.stats(), { rooms: 1, participants: 2, connections: 2, away: 0 });
  // No duplicates: nothing but the single peer-joined and the relayed signal reached Alice.
  assert.deepEqual(ra.client.history.map((m) => m['type']), ['resumed', 'peer-joined', 'signal']);
  assert.deepEqual(rb.client.history.map((m) => m['type']), ['resumed', 'signal']);
  // The same token keeps working for an ordinary resume on the new server (it is not rotated).
  rb.client.ws.terminate();
  assert.equal((await ra.client.next('peer-away'))['id'], bob.id);
  const again = await resume(b.wsUrl, bob.id, bob.msg['resumeToken'], lastSeqOf(rb.client));
  track(again.client);
  assert.equal(again.reply['type'], 'resumed');
  assert.equal(again.reply['restored'], undefined, 'an ordinary resume of a kept seat');
  await ra.client.next('peer-back');
  const text = JSON.stringify(b.logs);
  assert.ok(!text.includes(alice.msg['resumeToken']) && !text.includes(bob.msg['resumeToken']), 'tokens never logged');
  assert.equal(b.logs.filter((e) => e['event'] === 'restore').length, 2);
}

describe('restore after a restart (resumeSecret)', { timeout: 180_000 }, () => {
  it('SIGKILLed CLI process, restarted on the same port with the same secret: both seats restored', async () => {
    const child = spawn(process.execPath, [CLI_PATH, '--host', '127.0.0.1', '--port', '0', '--resume-grace-ms', '5000'], {
      env: { ...process.env, RTC_RESUME_SECRET: SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      const port = await withTimeout(
        new Promise<number>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (d: Buffer) => {
            out += d.toString();
            const m = /localhost:(\d+)/.exec(out);
            if (m) resolve(Number(m[1]));
          });
          child.once('exit', (code) => reject(new Error(`cli exited ${code}: ${stderr}`)));
        }),
        10_000,
        'cli start',
      );
      const wsUrl = `ws://127.0.0.1:${port}/ws`;
      const alice = await joined(wsUrl, 'r', 'Alice');
      const bob = await joined(wsUrl, 'r', 'Bob');
      track(alice.client);
      track(bob.client);
      await alice.client.next('peer-joined');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await withTimeout(exited, 20_000, 'cli exit');
      await Promise.all([alice.client.closedWithin(), bob.client.closedWithin()]);
      assert.ok(!stderr.includes(alice.msg['resumeToken']) && stderr.includes('"resumeRestore":true'), 'logs: no token');
      const b = await start({ resumeSecret: SECRET, port });
      await expectRestored({ a: b, b, alice, bob });
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('graceful close of the old server: both seats restored', async () => {
    await expectRestored(await restart(async (a) => a.close()));
  });

  it('sockets cut without leave, then the old server closed: both seats restored', async () => {
    await expectRestored(
      await restart(async (a, cs) => {
        for (const c of cs) c.ws.terminate();
        await Promise.all(cs.map((c) => c.closedWithin()));
        await a.close();
      }),
    );
  });

  it('refuses forged, tampered, foreign, mismatched, expired and unknown-process tokens with resume-failed', async () => {
    const { b, alice, bob } = await restart(async (a) => a.close());
    const token = alice.msg['resumeToken'] as string;
    const cases: Array<[string, string, string, string]> = [
      ['other secret', alice.id, new ResumeTokens('another-secret-0123456789').issue({ id: alice.id, room: 'r', name: 'Alice', role: 'publisher' }), 'resume-token'],
      ['id changed in the token', bob.id, tamper(token, (c) => (c['id'] = bob.id)), 'resume-token'],
      ['room changed in the token', alice.id, tamper(token, (c) => (c['room'] = 'other')), 'resume-token'],
      ["someone else's valid token", bob.id, token, 'resume-token'],
      ['truncated', alice.id, token.slice(0, -2), 'resume-token'],
      ['not base64url', alice.id, `${token.slice(0, 10)}.${token.slice(11)}`, 'resume-token'],
      [
        'older than 24 h',
        alice.id,
        new ResumeTokens(SECRET).issue({ id: alice.id, room: 'r', name: 'Alice', role: 'publisher' }, Date.now() - RESUME_TOKEN_MAX_AGE_MS - 60_000),
        'resume-token-expired',
      ],
    ];
    for (const [what, id, resumeToken, reason] of cases) {
      const r = await resume(b.wsUrl, id, resumeToken, 0);
      track(r.client);
      assert.equal(r.reply['code'], 'resume-failed', what);
      assert.equal(b.logs.at(-1)?.['reason'], reason, what);
    }
    assert.deepEqual(b.server.stats(), { rooms: 0, participants: 0, connections: cases.length, away: 0 }, 'nothing restored');
    // The genuine tokens still work afterwards.
    const ok = await resume(b.wsUrl, alice.id, token, 3);
    track(ok.client);
    assert.equal(ok.reply['restored'], true, 'a client lastSeq above anything sent here is ignored');
  });

  it('without resumeSecret a restart still means resume-failed (random per-process key)', async () => {
    const { b, alice, bob } = await restart(async (a) => a.close(), {}, {});
    for (const s of [alice, bob]) {
      const r = await resume(b.wsUrl, s.id, s.msg['resumeToken'], lastSeqOf(s.client));
      track(r.client);
      assert.equal(r.reply['code'], 'resume-failed');
      assert.equal(b.logs.at(-1)?.['reason'], 'resume-unknown');
    }
    // Configured on one side only is just as useless.
    const c = await restart(async (a) => a.close(), { resumeSecret: SECRET }, {});
    const r = await resume(c.b.wsUrl, c.alice.id, c.alice.msg['resumeToken'], 0);
    track(r.client);
    assert.equal(r.reply['code'], 'resume-failed');
  });

  it('a restored seat respects maxParticipantsPerRoom (room-full) and maxRooms (server-full)', async () => {
    const { b, alice, bob } = await restart(async (a) => a.close(), { resumeSecret: SECRET, maxParticipantsPerRoom: 1, maxRooms: 1 });
    const carol = await joined(b.wsUrl, 'r', 'Carol');
    track(carol.client);
    const full = await resume(b.wsUrl, alice.id, alice.msg['resumeToken'], 0);
    track(full.client);
    assert.equal(full.reply['code'], 'resume-failed');
    assert.match(full.reply['message'], /room is full/);
    assert.equal(b.logs.at(-1)?.['reason'], 'room-full');
    // The refusal does not burn the token: once there is room, it restores.
    carol.client.send({ type: 'leave' });
    await waitFor(() => b.server.stats().rooms === 0, 20_000, 'Carol gone');
    const ok = await resume(b.wsUrl, bob.id, bob.msg['resumeToken'], 0);
    track(ok.client);
    assert.equal(ok.reply['restored'], true);
    // A seat in another room would need a second room.
    const tokens = new ResumeTokens(SECRET);
    const other = tokens.issue({ id: 'x-id', room: 'other', name: 'X', role: 'subscriber' });
    const serverFull = await resume(b.wsUrl, 'x-id', other, 0);
    track(serverFull.client);
    assert.equal(serverFull.reply['code'], 'resume-failed');
    assert.equal(b.logs.at(-1)?.['reason'], 'server-full');
  });

  it('never resurrects a seat that ended in this process: own tokens after leave, restored seats after leave', async () => {
    const s = await start({ resumeSecret: SECRET });
    const a = await joined(s.wsUrl, 'r', 'Alice');
    track(a.client);
    a.client.send({ type: 'leave' });
    const peerLeft = await joined(s.wsUrl, 'r', 'Watcher');
    track(peerLeft.client);
    const own = await resume(s.wsUrl, a.id, a.msg['resumeToken'], 0);
    track(own.client);
    assert.equal(own.reply['code'], 'resume-failed', 'issued here, left here');
    assert.equal(s.logs.at(-1)?.['reason'], 'resume-unknown');

    // A seat restored here that then leaves cannot be restored here again from the same token.
    const foreign = new ResumeTokens(SECRET).issue({ id: 'old-id', room: 'r', name: 'Old', role: 'subscriber' });
    const first = await resume(s.wsUrl, 'old-id', foreign, 0);
    track(first.client);
    assert.deepEqual(first.reply['peers'], [{ id: peerLeft.id, name: 'Watcher', role: 'publisher' }]);
    assert.equal(first.reply['role'], 'subscriber', 'role from the signed token');
    assert.deepEqual((await peerLeft.client.next('peer-joined'))['peer'], { id: 'old-id', name: 'Old', role: 'subscriber' });
    first.client.send({ type: 'leave' });
    assert.equal((await peerLeft.client.next('peer-left'))['id'], 'old-id');
    const second = await resume(s.wsUrl, 'old-id', foreign, 0);
    track(second.client);
    assert.equal(second.reply['code'], 'resume-failed');
    assert.equal(s.logs.at(-1)?.['reason'], 'resume-unknown');
  });

  it('tokens are opaque base64url, fit MAX_RESUME_TOKEN_LENGTH for the longest room and name, and pass the schema', () => {
    const tokens = new ResumeTokens(SECRET);
    const short = tokens.issue({ id: '0'.repeat(36), room: 'r', name: 'n', role: 'publisher' });
    assert.match(short, /^[A-Za-z0-9_-]+$/);
    // Every character JSON-escaped to six: the worst case.
    const worst = tokens.issue({
      id: '0'.repeat(36),
      room: '\u0001'.repeat(MAX_ROOM_LENGTH),
      name: '\ud800'.repeat(MAX_NAME_LENGTH),
      role: 'subscriber',
    });
    assert.ok(worst.length <= MAX_RESUME_TOKEN_LENGTH, `${worst.length} <= ${MAX_RESUME_TOKEN_LENGTH}`);
    const parsed = parseClientMessage(JSON.stringify({ type: 'resume', id: '0'.repeat(36), resumeToken: worst, lastSeq: 0 }));
    assert.equal(parsed.ok, true);
    const claims = tokens.verify(worst);
    assert.ok(claims.ok && claims.claims.name === '\ud800'.repeat(MAX_NAME_LENGTH));
    assert.equal(parseClientMessage(JSON.stringify({ type: 'resume', id: 'x', resumeToken: 'a'.repeat(MAX_RESUME_TOKEN_LENGTH + 1), lastSeq: 0 })).ok, false);
  });

  it('option and CLI: resumeSecret needs 16+ characters; --resume-secret and RTC_RESUME_SECRET', () => {
    assert.throws(() => resolveOptions({ resumeSecret: 'short' }), /resumeSecret/);
    assert.throws(() => resolveOptions({ resumeSecret: 42 as unknown as string }), /resumeSecret/);
    assert.equal(resolveOptions({}).resumeSecret, undefined);
    assert.equal(resolveOptions({ resumeSecret: SECRET }).resumeSecret, SECRET);
    const flag = parseCliArgs(['--resume-secret', SECRET], {});
    assert.deepEqual(flag, { kind: 'run', options: { resumeSecret: SECRET } });
    const env = parseCliArgs([], { RTC_RESUME_SECRET: SECRET });
    assert.deepEqual(env, { kind: 'run', options: { resumeSecret: SECRET } });
    const both = parseCliArgs(['--resume-secret', `${SECRET}-flag`], { RTC_RESUME_SECRET: SECRET });
    assert.deepEqual(both, { kind: 'run', options: { resumeSecret: `${SECRET}-flag` } });
  });
});
