/**
 * Issue 17: `GET /metrics` (Prometheus text, prom-client) on a real server with real clients, who may read it, and
 * `rtc-room-server --version`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseCliArgs } from '../src/args.js';
import { createServer } from '../src/index.js';
import { metricsAccess } from '../src/metrics/http.js';
import { CLI_PATH, connect, deadPort, delay, joined, startServer, SUITE, withTimeout } from './helpers.js';

/** Samples of a Prometheus text exposition: `name{labels}` → value. Throws on a line that is not valid. */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})?) (-?[0-9.e+-]+|NaN|[+-]Inf)$/.exec(line);
    assert.ok(match, `not a Prometheus sample line: ${JSON.stringify(line)}`);
    samples.set(match[1] as string, Number(match[2]));
  }
  return samples;
}

async function scrape(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(`${url}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('GET /metrics', SUITE, () => {
  it('counts connections, rooms, participants, joins, relayed messages, errors by code and TURN credentials', async () => {
    const t = await startServer({ turnUrls: ['turn:127.0.0.1:3478'], turnSecret: 'metrics-test-turn-secret' });
    try {
      const before = await scrape(t.url);
      assert.equal(before.status, 200);
      assert.match(before.type ?? '', /^text\/plain; version=0\.0\.4; charset=utf-8$/);
      const first = parseExposition(before.text);
      assert.equal(first.get('rtc_room_connections'), 0);
      assert.equal(first.get('rtc_room_rooms'), 0);
      assert.equal(first.get('rtc_room_participants'), 0);
      assert.equal(first.get('rtc_room_messages_relayed_total{type="signal"}') ?? 0, 0);
      assert.equal(first.get('rtc_room_turn_credentials_minted_total'), 0);
      const version = (JSON.parse(readFileSync(path.join(path.dirname(path.dirname(CLI_PATH)), 'package.json'), 'utf8')) as { version: string }).version;
      assert.equal(first.get(`rtc_room_build_info{version="${version}"}`), 1);

      const room = 'secret-room-name-7f3a';
      const ann = await joined(t.wsUrl, room, 'Ann-private-name');
      const bob = await joined(t.wsUrl, room, 'Bob-private-name');
      ann.client.send({ type: 'signal', to: bob.id, payload: { sdp: 'x' } });
      await bob.client.next('signal');
      bob.client.send({ type: 'broadcast', payload: { hello: 'all' } });
      await ann.client.next('signal');
      bob.client.send({ type: 'broadcast', payload: { hello: 'again' } });
      await ann.client.next('signal');
      await ann.client.expectError({ type: 'signal', to: 'nobody-here', payload: {} }, 'unknown-peer');

      const during = await scrape(t.url);
      const now = parseExposition(during.text);
      assert.equal(now.get('rtc_room_connections'), 2);
      assert.equal(now.get('rtc_room_rooms'), 1);
      assert.equal(now.get('rtc_room_participants'), 2);
      assert.equal(now.get('rtc_room_connections_total'), 2);
      assert.equal(now.get('rtc_room_joins_total'), 2);
      assert.equal(now.get('rtc_room_messages_relayed_total{type="signal"}'), 1);
      assert.equal(now.get('rtc_room_messages_relayed_total{type="broadcast"}'), 2);
      assert.equal(now.get('rtc_room_errors_total{code="unknown-peer"}'), 1);
      assert.equal(now.get('rtc_room_turn_credentials_minted_total'), 2, 'one TURN credential per join');
      assert.ok([...now.keys()].some((k) => k.startsWith('rtc_room_event_loop_lag_seconds{stat="p99"}')), 'event-loop lag after the first scrape');
      // Nothing a client chose, nor any id, is in the metrics.
      for (const secret of [room, 'Ann-private-name', 'Bob-private-name', ann.id, bob.id, 'nobody-here', 'metrics-test-turn-secret']) {
        assert.ok(!during.text.includes(secret), `metrics leak ${secret}`);
      }

      await ann.client.close();
      await bob.client.close();
      const after = parseExposition((await scrape(t.url)).text);
      assert.equal(after.get('rtc_room_participants'), 0);
      assert.equal(after.get('rtc_room_rooms'), 0);
      assert.equal(after.get('rtc_room_joins_total'), 2, 'counters keep counting');
    } finally {
      await t.close();
    }
  });

  it('counts refusals by their protocol code, never by client text', async () => {
    const t = await startServer({ maxParticipantsPerRoom: 1 });
    try {
      const ann = await joined(t.wsUrl, 'r', 'Ann');
      const late = await connect(t.wsUrl);
      await late.expectError({ type: 'join', room: 'r', name: 'Bob' }, 'room-full');
      await late.expectError({ type: 'no-such-type-<script>' }, 'invalid-message');
      const text = (await scrape(t.url)).text;
      const samples = parseExposition(text);
      assert.equal(samples.get('rtc_room_errors_total{code="room-full"}'), 1);
      assert.equal(samples.get('rtc_room_errors_total{code="invalid-message"}'), 1);
      assert.ok(!text.includes('no-such-type'), 'the client-chosen type is not a label');
      await Promise.all([ann.client.close(), late.close()]);
    } finally {
      await t.close();
    }
  });

  it('answers direct loopback scrapers only, unless a metrics token is set; then only with the token', async () => {
    const open = await startServer();
    const proxied = await startServer({ trustProxy: true });
    const token = 'metrics-token-0123456789abcdef';
    const guarded = await startServer({ metricsToken: token });
    try {
      assert.equal((await scrape(open.url)).status, 200);
      assert.equal((await scrape(open.url, { 'X-Forwarded-For': '203.0.113.7' })).status, 404, 'through a proxy on this machine');
      assert.equal((await scrape(open.url, { Forwarded: 'for=203.0.113.7' })).status, 404);
      assert.equal((await scrape(proxied.url)).status, 404, 'behind a trusted proxy every request may come from outside');
      const none = await fetch(`${guarded.url}/metrics`);
      assert.equal(none.status, 401);
      assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="metrics"');
      assert.equal((await scrape(guarded.url, { Authorization: 'Bearer wrong-token-0123456789' })).status, 401);
      const ok = await scrape(guarded.url, { Authorization: `Bearer ${token}` });
      assert.equal(ok.status, 200);
      assert.ok(parseExposition(ok.text).has('rtc_room_connections'));
      assert.equal((await fetch(`${open.url}/metrics`, { method: 'POST' })).status, 405);
      // Not from this machine: hidden (no token) — the rule itself, as the server applies it to the TCP peer.
      const remote = { socket: { remoteAddress: '198.51.100.4' }, headers: {} } as unknown as IncomingMessage;
      assert.equal(metricsAccess(remote, { token: undefined, trustProxy: false }), 'hidden');
      const local6 = { socket: { remoteAddress: '::1' }, headers: {} } as unknown as IncomingMessage;
      assert.equal(metricsAccess(local6, { token: undefined, trustProxy: false }), 'ok');
    } finally {
      await Promise.all([open.close(), proxied.close(), guarded.close()]);
    }
    assert.throws(() => createServer({ metricsToken: 'short' }), /metricsToken/);
    assert.throws(() => createServer({ metricsToken: 'has spaces in the token' }), /metricsToken/);
  });
});

/** scripts/janus.mjs (a private Janus; only inside the test network namespace, as `npm test` runs this suite). */
async function startJanus(): Promise<{ url: string; stop(): Promise<void> } | null> {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'scripts', 'janus.mjs'))) dir = path.dirname(dir);
  const script = (await import(pathToFileURL(path.join(dir, 'scripts', 'janus.mjs')).href)) as {
    startJanus(): Promise<{ url: string; stop(): Promise<void> } | null>;
  };
  return script.startJanus();
}

/** Polls the metrics until `sample` has `value` (for up to `timeoutMs`: a loaded CI machine); returns the last text. */
async function metricReaches(url: string, sample: string, value: number, timeoutMs = 40_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = (await scrape(url)).text;
    if (parseExposition(text).get(sample) === value) return text;
    if (Date.now() > deadline) throw new Error(`${sample} never reached ${value} in ${timeoutMs} ms:\n${text}`);
    await delay(100);
  }
}

// Janus may take up to 60 s to start on a loaded machine (scripts/janus.mjs), and the suite's timeout covers its
// before() hook: hence the longer limits (the CI run on 90734d5 failed this suite's first test under load; its
// reason was not in the printed part of the output, see scripts/test.mjs's failure recap).
describe('GET /metrics: SFU rooms per Janus node', { timeout: 180_000 }, () => {
  let janus: { url: string; stop(): Promise<void> } | null = null;
  before(async () => {
    janus = await startJanus();
  });
  after(async () => {
    await janus?.stop();
  });

  it('counts the VideoRoom rooms the server created on its Janus, by host:port', async (t) => {
    if (!janus) return t.skip('needs janus and the test network namespace (npm test provides both)');
    const server = await startServer({ janusUrl: janus.url });
    const node = new URL(janus.url).host;
    try {
      const sample = `rtc_room_sfu_rooms{janus="${node}"}`;
      assert.equal(parseExposition((await scrape(server.url)).text).get(sample), 0);
      const ann = await joined(server.wsUrl, 'sfu-metrics-room', 'Ann');
      // A publish makes the server create the Janus room first (the offer itself is refused by Janus: no media here).
      // A CPU-starved Janus may miss the server's request deadline for that create (CI on 719fefa: the reply came,
      // no room was counted): the publish is sent again, at most 3 times, and every reply is in the failure message.
      const replies: unknown[] = [];
      let text = '';
      for (let req = 1; !text; req++) {
        ann.client.send({ type: 'sfu', op: 'publish', req, description: { type: 'offer', sdp: 'v=0\r\n' } });
        replies.push(await ann.client.next('sfu-reply', 40_000));
        text = await metricReaches(server.url, sample, 1, 10_000).catch((error: Error) => {
          if (req >= 3) throw new Error(`${error.message}\nreplies: ${JSON.stringify(replies)}`);
          return '';
        });
      }
      assert.ok(!text.includes('sfu-metrics-room'));
      await ann.client.close();
      await metricReaches(server.url, sample, 0);
    } finally {
      await server.close();
    }
  });

  it('shows the Janus node with 0 rooms while Janus is unreachable', async () => {
    const url = `ws://127.0.0.1:${await deadPort()}`;
    const server = await startServer({ janusUrl: url });
    try {
      const ann = await joined(server.wsUrl, 'r', 'Ann');
      ann.client.send({ type: 'sfu', op: 'hello', topology: 'auto' });
      await ann.client.next('topology');
      assert.equal(parseExposition((await scrape(server.url)).text).get(`rtc_room_sfu_rooms{janus="${new URL(url).host}"}`), 0);
      await ann.client.close();
    } finally {
      await server.close();
    }
  });
});

