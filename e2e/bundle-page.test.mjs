// Issue 17: plain HTML pages on the bundle, as the docs show them. The `<rtc-chat>` sample of docs/elements.md
// (taken from the doc itself, only the server URL replaced) failed with "Failed to resolve module specifier"; now two
// such pages chat. Deployed without `chunks/`, loadChat() and Room.preflight() reject with `load-failed` naming the
// folder. The demo has a favicon. Real server (the CLI), real Chromium, loopback.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  const child = spawn(process.execPath, ['packages/server/dist/cli.js', ...args, '--port', '0', '--host', '127.0.0.1'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const deadline = Date.now() + 20_000;
  while (!/localhost:(\d+)/.test(out)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, port: Number(/localhost:(\d+)/.exec(out)[1]) };
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

test('deployed without chunks/: loadChat() and Room.preflight() reject with load-failed naming the folder', { timeout: 60_000 }, async () => {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.port}/bare/index.html`);
  const result = await page.evaluate(async () => {
    const failure = (e) => ({ code: e?.code, message: String(e?.message) });
    const elements = await import('/bare/rtc-room.bundle.js');
    const core = await import('/bare/rtc-room-core.bundle.js');
    const chat = await elements.loadChat().then(() => 'loaded', failure);
    const preflight = await core.Room.preflight({ camera: false, microphone: false }).then(() => 'ran', failure);
    return { chat, preflight, defined: customElements.get('rtc-room') !== undefined };
  });
  assert.equal(result.defined, true, 'the bundle itself works without chunks/');
  for (const [what, outcome] of [['loadChat()', result.chat], ['Room.preflight()', result.preflight]]) {
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
