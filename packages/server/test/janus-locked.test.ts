// A Janus locked down as docs/guides/deployment.md advises (issue 14): janus.jcfg `api_secret` and the VideoRoom
// `admin_key`, set by scripts/janus.mjs in a real Janus (only inside the test network namespace, as `npm test`
// runs this suite). A wrong or missing credential is one log line naming the option and one client error code
// (`sfu-misconfigured`), not a silent retry loop; with the right ones, the rooms the server creates are closed to
// other Janus API clients (random `secret` and `pin`, `is_private`). The call itself (3 parties, frames decoded)
// is e2e/browser/sfu-locked.test.ts.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { JanusError, openJanusSession, VideoRoomError, type JanusSession } from '@rtc-room/janus';
import { WebSocket } from 'ws';
import type { ServerOptions } from '../src/index.js';
import { delay, joined, startServer, waitFor, type TestServer } from './helpers.js';

interface TestJanus {
  url: string;
  addToken(token: string, plugins?: string[]): Promise<void>;
  stop(): Promise<void>;
}

const API_SECRET = 'api-secret-for-tests';
const ADMIN_KEY = 'admin-key-for-tests';

async function startJanus(options: object): Promise<TestJanus | null> {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'scripts', 'janus.mjs'))) dir = path.dirname(dir);
  const script = (await import(pathToFileURL(path.join(dir, 'scripts', 'janus.mjs')).href)) as {
    startJanus(options: object): Promise<TestJanus | null>;
  };
  return script.startJanus(options);
}

// Each Janus its own RTP ports: the browser suite's Janus (20000-20100) may run at the same time.
const startLockedJanus = (): Promise<TestJanus | null> => startJanus({ rtpRange: '20400-20440', apiSecret: API_SECRET, adminKey: ADMIN_KEY });

/** A publish with an offer Janus cannot use: enough for the server to create its Janus room and join it. */
const publish = { type: 'sfu', op: 'publish', req: 1, description: { type: 'offer', sdp: 'v=0\r\n' } };
const errorOf = (reply: Record<string, unknown>): { code: string; message: string } => reply['error'] as { code: string; message: string };

/**
 * Sends one VideoRoom `listparticipants` straight over Janus's WebSocket API without `apisecret` (made-up session
 * and handle ids) and resolves with Janus's error code (0 when it answered `success`).
 */
function rawListparticipants(url: string, room: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'janus-protocol');
    const timer = setTimeout(() => (ws.close(), reject(new Error('Janus did not answer'))), 10_000);
    ws.on('error', (error) => (clearTimeout(timer), reject(error)));
    ws.on('open', () =>
      ws.send(JSON.stringify({ janus: 'message', transaction: 'raw-list', session_id: 1, handle_id: 1, body: { request: 'listparticipants', room } })));
    ws.on('message', (raw) => {
      const reply = JSON.parse(String(raw)) as { transaction?: string; janus?: string; error?: { code?: number } };
      if (reply.transaction !== 'raw-list') return;
      clearTimeout(timer);
      ws.close();
      resolve(reply.janus === 'success' ? 0 : (reply.error?.code ?? -1));
    });
  });
}

