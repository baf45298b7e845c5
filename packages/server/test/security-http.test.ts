/**
 * Issue 15, HTTP part: regressions for the holes a red-team pass found in static serving (loopback only).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCliArgs } from '../src/args.js';
import { createServer } from '../src/index.js';
import { CLI_PATH, startServer, SUITE, withTimeout, type TestServer } from './helpers.js';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** GET with the path sent exactly as given (fetch/URL would normalize it). */
function rawGet(base: string, rawPath: string): Promise<Reply> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const INLINE = 'document.title = "inline";';
const PAGE = `<!doctype html><title>x</title><script type="module" src="/app.js"></script><script type="module">${INLINE}</script>`;

/** A site with a secret next to it, links out of it and dotfiles in it. */
async function makeSite(): Promise<{ dir: string; site: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rtc-room-sec-'));
  const site = path.join(dir, 'site');
  await mkdir(path.join(site, 'sub'), { recursive: true });
  await mkdir(path.join(site, '.git'), { recursive: true });
  await writeFile(path.join(site, 'index.html'), PAGE);
  await writeFile(path.join(site, 'app.js'), 'export {};');
  await writeFile(path.join(site, 'sub', 'index.html'), 'sub');
  await writeFile(path.join(site, '.env'), 'RTC_AUTH_SECRET=TOP-SECRET');
  await writeFile(path.join(site, '.git', 'config'), 'TOP-SECRET');
  await writeFile(path.join(dir, 'secret.txt'), 'TOP-SECRET');
  await mkdir(path.join(dir, 'outside'));
  await writeFile(path.join(dir, 'outside', 'index.html'), 'TOP-SECRET');
  await symlink('/proc/self/environ', path.join(site, 'environ'));
  await symlink(path.join(dir, 'secret.txt'), path.join(site, 'secret.txt'));
  await symlink(path.join(dir, 'outside'), path.join(site, 'outside'));
  await symlink(path.join(site, 'app.js'), path.join(site, 'alias.js')); // inside: fine
  return { dir, site };
}

/** Where a redirect really points, resolved as a browser would against the request URL. */
const target = (base: string, rawPath: string, location: string): URL => new URL(location, `${base}${rawPath}`);

