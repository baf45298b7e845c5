// Chromium and Firefox in one call: a Chromium page (Playwright, Debian's chromium) and a Firefox page (puppeteer
// over WebDriver BiDi, Debian's firefox-esr) join the same room through a real rtc-room server, in a mesh call and
// in an SFU call through a real Janus, and each decodes the other (`inbound-rtp` framesDecoded grows). In the SFU
// call a 1280×720 camera is published as three simulcast layers by each browser, and each browser as a subscriber
// follows a layer switch (frameWidth of the forwarded layer). Browsers' WebRTC presets: @rtc-room/testing.
// The SFU part needs Janus and the test's own network namespace (scripts/janus.mjs), as every SFU test does.
import { startServerCli } from '../scripts/processes.mjs';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { startJanus } from '../scripts/janus.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { webRtcLaunchOptions, firefoxLaunchOptions, firefoxPath } = await import(
  new URL('../packages/testing/dist/index.js', import.meta.url).href
);
const HD = { width: 1280, height: 720 };
const SMALL = { width: 320, height: 240 };

/** Polls `fn(arg)` in `page` until it returns a truthy value (a generous upper bound: 60 s). */
async function until(page, fn, arg, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await page.evaluate(fn, arg);
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Resolves when `page`'s inbound video from `peerId` has decoded frames and then decodes more (not one and a freeze). */
async function expectDecoding(page, peerId, who) {
  const first = await until(
    page,
    async (id) => ((await window.rtcTest.inbound())[id]?.framesDecoded ?? 0) || 0,
    peerId,
    `${who}: first decoded frames`,
  );
  await until(page, async ([id, n]) => ((await window.rtcTest.inbound())[id]?.framesDecoded ?? 0) > n, [peerId, first], `${who}: frames keep coming`);
}

async function startServer(janusUrl) {
  return startServerCli(root, [
    '--static', 'e2e/pages', '--mount', '/packages/core/dist/=packages/core/dist',
    '--port', '0', '--host', '127.0.0.1', ...(janusUrl ? ['--janus-url', janusUrl] : []),
  ], 30_000);
}

describe('a Chromium page and a Firefox page in one call', { timeout: 300_000, skip: !existsSync(firefoxPath()) && `no Firefox at ${firefoxPath()} (apt-get install -y firefox-esr)` }, () => {
  let janus = null;
  let server;
  let chrome;
  let firefox;
  /** Two fresh pages, one per browser, on the test page (localhost: getUserMedia needs a secure context). */
  const pages = async () => {
    const url = `http://localhost:${server.port}/room.html`;
    const c = await (await chrome.newContext()).newPage();
    const f = await firefox.newPage();
    for (const page of [c, f]) {
      await page.goto(url);
      await until(page, () => window.rtcReady === true, undefined, 'the test page');
    }
    return { c, f, close: () => Promise.all([c.close(), f.close()]) };
  };

  before(async () => {
    // Janus's own RTP ports, apart from the browser suite's Janus (20000-20100): the two suites may run at once.
    janus = await startJanus({ rtpRange: '20200-20300' });
    server = await startServer(janus?.url);
    chrome = await chromium.launch(webRtcLaunchOptions({ loopback: true }));
    firefox = await puppeteer.launch(firefoxLaunchOptions({ loopback: true }));
  });
  after(async () => {
    await chrome?.close();
    await firefox?.close();
    if (server) {
      server.child.kill('SIGTERM');
      await once(server.child, 'exit');
    }
    await janus?.stop();
  });

  test('mesh: each decodes the other', async () => {
    const { c, f, close } = await pages();
    try {
      const roomName = `mixed-mesh-${Date.now()}`;
      const cid = await c.evaluate((o) => window.rtcTest.join(o), { name: 'Chromium', roomName, topology: 'mesh', video: SMALL });
      const fid = await f.evaluate((o) => window.rtcTest.join(o), { name: 'Firefox', roomName, topology: 'mesh', video: SMALL });
      await expectDecoding(c, fid, 'Chromium decoding Firefox');
      await expectDecoding(f, cid, 'Firefox decoding Chromium');
      assert.deepEqual(await c.evaluate(() => window.rtcTest.remoteNames()), ['Firefox']);
      assert.deepEqual(await f.evaluate(() => window.rtcTest.remoteNames()), ['Chromium']);
      await Promise.all([c.evaluate(() => window.rtcTest.leave()), f.evaluate(() => window.rtcTest.leave())]);
    } finally {
      await close();
    }
  });

  test('SFU, codec policy H.264 then VP8: the room settles on a codec both browsers have, and each decodes it', async (t) => {
    if (!janus) return t.skip('needs Janus inside the test network namespace (npm test as root; scripts/janus.mjs)');
    const { c, f, close } = await pages();
    try {
      const roomName = `mixed-codecs-${Date.now()}`;
      const videoCodecs = ['h264', 'vp8'];
      const cid = await c.evaluate((o) => window.rtcTest.join(o), { name: 'Chromium', roomName, topology: 'sfu', video: SMALL, videoCodecs });
      const fid = await f.evaluate((o) => window.rtcTest.join(o), { name: 'Firefox', roomName, topology: 'sfu', video: SMALL, videoCodecs });
      // The codec both have, measured (Debian's Firefox ESR has no H.264 offline: VP8; with its OpenH264 plugin: H.264).
      const has = (page) => page.evaluate(() => ['sender', 'receiver'].map((k) => (k === 'sender' ? RTCRtpSender : RTCRtpReceiver).getCapabilities('video').codecs.some((x) => x.mimeType.toLowerCase() === 'video/h264')).every(Boolean));
      const codec = (await has(c)) && (await has(f)) ? 'h264' : 'vp8';
      for (const [page, who] of [[c, 'Chromium'], [f, 'Firefox']]) {
        await until(page, (want) => window.rtcTest.videoCodec() === want, codec, `${who} to settle on ${codec}`);
      }
      const decodingWith = (page, id, who) =>
        until(page, async ([pid, want]) => {
          const s = (await window.rtcTest.inbound())[pid];
          return s?.videoCodec?.toLowerCase() === `video/${want}` && s.framesDecoded > 0 && s.framesDecoded;
        }, [id, codec], `${who} decoding ${codec}`);
      await decodingWith(c, fid, 'Chromium');
      await decodingWith(f, cid, 'Firefox');
      await expectDecoding(c, fid, 'Chromium decoding Firefox through Janus');
      await expectDecoding(f, cid, 'Firefox decoding Chromium through Janus');
      await Promise.all([c.evaluate(() => window.rtcTest.leave()), f.evaluate(() => window.rtcTest.leave())]);
    } finally {
      await close();
    }
  });

  test('SFU (Janus): each decodes the other; both publish three simulcast layers; each follows a layer switch', async (t) => {
    if (!janus) return t.skip('needs Janus inside the test network namespace (npm test as root; scripts/janus.mjs)');
    const { c, f, close } = await pages();
    try {
      const roomName = `mixed-sfu-${Date.now()}`;
      const cid = await c.evaluate((o) => window.rtcTest.join(o), { name: 'Chromium', roomName, topology: 'sfu', video: HD });
      const fid = await f.evaluate((o) => window.rtcTest.join(o), { name: 'Firefox', roomName, topology: 'sfu', video: HD });
      await expectDecoding(c, fid, 'Chromium decoding Firefox through Janus');
      await expectDecoding(f, cid, 'Firefox decoding Chromium through Janus');

      // Simulcast from each publisher: frames sent on rids h, m and l, the top layer wider than the bottom one.
      for (const [page, who] of [[f, 'Firefox'], [c, 'Chromium']]) {
        const layers = await until(
          page,
          async () => {
            const l = await window.rtcTest.layers();
            return ['h', 'm', 'l'].every((rid) => (l[rid]?.framesSent ?? 0) > 0) && l;
          },
          undefined,
          `${who} to send frames on rids h, m and l`,
        );
        assert.ok(layers.h.frameWidth > layers.l.frameWidth, `${who}: h (${layers.h.frameWidth}) wider than l (${layers.l.frameWidth})`);
      }

      // Layer switching for each subscriber: the lowest layer (≤ 320 wide), then back up (≥ 640; the top layer
      // needs bandwidth estimation to ramp up, so "at least the middle one").
      for (const [page, publisher, who] of [[f, cid, 'Firefox'], [c, fid, 'Chromium']]) {
        await page.evaluate((id) => window.rtcTest.setVideoQuality(id, 'low'), publisher);
        await until(
          page,
          async (id) => {
            const w = (await window.rtcTest.inbound())[id]?.frameWidth ?? 0;
            return w > 0 && w <= 320;
          },
          publisher,
          `${who} subscriber: the lowest layer`,
        );
        await page.evaluate((id) => window.rtcTest.setVideoQuality(id, 'high'), publisher);
        await until(page, async (id) => ((await window.rtcTest.inbound())[id]?.frameWidth ?? 0) >= 640, publisher, `${who} subscriber: back up to a layer ≥ 640 wide`);
      }
      await Promise.all([c.evaluate(() => window.rtcTest.leave()), f.evaluate(() => window.rtcTest.leave())]);
    } finally {
      await close();
    }
  });
});
