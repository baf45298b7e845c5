// Issue 17: a page with `<rtc-room>` whose join fails (a wrong server URL), or whose `server` / `name` change while
// it joins, never fired `load`: the local tile's <video> was handed a MediaStream without tracks, which a media
// element never finishes loading, and a loading media element delays the document's load event. Plain pages on the
// bundle (a plain static server, no CSP), real Chromium, loopback only.
import { createServer as createHttpServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { webRtcLaunchOptions } = await import(new URL('../packages/testing/dist/index.js', import.meta.url).href);
const elementsDist = join(root, 'packages/elements/dist');

/** A static server for `site` (no CSP: the pages connect to other loopback ports on purpose). */
async function startStatic(dir) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript' };
  const http = createHttpServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    readFile(join(dir, path))
      .then((body) => res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body))
      .catch(() => res.writeHead(404).end());
  }).listen(0, '127.0.0.1');
  await once(http, 'listening');
  return http;
}

/** A TCP port on loopback with nothing listening (bound, then closed). */
async function closedPort() {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address();
  probe.close();
  await once(probe, 'close');
  return port;
}

let site;
let server;
let browser;
/** Accepts TCP connections and never answers: a WebSocket to it stays connecting (a join that hangs). */
let silent;
const sockets = new Set();
before(async () => {
  site = mkdtempSync(join(tmpdir(), 'rtc-room-load-event-'));
  cpSync(join(elementsDist, 'rtc-room.bundle.js'), join(site, 'rtc-room.bundle.js'));
  cpSync(join(elementsDist, 'chunks'), join(site, 'chunks'), { recursive: true });
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  }).listen(0, '127.0.0.1');
  await once(silent, 'listening');
  server = await startStatic(site);
  browser = await chromium.launch(webRtcLaunchOptions({ loopback: true }));
});
after(async () => {
  await browser?.close();
  server?.close();
  for (const socket of sockets) socket.destroy();
  silent?.close();
  rmSync(site, { recursive: true, force: true });
});

/** A page whose inline script records when `load` fired (`window.loaded`). */
function writePage(file, roomTag) {
  writeFileSync(
    join(site, file),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>load</title>
<script>window.loaded = false; addEventListener('load', () => { window.loaded = true; });</script>
<script type="module" src="./rtc-room.bundle.js"></script></head>
<body>${roomTag}</body></html>`,
  );
}

async function openPage(file) {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/${file}`, { waitUntil: 'commit' });
  return page;
}

/** Polls the page until `load` fired (generous bound for a loaded 2-core machine; it fires in well under 1 s). */
async function waitForLoad(page, what) {
  await page.waitForFunction(() => window.loaded === true, undefined, { timeout: 30_000, polling: 100 }).catch(() => {
    throw new Error(`${what}: the page's load event did not fire (document.readyState stayed "interactive")`);
  });
}

test('a wrong server URL: the join fails with an error, and load fires', { timeout: 60_000 }, async () => {
  writePage('wrong-server.html', `<rtc-room room="load" name="Ann" server="ws://127.0.0.1:${await closedPort()}/ws"></rtc-room>`);
  const page = await openPage('wrong-server.html');
  try {
    // The join failed (an error shown) …
    await page.waitForFunction(() => document.querySelector('rtc-room')?.error?.code, undefined, { timeout: 30_000, polling: 100 });
    // … and the page finished loading.
    await waitForLoad(page, 'wrong server URL');
    assert.equal(await page.evaluate(() => document.readyState), 'complete');
  } finally {
    await page.close();
  }
});

test('server and name changed while joining: load fires', { timeout: 60_000 }, async () => {
  // Changed as soon as the join starts, before the page has loaded (a page script reacting to its first state).
  const wrong = `ws://127.0.0.1:${await closedPort()}/ws`;
  writePage(
    'changed.html',
    `<rtc-room room="load" name="Ann" server="ws://127.0.0.1:${silent.address().port}/ws"></rtc-room>
<script>
  const el = document.querySelector('rtc-room');
  el.addEventListener('rtc-state-change', (event) => {
    if (event.detail.state !== 'connecting' || el.name === 'Bea') return;
    window.changedWhileJoining = document.readyState;
    el.setAttribute('name', 'Bea');
    el.setAttribute('server', '${wrong}');
  });
</script>`,
  );
  const page = await openPage('changed.html');
  try {
    await page.waitForFunction(() => window.changedWhileJoining !== undefined, undefined, { timeout: 30_000, polling: 50 });
    assert.notEqual(await page.evaluate(() => window.changedWhileJoining), 'complete', 'changed before the page loaded');
    await waitForLoad(page, 'server and name changed while joining');
  } finally {
    await page.close();
  }
});
