#!/usr/bin/env node
// `npm run screenshots`: real calls through the real server (`packages/server/dist/cli.js` serving the demo, as
// `npm start` does) in headless Chromium, photographed into docs/images/ (checked in):
//
//   demo-1.png   the demo alone in a room ("waiting for others")
//   demo-2.png   two participants
//   demo-4.png   four participants (mesh)
//   themed.png   demo/themed.html: <rtc-room> inside a product page, restyled with --rtc-* and ::part() only
//   From the two-participant call (its pages reused, so they add seconds, not browsers):
//   participants.png  the people panel open
//   phone.png         the same call at 390×844 (controls on one row, the invite link)
//   prejoin.png       an invite link opened without a name: the pre-join screen (camera preview, devices, Join)
//   quality-lost.png  the other participant's browser frozen (SIGSTOP of its process group: nothing arrives): its
//                     tile's connection-quality indicator reads "lost"
//
// Each participant is its own Chromium (its own renderer and fake devices) whose camera is a generated clip
// (scripts/fake-camera.mjs), so every tile looks different. Run it after changing how the demo or the elements
// look, to update the checked-in copies. `npm test` takes them too, into a temporary folder
// (e2e/screenshots.test.mjs: every shot needs a healthy call — everyone connected, every tile decoding, no error
// shown), and checks that the checked-in ones exist and are shown in the docs (scripts/docs.test.mjs).
//
// As root on Linux it re-executes itself in a private network namespace (loopback only), like scripts/test.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PALETTES, writeFakeCamera } from './fake-camera.mjs';
import { startServerCli } from './processes.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// RTC_SCREENSHOTS_OUT: another folder (e2e/screenshots.test.mjs takes them into a temporary one on every `npm test`).
const out = resolve(root, process.env.RTC_SCREENSHOTS_OUT ?? 'docs/images');
const PEOPLE = ['Ann Lee', 'Bo Chen', 'Chioma Obi', 'Diego Ruiz'];

function canUnshare() {
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || process.env.RTC_TEST_NO_NETNS === '1') return false;
  return spawnSync('unshare', ['-n', 'true']).status === 0;
}