describe('Janus locked down (api_secret + VideoRoom admin_key)', { timeout: 90_000 }, () => {
  let janus: TestJanus | null = null;
  before(async () => {
    janus = await startLockedJanus();
  });
  after(async () => {
    await janus?.stop();
  });

  /** A server driving the locked Janus with `options`; every log line is kept. */
  const server = (options: ServerOptions): Promise<TestServer> => startServer({ janusUrl: janus!.url, ...options });
  const authFailures = (t: TestServer): Array<Record<string, unknown>> =>
    t.logs.filter((e) => e.event === 'sfu-auth-failed') as Array<Record<string, unknown>>;

  for (const [what, options, option, says] of [
    ['a wrong api secret', { janusApiSecret: 'not-the-secret' }, '--janus-api-secret', /--janus-api-secret wrong/],
    ['no api secret', {}, '--janus-api-secret', /set --janus-api-secret or --janus-token/],
  ] as const) {
    it(`${what}: one log line naming ${option}, /healthz says refused, clients get sfu-misconfigured`, async (t) => {
      if (!janus) return t.skip('needs janus and the test network namespace (npm test provides both)');
      const s = await server(options);
      try {
        await waitFor(() => authFailures(s).length > 0, 20_000, 'the sfu-auth-failed line');
        const { client } = await joined(s.wsUrl, 'locked', 'Ann');
        client.send(publish);
        const error = errorOf(await client.next('sfu-reply'));
        assert.equal(error.code, 'sfu-misconfigured');
        assert.match(error.message, says);
        const health = (await (await fetch(`${s.url}/healthz`)).json()) as { janus: Array<{ url: string; state: string }> };
        assert.deepEqual(health.janus.map((n) => [n.url, n.state]), [[janus.url, 'refused']]);
        // The server keeps trying (an operator may fix Janus) but says it once: a few retries later, still one line.
        await delay(2500);
        const lines = authFailures(s);
        assert.equal(lines.length, 1, JSON.stringify(lines));
        assert.equal(lines[0]!['option'], option);
        assert.equal(lines[0]!['janus'], janus.url);
        assert.match(String(lines[0]!['error']), says);
        assert.ok(!JSON.stringify(s.logs).includes('not-the-secret'), 'the secret sent is never logged');
        await client.close();
      } finally {
        await s.close();
      }
    });
  }

  it('a wrong admin_key: one log line naming --janus-admin-key; every publish gets sfu-misconfigured', async (t) => {
    if (!janus) return t.skip('needs janus and the test network namespace (npm test provides both)');
    const s = await server({ janusApiSecret: API_SECRET, janusAdminKey: 'not-the-key' });
    try {
      await waitFor(() => s.logs.some((e) => e.event === 'sfu-connected'), 20_000, 'the session');
      const { client } = await joined(s.wsUrl, 'locked-key', 'Ann');
      for (const req of [1, 2]) {
        client.send({ ...publish, req });
        const error = errorOf(await client.next('sfu-reply'));
        assert.equal(error.code, 'sfu-misconfigured');
        assert.match(error.message, /--janus-admin-key is wrong/);
      }
      const lines = authFailures(s);
      assert.equal(lines.length, 1, JSON.stringify(lines));
      assert.equal(lines[0]!['option'], '--janus-admin-key');
      assert.ok(!JSON.stringify(s.logs).includes('not-the-key'), 'the key sent is never logged');
      await client.close();
    } finally {
      await s.close();
    }
  });

  it('the right secrets: the room is created and logged with its name; other Janus API clients cannot get in', async (t) => {
    if (!janus) return t.skip('needs janus and the test network namespace (npm test provides both)');
    const s = await server({ janusApiSecret: API_SECRET, janusAdminKey: ADMIN_KEY });
    const others: JanusSession[] = [];
    try {
      await waitFor(() => s.logs.some((e) => e.event === 'sfu-connected'), 20_000, 'the session');
      const { client } = await joined(s.wsUrl, 'locked-room', 'Ann');
      client.send(publish);
      // The offer is unusable, so the publish fails: after the room was created and Ann joined it.
      assert.equal(errorOf(await client.next('sfu-reply')).code, 'sfu-failed');
      const created = s.logs.find((e) => e.event === 'sfu-room-created') as Record<string, unknown> | undefined;
      assert.ok(created, 'an sfu-room-created line');
      assert.equal(created['room'], 'locked-room');
      assert.equal(created['janus'], janus.url);
      const room = created['janusRoom'] as number;
      assert.equal(typeof room, 'number');
      assert.equal(authFailures(s).length, 0);
      for (const secret of [API_SECRET, ADMIN_KEY]) assert.ok(!JSON.stringify(s.logs).includes(secret), 'no credential in the logs');

      // Without the API secret, Janus refuses the session: no join, no listparticipants, nothing.
      const refused = await openJanusSession(janus.url, { WebSocket }).then(
        (session) => (others.push(session), undefined),
        (e: unknown) => e,
      );
      assert.ok(refused instanceof JanusError && refused.code === 403, `expected a 403, got ${String(refused)}`);
      // …and a plugin request sent straight to the WebSocket (any session and handle ids) is refused for the
      // secret before Janus looks at them: a 403, not 458 "no such session". This is what keeps `listparticipants`
      // closed: VideoRoom itself checks neither pin nor secret for it (Janus 1.1.2, janus_videoroom.c).
      assert.equal(await rawListparticipants(janus.url, room), 403, 'listparticipants without the API secret is refused');

      // Even with the API secret (another backend of the same Janus), the room is neither listed nor joinable.
      const other = await openJanusSession(janus.url, { WebSocket, apisecret: API_SECRET });
      others.push(other);
      const handle = await other.attach(() => undefined);
      const { data } = await other.message(handle, { request: 'list' });
      const listed = (data['list'] as Array<{ room: number }>).map((r) => r.room);
      assert.ok(!listed.includes(room), 'is_private keeps the room out of list');
      for (const join of [
        { request: 'join', ptype: 'publisher', room, display: 'Eve' },
        { request: 'join', ptype: 'publisher', room, display: 'Eve', pin: 'guess' },
        { request: 'join', ptype: 'subscriber', room, streams: [] },
      ]) {
        const error = await other.message(handle, join, undefined, true).then(() => undefined, (e: unknown) => e);
        assert.ok(error instanceof JanusError, `join ${JSON.stringify(join)} must fail`);
        assert.ok(
          error.code === VideoRoomError.MISSING_ELEMENT || error.code === VideoRoomError.UNAUTHORIZED,
          `join refused for the pin, got ${String(error.code)} ${error.message}`,
        );
        assert.match(error.message, /pin/);
      }
      // Nor can it change, record or destroy the room without its secret.
      for (const request of [
        { request: 'destroy', room },
        { request: 'enable_recording', room, record: true },
        { request: 'edit', room, new_description: 'mine now' },
      ]) {
        const error = await other.message(handle, request).then(() => undefined, (e: unknown) => e);
        assert.ok(error instanceof JanusError && /secret/.test(error.message), `${request.request} must need the secret, got ${String(error)}`);
      }
      // The Janus fact the API secret is there for: with it, listparticipants needs neither the pin nor the secret.
      const { data: listedParticipants } = await other.message(handle, { request: 'listparticipants', room });
      assert.ok(Array.isArray(listedParticipants['participants']), 'Janus does not pin-check listparticipants');
      const { data: exists } = await other.message(handle, { request: 'exists', room });
      assert.equal(exists['exists'], true, 'the room is still there');

      // The last member leaving destroys it (with its secret).
      await client.close();
      let gone = false;
      const deadline = Date.now() + 20_000;
      while (!gone && Date.now() < deadline) {
        gone = (await other.message(handle, { request: 'exists', room })).data['exists'] === false;
        if (!gone) await delay(100);
      }
      assert.ok(gone, 'the room is destroyed once Ann left');
    } finally {
      for (const session of others) session.close();
      await s.close();
    }
  });
});

