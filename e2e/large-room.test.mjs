// Issue 19: a 50-participant SFU room on a 2-core machine. 48 synthetic participants (werift publishing pre-encoded
// VP8 + Opus, scripts/synthetic-participants.mjs: real participants of the rtc-room server, publishing through it
// into the Janus room it created), then a Chromium page and a Firefox page with <rtc-room> (the elements bundle).
// Each browser has 49 remote participants in its roster and 49 remote tiles, decodes all 49 remote videos
// (inbound-rtp framesDecoded > 0 on every one, and the total keeps growing) and receives all 49 audio streams
// (bytesReceived > 0 on every one, and the total keeps growing). Real Janus + server CLI on loopback, inside the
// test network namespace (skipped outside it, like every SFU test). Janus CPU and bitrates: bench/large-room.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { addSynthetic, inbound, joinPage, startLargeRoomStack, until, untilInbound } from '../scripts/large-room.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { webRtcLaunchOptions, firefoxLaunchOptions, firefoxPath } = await import(
  new URL('../packages/testing/dist/index.js', import.meta.url).href
);
// RTC_LARGE_ROOM_SYNTHETIC: fewer synthetic participants, to debug the test quickly (the suite runs 48).
const SYNTHETIC = Number(process.env.RTC_LARGE_ROOM_SYNTHETIC) || 48;
const REMOTES = SYNTHETIC + 1;

describe('a 50-participant SFU room: 48 synthetic publishers + Chromium + Firefox', {
  timeout: 300_000,
  skip: !existsSync(firefoxPath()) && `no Firefox at ${firefoxPath()} (apt-get install -y firefox-esr)`,
}, () => {
  let stack = null;
  let synthetic;
  let chrome;
  let firefox;

  before(async () => {
    // Janus's own RTP ports, apart from the browser suite's (20000-20100) and mixed-browsers (20200-20300).
    stack = await startLargeRoomStack(root, { rtpRange: '21000-21300' });
    if (!stack) return;
    chrome = await chromium.launch(webRtcLaunchOptions({ loopback: true }));
    // A longer CDP/BiDi call budget than puppeteer's 180 s: one getStats() over 98 streams on a loaded 2-core machine.
    firefox = await puppeteer.launch({ ...firefoxLaunchOptions({ loopback: true }), protocolTimeout: 600_000 });
  });
  after(async () => {
    await chrome?.close();
    await firefox?.close();
    await synthetic?.stop();
    await stack?.stop();
  });

  test(`each browser sees ${REMOTES} remote tiles, decodes ${REMOTES} remote videos and receives ${REMOTES} audio streams`, async (t) => {
    if (!stack) return t.skip('needs Janus inside the test network namespace (npm test as root; scripts/janus.mjs)');
    const room = `large-${Date.now()}`;
    synthetic = await addSynthetic(stack, room, SYNTHETIC);
    assert.equal(synthetic.ids.length, SYNTHETIC);
    const c = await (await chrome.newContext()).newPage();
    const f = await firefox.newPage();
    await joinPage(c, stack.pageUrl, { room, name: 'Chromium' });
    await joinPage(f, stack.pageUrl, { room, name: 'Firefox' });
    for (const [page, who] of [[c, 'Chromium'], [f, 'Firefox']]) {
      await until(page, (n) => window.largeRoom.rosterSize() === n && window.largeRoom.remoteTiles() === n, REMOTES, `${who}: ${REMOTES} remote participants and tiles`);
      const all = await untilInbound(
        page,
        (s) => s.video.decoding >= REMOTES && s.audio.receiving >= REMOTES,
        `${who}: ${REMOTES} remote videos decoding and ${REMOTES} audio streams receiving`,
      );
      assert.equal(all.video.streams, REMOTES, `${who}: one inbound video per remote participant`);
      assert.equal(all.audio.streams, REMOTES, `${who}: one inbound audio per remote participant`);
      // Still flowing, not one frame and a freeze.
      await untilInbound(
        page,
        (s) => s.video.framesDecoded > all.video.framesDecoded && s.audio.bytes > all.audio.bytes,
        `${who}: decoded frames and audio bytes keep growing`,
      );
    }
    assert.equal(await c.evaluate(() => window.largeRoom.remoteTiles()), REMOTES);
    assert.equal(await f.evaluate(() => window.largeRoom.remoteTiles()), REMOTES);
    const [sc, sf] = [await inbound(c), await inbound(f)];
    t.diagnostic(`Chromium: ${sc.video.decoding} videos, ${sc.audio.receiving} audios; Firefox: ${sf.video.decoding} videos, ${sf.audio.receiving} audios`);
    await Promise.all([c.evaluate(() => window.largeRoom.leave()), f.evaluate(() => window.largeRoom.leave())]);
  });
});
