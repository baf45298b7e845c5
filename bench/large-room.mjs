// Bench (issue 19): a 50-participant SFU room — 48 synthetic publishers (scripts/synthetic-participants.mjs:
// werift replaying pre-encoded VP8 160×120@10 + Opus 60 ms) plus Chromium and Firefox with <rtc-room>. Per
// configuration, after every browser decodes what it should: Janus's CPU (user + system of its PID, % of one core)
// and each browser's inbound bitrate (every inbound-rtp's bytes + header bytes) over a window.
// Configurations: last-N off / on × forwarded / mixed audio. The Room options are the issue's names, `lastN` and
// `audio: 'mixed'`; a configuration whose option this build of @rtc-room/core does not declare is skipped with the
// reason (last-N and mixed audio are built in other branches).
// Options (environment): BENCH_LARGE_ROOM_SYNTHETIC=48  BENCH_LARGE_ROOM_LASTN=6  BENCH_LARGE_ROOM_SECONDS=10
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { project, projectRoot } from './paths.mjs';

const { addSynthetic, cpuSeconds, inbound, joinPage, startLargeRoomStack, until, untilInbound } = await import(
  pathToFileURL(project('scripts/large-room.mjs')).href
);
const { webRtcLaunchOptions, firefoxLaunchOptions } = await import(pathToFileURL(project('packages/testing/dist/index.js')).href);

/** Every .d.ts of @rtc-room/core's build, as one text: what options this build declares. */
function coreTypes() {
  const dir = project('packages/core/dist');
  const texts = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.d.ts')) texts.push(readFileSync(join(d, e.name), 'utf8'));
    }
  };
  walk(dir);
  return texts.join('\n');
}

