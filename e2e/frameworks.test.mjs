// The React and Vue examples as users build and run them: each is type-checked (tsc / vue-tsc, which also proves
// the `<rtc-room>` JSX and template types in src/types.check.tsx and src/TypesCheck.vue) and built with Vite, then
// served by the real signaling server (`rtc-room-server --mount`). In each framework and each style — the
// `<rtc-room>` tag, and a custom UI on `useRoom` — two pages join one room and must decode each other's video;
// in the core style the mute buttons must reach the other side. Unmounting the app must remove every listener
// the bindings added to the Room and leave an owned Room. One browser, one context per run. React runs under
// StrictMode (mount, unmount, mount): the other page must still see exactly one participant.
import { spawn } from 'node:child_process';
import { startServerCli } from '../scripts/processes.mjs';
import { once } from 'node:events';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => resolve(root, 'node_modules/.bin', name);
const FRAMEWORKS = ['react', 'vue'];
const STYLES = ['element', 'core'];

function run(cmd, args, cwd = root, env = {}) {
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const what = `${cmd.replace(`${root}/`, '')} ${args.join(' ')} (in ${cwd.replace(root, '.') || '.'})`;
      if (code === 0) resolvePromise(Date.now() - started);
      else reject(new Error(`${what} exited with ${code}:\n${out}`));
    });
  });
}

async function startServer() {
  return startServerCli(root, ['--mount', '/react/=examples/react/dist', '--mount', '/vue/=examples/vue/dist', '--port', '0', '--host', '127.0.0.1'], 60_000);
}

let server;
let browser;

before(async () => {
  const t0 = Date.now();
  // The packages the examples import (dist, by project references); up to date already under `npm test`.
  await run(bin('tsc'), ['-b']);
  // Type-check and build both examples, two at a time (the machine has two cores).
  const [reactCheck, reactBuild] = await Promise.all([
    run(bin('tsc'), ['--noEmit', '-p', 'examples/react']),
    // React's development build: StrictMode's mount → unmount → mount only happens there.
    run(bin('vite'), ['build', '--logLevel', 'warn'], resolve(root, 'examples/react'), { NODE_ENV: 'development' }),
  ]);
  const [vueCheck, vueBuild] = await Promise.all([
    run(bin('vue-tsc'), ['--noEmit', '-p', 'examples/vue']),
    run(bin('vite'), ['build', '--logLevel', 'warn'], resolve(root, 'examples/vue')),
  ]);
  console.log(`# examples: tsc ${reactCheck} ms, vite react ${reactBuild} ms, vue-tsc ${vueCheck} ms, vite vue ${vueBuild} ms; ` +
    `${Date.now() - t0} ms in all`);
  server = await startServer();
  // Chromium's WebRTC flags from the published preset (@rtc-room/testing, built by the `tsc -b` above).
  const { webRtcLaunchOptions } = await import(new URL('../packages/testing/dist/index.js', import.meta.url).href);
  browser = await chromium.launch(webRtcLaunchOptions({ loopback: true }));
});

after(async () => {
  await browser?.close();
  if (server) {
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');
  }
});

/** In the page: the Room in use, its state and how many listeners are subscribed to it (nanoevents' own map). */
function roomInfo(page) {
  return page.evaluate(() => {
    const room = window.rtcExample?.room?.();
    // `events` is the Room's private emitter; reading it is how a test sees leaked listeners.
    const listeners = room ? Object.values(room.events.emitter.events).reduce((n, list) => n + (list?.length ?? 0), 0) : -1;
    return { state: room?.state, participants: room ? [...room.participants.values()].map((p) => p.name) : [], listeners };
  });
}

/** Frames decoded from the one remote participant, from the Room's normalized stats. */
function framesDecoded(page) {
  return page.evaluate(async () => {
    const stats = await window.rtcExample.room().getStats();
    return [...stats.values()].map((s) => s.framesDecoded ?? 0);
  });
}

/** The remote `<video>`s of the page, whichever style: their size and decoded frame count. */
function remoteVideos(page, style) {
  return page.evaluate((s) => {
    const videos = s === 'element'
      ? [...(document.querySelector('rtc-room')?.shadowRoot?.querySelectorAll('rtc-video-tile') ?? [])]
        .filter((t) => !t.local).map((t) => t.videoElement)
      : [...document.querySelectorAll('figure[data-local="false"] video')];
    return videos.map((v) => ({ width: v?.videoWidth ?? 0, frames: v?.getVideoPlaybackQuality().totalVideoFrames ?? 0 }));
  }, style);
}

