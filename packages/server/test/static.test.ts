import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer, SUITE } from './helpers.js';

/** GET with the path sent exactly as given (fetch/URL would normalize `..` away). */
function rawGet(base: string, rawPath: string): Promise<{ status: number; type: string | undefined; cache: string | undefined; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: res.headers['content-type'],
          cache: res.headers['cache-control'],
          body,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static files', SUITE, () => {
  let dir: string;
  let t: TestServer;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rtc-room-static-'));
    const site = path.join(dir, 'site');
    await mkdir(path.join(site, 'sub'), { recursive: true });
    await mkdir(path.join(dir, 'pkgs', 'elements', 'dist'), { recursive: true });
    await writeFile(path.join(site, 'index.html'), '<!doctype html><title>demo</title>');
    await writeFile(path.join(site, 'app.js'), 'export const x = 1;');
    await writeFile(path.join(site, 'style.css'), 'body{}');
    await writeFile(path.join(site, 'sub', 'index.html'), 'sub index');
    await writeFile(path.join(dir, 'pkgs', 'elements', 'dist', 'rtc-room.bundle.js'), '/* bundle */');
    await writeFile(path.join(dir, 'secret.txt'), 'TOP-SECRET');
    t = await startServer({ staticDir: site, staticMounts: { '/packages/': path.join(dir, 'pkgs') } });
  });
  after(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html for / and for directories', async () => {
    const root = await rawGet(t.url, '/');
    assert.equal(root.status, 200);
    assert.equal(root.type, 'text/html; charset=utf-8');
    assert.equal(root.cache, 'no-cache');
    assert.equal(root.body, '<!doctype html><title>demo</title>');
    assert.equal((await rawGet(t.url, '/sub/')).body, 'sub index');
    const redirect = await rawGet(t.url, '/sub');
    assert.equal(redirect.status, 301);
  });

  it('sends the right content types and ignores the query string', async () => {
    const js = await rawGet(t.url, '/app.js?v=3');
    assert.equal(js.status, 200);
    assert.equal(js.type, 'text/javascript; charset=utf-8');
    assert.equal(js.body, 'export const x = 1;');
    assert.equal((await rawGet(t.url, '/style.css')).type, 'text/css; charset=utf-8');
  });

  it('serves extra mounts under their prefix', async () => {
    const bundle = await rawGet(t.url, '/packages/elements/dist/rtc-room.bundle.js');
    assert.equal(bundle.status, 200);
    assert.equal(bundle.body, '/* bundle */');
    assert.equal(bundle.type, 'text/javascript; charset=utf-8');
  });

  it('answers 404 for missing files', async () => {
    assert.equal((await rawGet(t.url, '/nope.js')).status, 404);
    assert.equal((await rawGet(t.url, '/packages/nope.js')).status, 404);
  });

  it('refuses path traversal, plain and percent-encoded', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/..%2fsecret.txt', '/sub/../../secret.txt', '/packages/../secret.txt', '/packages/%2e%2e/%2e%2e/secret.txt']) {
      const res = await rawGet(t.url, p);
      assert.equal(res.status, 403, p);
      assert.ok(!res.body.includes('TOP-SECRET'), p);
    }
    assert.equal((await rawGet(t.url, '/%00')).status, 400);
    assert.equal((await rawGet(t.url, '/%E0%A4%A')).status, 400);
  });

  it('answers /healthz with JSON and 404 for other paths when no static dir is set', async () => {
    const bare = await startServer();
    try {
      const health = await rawGet(bare.url, '/healthz');
      assert.equal(health.status, 200);
      assert.equal(health.type, 'application/json; charset=utf-8');
      assert.deepEqual(JSON.parse(health.body), { ok: true, rooms: 0, participants: 0, connections: 0, away: 0 });
      assert.equal((await rawGet(bare.url, '/')).status, 404);
      assert.equal((await rawGet(bare.url, '/index.html')).status, 404);
    } finally {
      await bare.close();
    }
  });

  it('refuses WebSocket upgrades on other paths', async () => {
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(t.wsUrl.replace('/ws', '/other'));
    const status = await new Promise<number | undefined>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.on('error', () => resolve(undefined));
    });
    assert.equal(status, 404);
  });
});