if (process.env.RTC_TEST_IN_NETNS !== '1' && canUnshare()) {
  const script = `ip link set lo up && exec "${process.execPath}" "${fileURLToPath(import.meta.url)}" "$@"`;
  const child = spawn('unshare', ['-n', 'sh', '-c', script, 'sh', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, RTC_TEST_IN_NETNS: '1' },
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await main();
}

async function startServer(listenPort) {
  return startServerCli(root, [
    '--static', 'demo', '--mount', '/packages/elements/dist/=packages/elements/dist',
    '--port', String(listenPort), '--host', '127.0.0.1',
    '--resume-grace-ms', '0', // a closed browser leaves at once, so a retry finds the room empty
    // Four browsers on a small machine can starve a page for seconds; that must not count as a dropped connection.
    '--ping-interval-ms', '30000',
  ], 10_000);
}


async function main() {
  const { chromium } = await import('playwright-core');
  // Chromium's WebRTC flags from the published preset (@rtc-room/testing; `npm run screenshots` builds it first).
  const { webRtcLaunchOptions } = await import(new URL('../packages/testing/dist/index.js', import.meta.url).href);
  mkdirSync(out, { recursive: true });
  const cams = mkdtempSync(join(tmpdir(), 'rtc-room-cams-'));
  // One clip per participant and size, made when first needed. Alone in the room the first participant's own
  // view is large (960×540); in a call every tile is at most ~600 px wide, and smaller clips mean less encoding
  // work for four browsers on a small machine.
  const clips = new Map();
  const cameraFile = (i, large) => {
    const [width, height] = large ? [960, 540] : [640, 360];
    const file = join(cams, `camera-${i}-${width}.y4m`);
    if (!clips.has(file)) {
      writeFakeCamera(file, PALETTES[i % PALETTES.length], { width, height });
      clips.set(file, true);
    }
    return file;
  };
  // Inside the private namespace port 8080 is ours, and the invite link then reads like `npm start`'s.
  const { child, port } = await startServer(process.env.RTC_TEST_IN_NETNS === '1' ? 8080 : 0);
  const base = `http://${port === 8080 ? 'localhost' : '127.0.0.1'}:${port}`;
  const browsers = [];
  const launch = (i, large) =>
    chromium.launch(webRtcLaunchOptions({
      loopback: true,
      args: [`--use-file-for-fake-video-capture=${cameraFile(i, large)}`, '--mute-audio', '--hide-scrollbars', '--font-render-hinting=none'],
    })).then((b) => (browsers.push(b), b));

  /** Opens `count` participants in `room`; the first on `path` with a large viewport. Returns the first page. */
  async function call(room, count, path = '/', viewport = { width: 1280, height: 720 }) {
    // Start every browser first (the heavy part), then join one by one, each once the previous one is in the call
    // with video from everyone before it: on a small machine, starting a browser while others negotiate can
    // starve them past the Room's connect timeout.
    const pages = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        launch(i, count === 1).then((browser) => browser.newPage({ viewport: i === 0 ? viewport : { width: 480, height: 320 } }))),
    );
    for (const [i, page] of pages.entries()) {
      await page.goto(`${base}${i === 0 ? path : '/'}?room=${room}&name=${encodeURIComponent(PEOPLE[i])}`, {
        waitUntil: 'domcontentloaded',
        timeout: 120_000,
      });
      await page.waitForFunction((n) => {
        const tiles = [...(document.querySelector('rtc-room')?.shadowRoot?.querySelectorAll('rtc-video-tile') ?? [])];
        return tiles.length === n && tiles.every((t) => t.videoElement?.videoWidth > 0);
      }, i + 1, { timeout: 120_000, polling: 250 });
    }
    const [first] = pages;
    // Every tile (own and remote) shows decoded video.
    await first.waitForFunction((n) => {
      const el = document.querySelector('rtc-room');
      const tiles = [...(el?.shadowRoot?.querySelectorAll('rtc-video-tile') ?? [])];
      return tiles.length === n && tiles.every((t) => t.videoElement?.videoWidth > 0 &&
        t.videoElement.getVideoPlaybackQuality().totalVideoFrames > 2);
    }, count, { timeout: 120_000, polling: 250 });
    await new Promise((r) => setTimeout(r, 2500)); // layout settled, first keyframes sharp
    return { first, pages };
  }

  /** The call as a user should see it: connected, every tile there, no error or notice showing. */
  const healthy = (page, count) =>
    page.evaluate((n) => {
      const el = document.querySelector('rtc-room');
      const status = el?.shadowRoot?.querySelector('[part~="status"]');
      const tiles = [...(el?.shadowRoot?.querySelectorAll('rtc-video-tile') ?? [])];
      return el?.roomInstance?.state === 'connected' && tiles.length === n && !status?.textContent?.trim();
    }, count);

  /** Photographs the first page; on a loaded machine a call can stall (heartbeat missed): then try again. */
  async function shoot(room, count, name, path, viewport, extras) {
    const file = join(out, name);
    for (let attempt = 1; ; attempt++) {
      let first;
      let pages;
      try {
        ({ first, pages } = await call(room, count, path, viewport));
      } catch (error) {
        await closeAll();
        if (attempt === 3) throw error;
        console.log(`${name}: not every tile decoded in time (${error.message.split('\n')[0]}); again`);
        continue;
      }
      const shot = await first.screenshot({ animations: 'disabled', caret: 'hide', timeout: 120_000 });
      const ok = (await healthy(first, count)) && (await healthy(first, count));
      let more = [];
      if (ok && extras) {
        try {
          more = await extras(first, room, pages);
        } catch (error) {
          await closeAll();
          if (attempt === 3) throw error;
          console.log(`${name}: the extra shots failed (${error.message.split('\n')[0]}); again`);
          continue;
        }
      }
      const why = ok ? '' : await first.evaluate(() => {
        const el = document.querySelector('rtc-room');
        return `state ${el?.roomInstance?.state}, ${el?.shadowRoot?.querySelectorAll('rtc-video-tile').length} tiles, status "${
          el?.shadowRoot?.querySelector('[part~="status"]')?.textContent?.trim()}", error ${el?.error?.code}: ${el?.error?.message}`;
      }).catch((e) => e.message);
      await closeAll();
      if (ok) {
        for (const [n, png] of [[name, shot], ...more]) {
          writeFileSync(join(out, n), png);
          console.log(`wrote ${join(out, n)}`);
        }
        return;
      }
      if (attempt === 3) throw new Error(`${name}: the call was not healthy in 3 attempts (${why}); machine overloaded?`);
      console.log(`${name}: the call was not healthy when photographed (${why}); again`);
    }
  }

  /** The pid of this script's own child process (a browser it launched) whose command line contains `text`. */
  function ownChildWith(text) {
    const children = readdirSync(`/proc/${process.pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${process.pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
    const pid = children.find((c) => readFileSync(`/proc/${c}/cmdline`, 'utf8').includes(text));
    if (!pid) throw new Error(`no browser of ours with ${text} (Linux /proc needed)`);
    return pid;
  }

  const shotOptions = { animations: 'disabled', caret: 'hide', timeout: 120_000 };

  /** The surfaces of issue 17, from the two-participant call whose first page is `first` (Ann; Bob is the second). */
  async function surfaces(first, room, pages) {
    const shots = [];
    const inRoom = (fn, arg) => first.evaluate(fn, arg);
    // The people panel.
    await inRoom(() => (document.querySelector('rtc-room').participantsVisible = true));
    await first.waitForFunction(() => {
      const list = document.querySelector('rtc-room').shadowRoot.querySelector('rtc-participant-list');
      return list?.shadowRoot?.textContent?.includes('Bo Chen') && list.shadowRoot.textContent.includes('Ann Lee');
    }, undefined, { timeout: 30_000, polling: 250 });
    await new Promise((r) => setTimeout(r, 500));
    shots.push(['participants.png', await first.screenshot(shotOptions)]);
    await inRoom(() => (document.querySelector('rtc-room').participantsVisible = false));
    // The phone layout: the same call at 390×844.
    await first.setViewportSize({ width: 390, height: 844 });
    await new Promise((r) => setTimeout(r, 1500));
    shots.push(['phone.png', await first.screenshot(shotOptions)]);
    await first.setViewportSize({ width: 1280, height: 720 });
    // The pre-join screen: the invite link opened in another tab of Ann's browser (no name: pre-join, not joined).
    const invite = await first.context().browser().newPage({ viewport: { width: 1280, height: 720 } });
    await invite.goto(`${base}/?room=${room}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await invite.waitForFunction(() => {
      const prejoin = document.querySelector('rtc-room')?.shadowRoot?.querySelector('rtc-prejoin');
      const video = prejoin?.shadowRoot?.querySelector('video');
      return video?.videoWidth > 0;
    }, undefined, { timeout: 60_000, polling: 250 });
    await new Promise((r) => setTimeout(r, 1500)); // microphone level moving, preview sharp
    // The preview's size is known before its frames are painted: at load average 20 a shot showed an empty
    // preview (43 kB; a painted one is ~90 kB). Shoot again until the picture has the preview in it (up to 20 s).
    let prejoinShot = await invite.screenshot(shotOptions);
    for (let i = 0; i < 10 && prejoinShot.length < 60_000; i++) {
      await new Promise((r) => setTimeout(r, 2000));
      prejoinShot = await invite.screenshot(shotOptions);
    }
    shots.push(['prejoin.png', prejoinShot]);
    await invite.close();
    // Connection quality: Bob's browser frozen, for real — nothing arrives from it any more.
    const bob = { pid: ownChildWith('camera-1-') };
    process.kill(-bob.pid, 'SIGSTOP');
    try {
      await first.waitForFunction(() => {
        const tile = document.querySelector('rtc-room').shadowRoot.querySelector('rtc-video-tile[data-participant-id]');
        return tile?.shadowRoot?.querySelector('[part~=quality]')?.dataset.quality === 'lost';
      }, undefined, { timeout: 30_000, polling: 100 });
      await new Promise((r) => setTimeout(r, 300));
      shots.push(['quality-lost.png', await first.screenshot(shotOptions)]);
    } finally {
      process.kill(-bob.pid, 'SIGCONT');
    }
    return shots;
  }

  async function closeAll() {
    await Promise.all(browsers.splice(0).map((b) => b.close()));
  }

  try {
    // `node scripts/screenshots.mjs demo-4 themed` takes only those.
    const wanted = (name) => process.argv.length <= 2 || process.argv.slice(2).includes(name);
    for (const [count, room] of [[1, 'standup'], [2, 'one-on-one'], [4, 'weekly-sync']]) {
      if (wanted(`demo-${count}`)) await shoot(room, count, `demo-${count}.png`, '/', undefined, count === 2 ? surfaces : undefined);
    }
    if (wanted('themed')) await shoot('design-review', 3, 'themed.png', '/themed.html', { width: 1280, height: 760 });
  } finally {
    await closeAll();
    child.kill('SIGTERM');
    await once(child, 'exit');
    rmSync(cams, { recursive: true, force: true });
  }
}