for (const framework of FRAMEWORKS) {
  for (const style of STYLES) {
    test(`${framework} example, ${style} style: two pages in a call decode each other`, { timeout: 90_000 }, async () => {
      const t0 = Date.now();
      const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
      try {
        const room = `${framework}-${style}-${Date.now()}`;
        const names = ['Ann', 'Bob'];
        const pages = [];
        for (const name of names) {
          const page = await context.newPage();
          const errors = [];
          page.on('pageerror', (e) => errors.push(e.message));
          page.errors = errors;
          await page.goto(`http://127.0.0.1:${server.port}/${framework}/?style=${style}&room=${room}&name=${name}`);
          pages.push(page);
        }
        for (const [i, page] of pages.entries()) {
          await page.waitForFunction((s) => {
            const videos = s === 'element'
              ? [...(document.querySelector('rtc-room')?.shadowRoot?.querySelectorAll('rtc-video-tile') ?? [])]
                .filter((t) => !t.local).map((t) => t.videoElement)
              : [...document.querySelectorAll('figure[data-local="false"] video')];
            return videos.length === 1 && videos[0]?.videoWidth > 0 && videos[0].getVideoPlaybackQuality().totalVideoFrames > 0;
          }, style, { timeout: 45_000, polling: 250 }).catch(async (error) => {
            const info = await roomInfo(page);
            throw new Error(`${names[i]} does not decode the other (${JSON.stringify(info)}, page errors: ${page.errors}): ${error.message}`);
          });
          const info = await roomInfo(page);
          assert.equal(info.state, 'connected');
          // One participant, not two: a StrictMode double mount must not leave a ghost in the room.
          assert.deepEqual(info.participants, [names[1 - i]], `${names[i]} sees exactly the other page`);
          assert.ok(info.listeners > 0, 'the binding listens to the Room');
        }
        const firstFrame = Date.now() - t0;
        // Frames keep coming (the Room's stats, not only the element's playback counter).
        const before = await Promise.all(pages.map(framesDecoded));
        await new Promise((r) => setTimeout(r, 1000));
        const later = await Promise.all(pages.map(framesDecoded));
        for (const [i, list] of later.entries()) {
          assert.equal(list.length, 1, `${names[i]} has stats for one peer`);
          assert.ok(list[0] > before[i][0], `${names[i]}: frames keep being decoded (${before[i][0]} → ${list[0]})`);
        }
        const sizes = await Promise.all(pages.map((p) => remoteVideos(p, style)));
        assert.ok(sizes.every(([v]) => v.width > 0));

        if (style === 'element') {
          // rtc-participant-join reached the framework's handler (onrtc-… / @rtc-…).
          await pages[0].waitForFunction(() => document.querySelector('[data-testid="log"]')?.textContent?.includes('Bob joined'),
            undefined, { timeout: 5_000 });
          assert.match(await pages[1].textContent('[data-testid="log"]'), /joined as /);
        } else {
          // Ann's mute buttons change what Bob's list shows for Ann, and back.
          const [ann, bob] = pages;
          const annOnBob = (attr, value) => bob.waitForSelector(`[data-testid="participants"] li[data-name="Ann"][data-${attr}="${value}"]`,
            { timeout: 5_000 });
          await annOnBob('mic', 'on');
          await ann.click('[data-testid="mic"]');
          await annOnBob('mic', 'off');
          assert.equal(await ann.getAttribute('[data-testid="mic"]', 'aria-pressed'), 'false');
          await ann.click('[data-testid="camera"]');
          await annOnBob('camera', 'off');
          await ann.click('[data-testid="mic"]');
          await annOnBob('mic', 'on');
          await ann.click('[data-testid="camera"]');
          await annOnBob('camera', 'on');
        }

        // Unmounting Ann's app: no listener of the bindings is left on the Room, and the Room is left.
        await pages[0].evaluate(() => {
          window.keptRoom = window.rtcExample.room();
          window.rtcExample.unmount();
        });
        await pages[0].waitForFunction(() => window.keptRoom.state === 'disconnected', undefined, { timeout: 5_000 });
        const leftover = await pages[0].evaluate(() =>
          Object.values(window.keptRoom.events.emitter.events).reduce((n, list) => n + (list?.length ?? 0), 0));
        assert.equal(leftover, 0, 'listeners left on the Room after unmount');
        await pages[1].waitForFunction(() => window.rtcExample.room().participants.size === 0, undefined, { timeout: 10_000 });
        for (const [i, page] of pages.entries()) assert.deepEqual(page.errors, [], `${names[i]}: no page errors`);
        console.log(`# ${framework}/${style}: first frames both ways after ${firstFrame} ms, whole run ${Date.now() - t0} ms`);
      } finally {
        await context.close();
      }
    });
  }
}
