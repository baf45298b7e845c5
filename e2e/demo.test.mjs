// The demo as a user meets it: the server from `npm start` (CLI, demo page, bundle) and three separate browser
// pages (separate renderer processes, like three windows) joining one room by URL. Every page must decode
// video from both others. Regression: with each pair offering at the same moment, Chromium sometimes never
// gathered candidates for the offer made after an implicit rollback, and one pair stayed dark.
import { startServerCli } from '../scripts/processes.mjs';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Chromium's WebRTC flags from the published preset (@rtc-room/testing; `npm test` builds it first).
const { webRtcLaunchOptions } = await import(new URL('../packages/testing/dist/index.js', import.meta.url).href);

async function startServer() {
  return startServerCli(root, ['--static', 'demo', '--mount', '/packages/elements/dist/=packages/elements/dist', '--port', '0', '--host', '127.0.0.1'], 60_000);
}

test('three pages on the demo URL are in one call, each decoding both others', { timeout: 90_000 }, async () => {
  const { child, port } = await startServer();
  const browser = await chromium.launch(webRtcLaunchOptions({ loopback: true }));
  try {
    const context = await browser.newContext({ viewport: { width: 900, height: 650 } });
    const names = ['Ann', 'Bob', 'Cat'];
    const pages = [];
    for (const name of names) {
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/?room=demo-e2e&name=${name}`);
      pages.push(page);
    }
    // Each page: its <rtc-room> shows two remote tiles whose <video> has decoded frames of real size.
    for (const [i, page] of pages.entries()) {
      await page.waitForFunction(() => {
        const el = document.querySelector('rtc-room');
        const tiles = [...(el?.shadowRoot?.querySelectorAll('rtc-video-tile') ?? [])].filter((t) => !t.local);
        return tiles.length === 2 && tiles.every((t) => t.videoElement?.videoWidth > 0 &&
          t.videoElement.getVideoPlaybackQuality().totalVideoFrames > 0);
      }, undefined, { timeout: 30_000, polling: 250 }).catch(async (error) => {
        const state = await page.evaluate(() => document.querySelector('rtc-room')?.roomInstance?.state);
        throw new Error(`${names[i]} does not decode both others (room state ${state}): ${error.message}`);
      });
      const remoteNames = await page.evaluate(() => [...document.querySelector('rtc-room').roomInstance.participants.values()].map((p) => p.name).sort());
      assert.deepEqual(remoteNames, names.filter((n) => n !== names[i]).sort());
    }
    // Frames keep coming on every page (not a single frame and a freeze).
    const counts = await Promise.all(pages.map((p) => p.evaluate(() => document.querySelector('rtc-room').roomInstance.getStats()
      .then((m) => [...m.values()].map((s) => s.framesDecoded ?? 0)))));
    await new Promise((r) => setTimeout(r, 1500));
    const later = await Promise.all(pages.map((p) => p.evaluate(() => document.querySelector('rtc-room').roomInstance.getStats()
      .then((m) => [...m.values()].map((s) => s.framesDecoded ?? 0)))));
    for (const [i, list] of later.entries()) {
      assert.equal(list.length, 2, `${names[i]} has stats for two peers`);
      list.forEach((n, j) => assert.ok(n > counts[i][j], `${names[i]}: frames from peer ${j} keep growing (${counts[i][j]} → ${n})`));
    }
    // Closing a page removes that participant from the others.
    await pages[2].close();
    for (const page of pages.slice(0, 2)) {
      await page.waitForFunction(() => document.querySelector('rtc-room').roomInstance.participants.size === 1, undefined, { timeout: 10_000 });
    }
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});

// Issue 17: the demo can be tried in SFU mode. `?topology=` reaches <rtc-room topology> and stays in the invite link
// and in the lobby form (a server without Janus here: only the page's wiring is checked; SFU calls have their own
// tests in e2e/browser/).
test('?topology=sfu|auto sets <rtc-room topology> and is kept in the invite link and the form', { timeout: 60_000 }, async () => {
  const { child, port } = await startServer();
  const browser = await chromium.launch(webRtcLaunchOptions({ loopback: true }));
  try {
    const page = await browser.newPage();
    for (const topology of ['sfu', 'auto']) {
      await page.goto(`http://127.0.0.1:${port}/?room=demo-topology&name=Ann&topology=${topology}`);
      await page.waitForFunction(() => document.querySelector('rtc-room')?.getAttribute('room') === 'demo-topology');
      assert.equal(await page.evaluate(() => document.querySelector('rtc-room').topology), topology);
      const invite = new URL(await page.inputValue('#invite-link'));
      assert.equal(invite.searchParams.get('topology'), topology);
    }
    await page.goto(`http://127.0.0.1:${port}/?room=demo-topology&name=Ann&topology=mars`);
    await page.waitForFunction(() => document.querySelector('rtc-room')?.getAttribute('room') === 'demo-topology');
    assert.equal(await page.evaluate(() => document.querySelector('rtc-room').getAttribute('topology')), null, 'unknown values: mesh');
    await page.goto(`http://127.0.0.1:${port}/?topology=sfu`);
    await page.fill('#room-input', 'demo-topology');
    await page.fill('#name-input', 'Bob');
    await Promise.all([page.waitForURL(/room=demo-topology/), page.click('#join-form button[type=submit]')]);
    assert.equal(new URL(page.url()).searchParams.get('topology'), 'sfu');
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});

const AXE_SOURCE = readFileSync(resolve(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the whole page (shadow roots included), as readable lines. */
async function seriousViolations(page) {
  // Evaluated by the driver, not as a <script> tag: the demo's Content-Security-Policy (script-src 'self' + a hash)
  // rightly refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`));
  return violations;
}

// Issue 17: the demo page itself (what `npm start` serves) passes axe-core with no serious or critical violation in
// each state a visitor meets: the lobby form, the pre-join screen of an invite link, and the call with the people and
// device panels open.
test('the demo page has no serious or critical axe-core violation: lobby, pre-join, call with its panels', { timeout: 90_000 }, async () => {
  const { child, port } = await startServer();
  const browser = await chromium.launch(webRtcLaunchOptions({ loopback: true }));
  try {
    const page = await browser.newPage({ viewport: { width: 1024, height: 720 } });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForSelector('#lobby:not([hidden])');
    assert.deepEqual(await seriousViolations(page), [], 'the lobby');

    await page.goto(`http://127.0.0.1:${port}/?room=demo-axe`);
    await page.waitForFunction(() => {
      const video = document.querySelector('rtc-room')?.shadowRoot?.querySelector('rtc-prejoin')?.shadowRoot?.querySelector('video');
      return video?.videoWidth > 0;
    }, undefined, { timeout: 30_000, polling: 250 });
    assert.deepEqual(await seriousViolations(page), [], 'the pre-join screen');

    await page.goto(`http://127.0.0.1:${port}/?room=demo-axe&name=Ann`);
    await page.waitForFunction(() => document.querySelector('rtc-room')?.roomInstance?.state === 'connected', undefined, { timeout: 30_000 });
    assert.deepEqual(await seriousViolations(page), [], 'the call (alone, waiting for others)');
    await page.evaluate(() => Object.assign(document.querySelector('rtc-room'), { participantsVisible: true, devicesVisible: true }));
    await page.waitForFunction(() => {
      const root = document.querySelector('rtc-room')?.shadowRoot;
      const list = root?.querySelector('rtc-participant-list');
      const picker = root?.querySelector('rtc-device-picker');
      return list?.shadowRoot?.textContent?.includes('Ann') && picker?.shadowRoot?.querySelector('select');
    }, undefined, { timeout: 30_000, polling: 250 });
    assert.deepEqual(await seriousViolations(page), [], 'the call with the people and device panels open');
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});