/** Why a configuration cannot run on this build, or null. */
function unsupported(config, types) {
  if (config.lastN && !/\blastN\??:/.test(types)) return '@rtc-room/core has no `lastN` Room option yet (issue 19, branch lastn)';
  if (config.audio === 'mixed' && !/['"]mixed['"]/.test(types)) return "@rtc-room/core has no `audio: 'mixed'` Room option yet (issue 19, branch audiobridge)";
  return null;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs every configuration; resolves one result per configuration: `{ id, label, skipped? , janusCpuPercent,
 * browsers: { Chromium: { kbps, videoKbps, audioKbps, decoding, receiving }, Firefox: … } }`.
 */
export async function measureLargeRoom({ log = console.log } = {}) {
  const synthetic = Number(process.env.BENCH_LARGE_ROOM_SYNTHETIC ?? 48);
  const lastN = Number(process.env.BENCH_LARGE_ROOM_LASTN ?? 6);
  const seconds = Number(process.env.BENCH_LARGE_ROOM_SECONDS ?? 10);
  const remotes = synthetic + 1;
  const configs = [
    { id: 'large-forwarded', label: 'forwarded audio, last-N off', options: {} },
    { id: 'large-forwarded-lastn', label: `forwarded audio, last-N ${lastN}`, options: { lastN }, lastN },
    { id: 'large-mixed', label: 'mixed audio, last-N off', options: { audio: 'mixed' }, audio: 'mixed' },
    { id: 'large-mixed-lastn', label: `mixed audio, last-N ${lastN}`, options: { audio: 'mixed', lastN }, audio: 'mixed', lastN },
  ];
  const types = coreTypes();
  const stack = await startLargeRoomStack(projectRoot, { rtpRange: '21400-21700' });
  if (!stack) return configs.map((c) => ({ ...c, skipped: 'needs Janus inside a private network namespace (run as root; scripts/janus.mjs)' }));
  const chrome = await chromium.launch(webRtcLaunchOptions({ loopback: true }));
  const firefox = await puppeteer.launch({ ...firefoxLaunchOptions({ loopback: true }), protocolTimeout: 600_000 });
  const results = [];
  try {
    for (const config of configs) {
      const why = unsupported(config, types);
      if (why) {
        log(`  ${config.label}: skipped — ${why}`);
        results.push({ ...config, skipped: why });
        continue;
      }
      const room = `${config.id}-${Date.now()}`;
      const people = await addSynthetic(stack, room, synthetic);
      const pages = { Chromium: await (await chrome.newContext()).newPage(), Firefox: await firefox.newPage() };
      try {
        for (const [name, page] of Object.entries(pages)) await joinPage(page, stack.pageUrl, { room, name, options: config.options });
        const videos = config.lastN ? Math.min(config.lastN, remotes) : remotes;
        const audios = config.audio === 'mixed' ? 1 : remotes;
        for (const [name, page] of Object.entries(pages)) {
          await until(page, (n) => window.largeRoom.rosterSize() === n, remotes, `${name}: ${remotes} remote participants`);
          // A bench measures what it gets: on a loaded machine a few streams may still be missing after the wait;
          // the row then says how many decoded (and the e2e test, not the bench, is what fails on it).
          await untilInbound(page, (s) => s.video.decoding >= videos && s.audio.receiving >= audios, `${name}: ${videos} videos decoding, ${audios} audio streams`, 60_000)
            .catch((error) => log(`  ${config.label}: measuring anyway — ${error.message.slice(0, 200)}`));
        }
        await sleep(3000); // past the first keyframes and the bandwidth estimate's ramp
        const before = { cpu: cpuSeconds(stack.janus.pid), syntheticCpu: cpuSeconds(people.pid), at: Date.now(), pages: {} };
        for (const [name, page] of Object.entries(pages)) before.pages[name] = await inbound(page);
        await sleep(seconds * 1000);
        const cpu = cpuSeconds(stack.janus.pid);
        const syntheticCpu = cpuSeconds(people.pid);
        const wall = (Date.now() - before.at) / 1000;
        const browsers = {};
        for (const [name, page] of Object.entries(pages)) {
          const b = before.pages[name];
          const a = await inbound(page);
          const span = (a.at - b.at) / 1000;
          // Deltas of the streams present in both samples: a connection replaced meanwhile (an ICE restart on a
          // starved machine) neither counts negative nor hides the others.
          const delta = { video: 0, audio: 0, frames: 0, streams: 0 };
          for (const [key, [kind, bytes, frames]] of Object.entries(a.each)) {
            const old = b.each[key];
            if (!old) continue;
            delta[kind] += bytes - old[1];
            delta.frames += frames - old[2];
            delta.streams += 1;
          }
          browsers[name] = {
            kbps: ((delta.video + delta.audio) * 8) / span / 1000,
            videoKbps: (delta.video * 8) / span / 1000,
            audioKbps: (delta.audio * 8) / span / 1000,
            decoding: a.video.decoding,
            videoStreams: a.video.streams,
            receiving: a.audio.receiving,
            fps: delta.frames / span,
            streamsInBothSamples: delta.streams,
          };
        }
        const result = { ...config, janusCpuPercent: ((cpu - before.cpu) / wall) * 100, syntheticCpuPercent: ((syntheticCpu - before.syntheticCpu) / wall) * 100, seconds: wall, synthetic, browsers };
        log(`  ${config.label}: Janus ${result.janusCpuPercent.toFixed(0)} % of a core, the ${synthetic} synthetic publishers ${result.syntheticCpuPercent.toFixed(0)} %; ${Object.entries(browsers).map(([n, b]) => `${n} ${b.kbps.toFixed(0)} kbit/s in (video ${b.videoKbps.toFixed(0)}, audio ${b.audioKbps.toFixed(0)}; ${b.decoding} videos decoding, ${b.fps.toFixed(0)} frames/s)`).join('; ')}`);
        results.push(result);
      } catch (error) {
        log(`  ${config.label}: failed — ${error.message}`);
        results.push({ ...config, error: error.message });
      } finally {
        for (const page of Object.values(pages)) await page.evaluate(() => window.largeRoom.leave()).catch(() => undefined);
        await pages.Chromium.context().close();
        await pages.Firefox.close();
        await people.stop();
      }
    }
  } finally {
    await chrome.close();
    await firefox.close();
    await stack.stop();
  }
  return results;
}