describe('Janus with stored-token auth (token_auth)', { timeout: 90_000 }, () => {
  let janus: TestJanus | null = null;
  before(async () => {
    janus = await startJanus({ rtpRange: '20450-20490', tokenAuth: true });
    await janus?.addToken('videoroom-token');
    await janus?.addToken('echotest-only-token', ['janus.plugin.echotest']);
  });
  after(async () => {
    await janus?.stop();
  });

  it('the right token: the server creates and joins its room', async (t) => {
    if (!janus) return t.skip('needs janus and the test network namespace (npm test provides both)');
    const s = await startServer({ janusUrl: janus.url, janusToken: 'videoroom-token' });
    try {
      await waitFor(() => s.logs.some((e) => e.event === 'sfu-connected'), 20_000, 'the session');
      const { client } = await joined(s.wsUrl, 'token-room', 'Ann');
      client.send(publish);
      assert.equal(errorOf(await client.next('sfu-reply')).code, 'sfu-failed'); // the unusable offer, after the join
      assert.ok(s.logs.some((e) => e.event === 'sfu-room-created' && e['room'] === 'token-room'));
      assert.ok(!JSON.stringify(s.logs).includes('videoroom-token'), 'the token is never logged');
      await client.close();
    } finally {
      await s.close();
    }
  });

  for (const [what, token, says] of [
    ['a token Janus does not know', 'not-a-token', /--janus-token wrong/],
    ['a token without the VideoRoom plugin', 'echotest-only-token', /--janus-token: the token may not use the VideoRoom plugin/],
  ] as const) {
    it(`${what}: one log line naming --janus-token, clients get sfu-misconfigured`, async (t) => {
      if (!janus) return t.skip('needs janus and the test network namespace (npm test provides both)');
      const s = await startServer({ janusUrl: janus.url, janusToken: token });
      try {
        await waitFor(() => s.logs.some((e) => e.event === 'sfu-auth-failed'), 20_000, 'the sfu-auth-failed line');
        const { client } = await joined(s.wsUrl, 'token-wrong', 'Ann');
        client.send(publish);
        const error = errorOf(await client.next('sfu-reply'));
        assert.equal(error.code, 'sfu-misconfigured');
        assert.match(error.message, says);
        await delay(2500);
        const lines = s.logs.filter((e) => e.event === 'sfu-auth-failed');
        assert.equal(lines.length, 1, JSON.stringify(lines));
        assert.equal(lines[0]!['option'], '--janus-token');
        assert.ok(!JSON.stringify(s.logs).includes(token), 'the token is never logged');
        await client.close();
      } finally {
        await s.close();
      }
    });
  }
});
