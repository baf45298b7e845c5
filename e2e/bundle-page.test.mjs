// Issue 17: plain HTML pages on the bundle, as the docs show them. The `<rtc-chat>` sample of docs/elements.md
// (taken from the doc itself, only the server URL replaced) failed with "Failed to resolve module specifier"; now two
// such pages chat. Deployed without `chunks/`, loadChat() and Room.preflight() reject with `load-failed` naming the
// folder. The demo has a favicon. Issue 18: a mesh call on the bundle fetches no lazy chunk it does not use (no SFU
// or auto transport, screen share, messages, recording, preflight, chat); the device panel and the stats overlay
// fetch theirs when first opened. Real server (the CLI), real Chromium, loopback.
import { startServerCli } from '../scripts/processes.mjs';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { webRtcLaunchOptions } = await import(new URL('../packages/testing/dist/index.js', import.meta.url).href);
const elementsDist = join(root, 'packages/elements/dist');

/** The first ```html block after the `<rtc-chat>` heading of docs/elements.md. */
function chatSample() {
  const doc = readFileSync(join(root, 'docs/elements.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## `<rtc-chat>`'));
  const match = /```html\n([\s\S]*?)```/.exec(section);
  assert.ok(match, 'docs/elements.md has an html sample for <rtc-chat>');
  return match[1];
}

async function startServer(args) {
  return startServerCli(root, [...args, '--port', '0', '--host', '127.0.0.1'], 60_000);
}

let site;
let server;
let browser;
before(async () => {
  site = mkdtempSync(join(tmpdir(), 'rtc-room-bundle-page-'));
  // /full/: the bundle with its chunks/ folder; /bare/: the bundle alone (both bundles).
  cpSync(join(elementsDist, 'rtc-room.bundle.js'), join(site, 'full', 'rtc-room.bundle.js'));
  cpSync(join(elementsDist, 'chunks'), join(site, 'full', 'chunks'), { recursive: true });
  cpSync(join(elementsDist, 'rtc-room.bundle.js'), join(site, 'bare', 'rtc-room.bundle.js'));
  cpSync(join(root, 'packages/core/dist/rtc-room-core.bundle.js'), join(site, 'bare', 'rtc-room-core.bundle.js'));
  writeFileSync(join(site, 'bare', 'index.html'), '<!doctype html><meta charset="utf-8"><title>bare</title>');
  server = await startServer(['--static', site]);
  browser = await chromium.launch(webRtcLaunchOptions({ loopback: true }));
});
after(async () => {
  await browser?.close();
  if (server) {
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');
  }
  rmSync(site, { recursive: true, force: true });
});