describe('static serving: security', SUITE, () => {
  let dir: string;
  let site: string;
  let t: TestServer;
  before(async () => {
    ({ dir, site } = await makeSite());
    t = await startServer({ staticDir: site });
  });
  after(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('never redirects to another host (open redirect: GET //evil.example/..%2f)', async () => {
    for (const raw of ['//evil.example/..%2f', '//evil.example/%2e%2e%2f', '/%2f%2fevil.example/..%2f', '//evil.example/..%2fsub', '/\\evil.example/..%2f']) {
      const res = await rawGet(t.url, raw);
      if (res.status !== 301) continue;
      const location = String(res.headers.location);
      assert.ok(location.startsWith('/') && !location.startsWith('//') && !location.includes('\\'), `${raw} → ${location}`);
      assert.equal(target(t.url, raw, location).origin, new URL(t.url).origin, `${raw} → ${location}`);
    }
    const res = await rawGet(t.url, '//evil.example/..%2f');
    assert.equal(res.status, 301, 'the directory is still found');
    assert.equal(res.headers.location, '/');
    assert.equal((await rawGet(t.url, '//evil.example/..%2fsub')).headers.location, '/sub/');
    assert.equal((await rawGet(t.url, '/sub')).headers.location, '/sub/', 'ordinary directory redirects still work');
  });

  it('does not follow links out of the root (/proc/self/environ, ../secret.txt, an outside directory)', async () => {
    for (const raw of ['/environ', '/secret.txt', '/outside/', '/outside/index.html', '/outside']) {
      const res = await rawGet(t.url, raw);
      assert.equal(res.status, 404, raw);
      assert.ok(!res.body.includes('TOP-SECRET') && !res.body.includes('PATH='), raw);
    }
    const alias = await rawGet(t.url, '/alias.js');
    assert.equal(alias.status, 200, 'a link to a file inside the root is served');
    assert.equal(alias.body, 'export {};');
  });

  it('never serves dotfiles or dot-directories', async () => {
    for (const raw of ['/.env', '/.git/config', '/%2eenv', '/sub/../.env', '/.git/']) {
      const res = await rawGet(t.url, raw);
      assert.equal(res.status, 404, raw);
      assert.ok(!res.body.includes('TOP-SECRET'), raw);
    }
  });

  it('sends CSP (inline scripts of the page allowed by hash), X-Frame-Options and nosniff', async () => {
    const page = await rawGet(t.url, '/');
    assert.equal(page.status, 200);
    assert.equal(page.body, PAGE);
    const csp = String(page.headers['content-security-policy']);
    const hash = `'sha256-${createHash('sha256').update(INLINE).digest('base64')}'`;
    assert.match(csp, /default-src 'self'/);
    assert.ok(csp.includes(`script-src 'self' ${hash}`), csp);
    assert.match(csp, /frame-ancestors 'self'/);
    assert.match(csp, /object-src 'none'/);
    assert.ok(csp.includes(`ws://${new URL(t.url).host}`), 'the page may open its WebSocket back to this server');
    assert.equal(page.headers['x-frame-options'], 'SAMEORIGIN');
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    for (const raw of ['/app.js', '/nope', '/healthz', '/sub']) {
      assert.equal((await rawGet(t.url, raw)).headers['x-content-type-options'], 'nosniff', raw);
    }
  });

  it('lets the page headers be overridden: frameAncestors, connectSrc, a whole policy, or none', async () => {
    const framed = await startServer({ staticDir: site, frameAncestors: ['https://app.example'], connectSrc: ['wss://signal.example'] });
    const custom = await startServer({ staticDir: site, contentSecurityPolicy: "default-src 'none'" });
    const none = await startServer({ staticDir: site, contentSecurityPolicy: false });
    try {
      const a = await rawGet(framed.url, '/');
      assert.match(String(a.headers['content-security-policy']), /frame-ancestors https:\/\/app\.example/);
      assert.match(String(a.headers['content-security-policy']), /connect-src 'self' .*wss:\/\/signal\.example/);
      assert.equal(a.headers['x-frame-options'], undefined, 'X-Frame-Options cannot name other origins');
      assert.equal((await rawGet(custom.url, '/')).headers['content-security-policy'], "default-src 'none'");
      const b = await rawGet(none.url, '/');
      assert.equal(b.headers['content-security-policy'], undefined);
      assert.equal(b.headers['x-content-type-options'], 'nosniff');
    } finally {
      await Promise.all([framed.close(), custom.close(), none.close()]);
    }
    assert.throws(() => createServer({ frameAncestors: ['a b'] }), TypeError);
    assert.throws(() => createServer({ contentSecurityPolicy: 'x\r\nSet-Cookie: a=b' }), TypeError);
  });

  it('refuses to serve /, system directories, a home directory and missing directories (--mount /files/=/)', async () => {
    for (const dir of ['/', '/etc', '/proc', '/proc/self', '/usr', '/nonexistent-rtc-room']) {
      assert.throws(() => createServer({ staticMounts: { '/files/': dir } }), TypeError, dir);
      assert.throws(() => createServer({ staticDir: dir }), TypeError, dir);
    }
    assert.throws(() => createServer({ staticMounts: { '//x/': site } }), TypeError, 'a prefix starting with // would redirect off-site');
    const command = parseCliArgs(['--mount', '/files/=/'], {});
    assert.equal(command.kind, 'run');
    if (command.kind === 'run') assert.throws(() => createServer(command.options), /refusing to serve/);
    // The CLI says so and exits non-zero (it used to start and serve the whole filesystem).
    const child = spawn(process.execPath, [CLI_PATH, '--port', '0', '--host', '127.0.0.1', '--mount', '/files/=/'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await withTimeout(new Promise<number | null>((resolve) => child.on('exit', resolve)), 10_000, 'the CLI to exit');
    assert.notEqual(code, 0);
    assert.match(stderr, /refusing to serve "\/"/);
  });
});

describe('security flags', SUITE, () => {
  it('parses the page-header, budget and slowloris flags', () => {
    const command = parseCliArgs(
      [
        '--csp', "default-src 'self'", '--frame-ancestors', "'self'", '--frame-ancestors', 'https://intranet.example',
        '--connect-src', 'wss://signal.example', '--max-buffered-bytes', '1048576', '--max-buffered-bytes-total', '33554432',
        '--headers-timeout-ms', '5000', '--max-pending-per-ip', '8',
      ],
      {},
    );
    assert.deepEqual(command, {
      kind: 'run',
      options: {
        contentSecurityPolicy: "default-src 'self'",
        frameAncestors: ["'self'", 'https://intranet.example'],
        connectSrc: ['wss://signal.example'],
        maxBufferedBytes: 1048576,
        maxBufferedBytesTotal: 33554432,
        headersTimeoutMs: 5000,
        maxPendingConnectionsPerIp: 8,
      },
    });
    assert.deepEqual(parseCliArgs(['--csp', 'off'], {}), { kind: 'run', options: { contentSecurityPolicy: false } });
    assert.throws(() => parseCliArgs(['--headers-timeout-ms', '-1'], {}), /--headers-timeout-ms/);
    for (const bad of [{ maxBufferedBytesTotal: 0 }, { headersTimeoutMs: 0 }, { maxPendingConnectionsPerIp: -1 }]) {
      assert.throws(() => createServer(bad), TypeError, JSON.stringify(bad));
    }
  });
});

describe('static serving through the CLI (npm start)', SUITE, () => {
  it('answers //evil.example/..%2f with a same-origin redirect and serves no link out of the root', async () => {
    const { dir, site } = await makeSite();
    const child = spawn(process.execPath, [CLI_PATH, '--port', '0', '--host', '127.0.0.1', '--static', site], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      await withTimeout(
        new Promise<void>((resolve, reject) => {
          child.stdout.on('data', () => /localhost:\d+/.test(out) && resolve());
          child.on('exit', (c) => reject(new Error(`CLI exited with ${c}`)));
        }),
        10_000,
        'the CLI to listen',
      );
      const base = `http://127.0.0.1:${/localhost:(\d+)/.exec(out)?.[1]}`;
      const res = await rawGet(base, '//evil.example/..%2f');
      assert.equal(res.status, 301);
      assert.equal(res.headers.location, '/');
      assert.equal((await rawGet(base, '/environ')).status, 404);
      assert.match(String((await rawGet(base, '/')).headers['content-security-policy']), /script-src 'self' 'sha256-/);
    } finally {
      child.kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