describe('rtc-room-server --version and --metrics-token', SUITE, () => {
  it('parses the flags (and RTC_METRICS_TOKEN)', () => {
    assert.deepEqual(parseCliArgs(['--version'], {}), { kind: 'version' });
    assert.deepEqual(parseCliArgs(['-v'], {}), { kind: 'version' });
    assert.deepEqual(parseCliArgs(['--metrics-token', 'abcdefghijklmnop'], {}), { kind: 'run', options: { metricsToken: 'abcdefghijklmnop' } });
    assert.deepEqual(parseCliArgs([], { RTC_METRICS_TOKEN: 'qrstuvwxyz012345' }), { kind: 'run', options: { metricsToken: 'qrstuvwxyz012345' } });
  });

  it('prints the package version and exits 0', async () => {
    const pkg = JSON.parse(readFileSync(path.join(path.dirname(path.dirname(CLI_PATH)), 'package.json'), 'utf8')) as { version: string };
    const child = spawn(process.execPath, [CLI_PATH, '--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    const code = await withTimeout(new Promise<number | null>((resolve) => child.on('exit', resolve)), 20_000, 'CLI exit');
    assert.equal(code, 0);
    assert.equal(stdout, `${pkg.version}\n`);
    assert.match(pkg.version, /^\d+\.\d+\.\d+/);
  });
});