test('the documented <rtc-chat> page works on the bundle: two pages chat', { timeout: 90_000 }, async () => {
  const sample = chatSample().replace('wss://calls.example.com/ws', `ws://127.0.0.1:${server.port}/ws`);
  assert.ok(sample.includes(`ws://127.0.0.1:${server.port}/ws`), 'the sample names a server URL to replace');
  writeFileSync(join(site, 'full', 'chat.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>chat</title></head><body>\n${sample}</body></html>`);
  const context = await browser.newContext();
  const pages = [];
  const problems = [];
  for (let i = 0; i < 2; i++) {
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`http://127.0.0.1:${server.port}/full/chat.html`);
    pages.push(page);
  }
  for (const page of pages) {
    await page.waitForFunction(() => customElements.get('rtc-chat') && document.querySelector('rtc-chat').room?.state === 'connected'
      && document.querySelector('rtc-room').roomInstance.participants.size === 1, undefined, { timeout: 45_000, polling: 200 })
      .catch((error) => { throw new Error(`${error.message}; page errors: ${problems.join(' | ')}`); });
  }
  const input = pages[0].locator('rtc-chat').locator('input');
  await input.fill('hello from the bundle page');
  await input.press('Enter');
  await pages[1].waitForFunction(() => document.querySelector('rtc-chat').lines.some((l) => l.text === 'hello from the bundle page' && !l.mine),
    undefined, { timeout: 20_000, polling: 200 });
  assert.deepEqual(problems.filter((p) => /resolve module specifier|Failed to fetch/.test(p)), []);
  await context.close();
});

/** The module a chunk file holds: `chunks/SfuTransport-Ab12.js` → `SfuTransport`. */
const chunkName = (url) => /\/chunks\/(.+)-[\w-]{8}\.js$/.exec(new URL(url).pathname)?.[1];

test('a mesh call on the bundle fetches only the chunks it uses; panels fetch theirs when opened', { timeout: 120_000 }, async () => {
  // What a mesh call does not use is in chunks/ (not in the bundle), so fetching none of it means something.
  const shipped = readdirSync(join(site, 'full', 'chunks')).map((f) => chunkName(`http://x/chunks/${f}`)).filter(Boolean);
  for (const lazy of ['SfuTransport', 'AutoTransport', 'ScreenShare', 'DataMessages', 'recorder', 'server-recording', 'preflight', 'chat',
    'device-picker', 'stats-overlay', 'SpeakerTracking', 'QualityTracking', 'normalize']) {
    assert.ok(shipped.includes(lazy), `chunks/ has ${lazy}: ${shipped.join(', ')}`);
  }
  const context = await browser.newContext();
  const pages = [];
  const fetched = [];
  for (const name of ['Ann', 'Bob']) {
    writeFileSync(join(site, 'full', `mesh-${name}.html`), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>mesh</title>
<script type="module" src="rtc-room.bundle.js"></script></head><body style="margin:0;height:600px">
<rtc-room room="mesh-chunks" name="${name}" server="ws://127.0.0.1:${server.port}/ws"></rtc-room></body></html>`);
    const page = await context.newPage();
    page.on('request', (request) => {
      const chunk = chunkName(request.url());
      if (chunk) fetched.push(chunk);
    });
    await page.goto(`http://127.0.0.1:${server.port}/full/mesh-${name}.html`);
    pages.push(page);
  }
  for (const page of pages) {
    await page.waitForFunction(() => {
      const room = document.querySelector('rtc-room').roomInstance;
      return room?.state === 'connected' && room.participants.size === 1;
    }, undefined, { timeout: 45_000, polling: 200 });
  }
  // The call works: each page decodes the other's video (inbound-rtp framesDecoded grows).
  const decoded = (page) => page.evaluate(async () => {
    const stats = await document.querySelector('rtc-room').roomInstance.getStats();
    return [...stats.values()][0]?.framesDecoded ?? 0;
  });
  for (const page of pages) {
    const first = await decoded(page);
    await page.waitForFunction(async (before) => {
      const stats = await document.querySelector('rtc-room').roomInstance.getStats();
      return ([...stats.values()][0]?.framesDecoded ?? 0) > Math.max(before, 5);
    }, first, { timeout: 30_000, polling: 250 });
  }
  // What <rtc-room> itself uses in a mesh call may load (stats for levels and quality, speaker, quality); nothing else.
  const used = new Set(['normalize', 'SpeakerTracking', 'QualityTracking']);
  assert.deepEqual([...new Set(fetched)].filter((c) => !used.has(c)), [], `chunks fetched by a mesh call: ${fetched.join(', ')}`);
  // The device panel and the statistics overlay are fetched when first opened, and then work.
  const page = pages[0];
  assert.equal(await page.evaluate(() => customElements.get('rtc-device-picker') === undefined), true, 'no device picker before it is opened');
  await page.locator('[part~="devices-button"]').click();
  await page.waitForFunction(() => {
    const picker = document.querySelector('rtc-room').shadowRoot.querySelector('rtc-device-picker');
    return customElements.get('rtc-device-picker') && picker?.shadowRoot?.querySelector('select');
  }, undefined, { timeout: 20_000, polling: 100 });
  await page.locator('[part~="stats-button"]').click();
  await page.waitForFunction(() => {
    const tiles = [...document.querySelector('rtc-room').shadowRoot.querySelectorAll('rtc-video-tile')];
    return tiles.some((tile) => /\d+ ms|kbps/.test(tile.shadowRoot.querySelector('rtc-stats-overlay')?.shadowRoot?.textContent ?? ''));
  }, undefined, { timeout: 20_000, polling: 200 });
  const late = [...new Set(fetched)].filter((c) => !used.has(c)).sort();
  // The picker's component module is a chunk of its own (`device-picker.component`), shared with the pre-join screen.
  assert.deepEqual(late.filter((c) => !/^(device-picker|stats-overlay)(\.component)?$/.test(c)), [], `chunks fetched after opening the panels: ${late.join(', ')}`);
  for (const part of ['device-picker', 'stats-overlay']) assert.ok(late.includes(part), `the ${part} chunk fetched when opened (got ${late.join(', ')})`);
  await context.close();
});

test('deployed without chunks/: loadChat(), Room.preflight(), the panels and an SFU join reject with load-failed naming the folder', { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.port}/bare/index.html`);
  const result = await page.evaluate(async () => {
    const failure = (e) => ({ code: e?.code, message: String(e?.message) });
    const elements = await import('/bare/rtc-room.bundle.js');
    const core = await import('/bare/rtc-room-core.bundle.js');
    const chat = await elements.loadChat().then(() => 'loaded', failure);
    const preflight = await core.Room.preflight({ camera: false, microphone: false }).then(() => 'ran', failure);
    const picker = await elements.loadDevicePicker().then(() => 'loaded', failure);
    const overlay = await elements.loadStatsOverlay().then(() => 'loaded', failure);
    // An SFU room loads its transport before it contacts the server: the join fails at once, saying why.
    const signaling = new core.WebSocketSignaling(`ws://${location.host}/ws`);
    const sfu = await new core.Room({ room: 'r', name: 'n', signaling, topology: 'sfu', audio: false, video: false }).join().then(() => 'joined', failure);
    return { chat, preflight, picker, overlay, sfu, defined: customElements.get('rtc-room') !== undefined };
  });
  assert.equal(result.defined, true, 'the bundle itself works without chunks/');
  const outcomes = [['loadChat()', result.chat], ['Room.preflight()', result.preflight], ['loadDevicePicker()', result.picker],
    ['loadStatsOverlay()', result.overlay], ['The SFU transport', result.sfu]];
  for (const [what, outcome] of outcomes) {
    assert.equal(outcome.code, 'load-failed', `${what}: ${JSON.stringify(outcome)}`);
    assert.match(outcome.message, /chunks\/ folder next to it/, what);
    assert.ok(outcome.message.startsWith(what), outcome.message);
  }
  await page.close();
});

test('the demo page has a favicon, served as SVG', { timeout: 30_000 }, async () => {
  const demo = await startServer(['--static', 'demo']);
  try {
    const html = await (await fetch(`http://127.0.0.1:${demo.port}/`)).text();
    const href = /<link rel="icon" href="([^"]+)" type="image\/svg\+xml"/.exec(html)?.[1];
    assert.ok(href, 'index.html links an icon');
    const icon = await fetch(new URL(href, `http://127.0.0.1:${demo.port}/`));
    assert.equal(icon.status, 200);
    assert.equal(icon.headers.get('content-type')?.split(';')[0], 'image/svg+xml');
    assert.match(await icon.text(), /^<svg /);
  } finally {
    demo.child.kill('SIGTERM');
    await once(demo.child, 'exit');
  }
});
