// A large SFU room for e2e/large-room.test.mjs and bench/large-room.mjs (issue 19): a private Janus, the rtc-room
// server CLI driving it (serving e2e/pages/large-room.html and the elements bundle), N synthetic publishers
// (scripts/synthetic-participants.mjs) and real browsers on the page. Every process is started here and stopped
// by PID. Needs the test network namespace (scripts/janus.mjs): `start()` resolves null outside it.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { startJanus } from './janus.mjs';
import { startServerCli } from './processes.mjs';
import { startSyntheticParticipants } from './synthetic-participants.mjs';

/**
 * Starts Janus + the server CLI. `rtpRange`: Janus's own ports (one per PeerConnection: give ≥ 2 × participants).
 * @returns {Promise<null | { janus, server, url: string, pageUrl: string, stop(): Promise<void> }>}
 */
export async function startLargeRoomStack(root, { rtpRange = '21000-21300', serverArgs = [] } = {}) {
  const janus = await startJanus({ rtpRange });
  if (!janus) return null;
  // Firefox gathers no candidate without a default route (../shared/TESTING.md); scripts/test.mjs adds one, a bench's
  // namespace may not. Only here, inside the private namespace Janus just checked: the route leads to its own veth.
  if (!spawnSync('ip', ['route', 'show', 'default'], { encoding: 'utf8' }).stdout.trim()) {
    spawnSync('ip', ['route', 'add', 'default', 'dev', 'v0']);
  }
  let server;
  try {
    server = await startServerCli(root, [
      '--static', 'e2e/pages', '--mount', '/packages/elements/dist/=packages/elements/dist',
      '--port', '0', '--host', '127.0.0.1', '--janus-url', janus.url, '--max-participants', '64', ...serverArgs,
    ], 30_000);
  } catch (error) {
    await janus.stop();
    throw error;
  }
  return {
    janus,
    server,
    url: `ws://127.0.0.1:${server.port}/ws`,
    pageUrl: `http://localhost:${server.port}/large-room.html`,
    async stop() {
      if (server.child.exitCode === null) {
        server.child.kill('SIGTERM');
        await once(server.child, 'exit');
      }
      await janus.stop();
    },
  };
}

/** Starts `count` synthetic participants in `room` of the stack's server. */
export function addSynthetic(stack, room, count) {
  return startSyntheticParticipants({ url: stack.url, room, count });
}

/** Polls `fn(arg)` in `page` (Playwright or puppeteer) until it returns a truthy value. */
export async function until(page, fn, arg, what, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await page.evaluate(fn, arg);
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Polls `page`'s inbound-rtp sums until `done(stats)` holds; the error names `what` and the last sums seen.
 * @returns {Promise<object>} the sums that satisfied `done`
 */
export async function untilInbound(page, done, what, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await inbound(page);
    if (done(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Opens the large-room page in `page` and joins `room` as `name` with Room `options`; resolves the local id. */
export async function joinPage(page, pageUrl, { room, name, options = {} }) {
  await page.goto(pageUrl);
  await until(page, () => window.largeRoomReady === true, undefined, `${name}: the large-room page`);
  return page.evaluate((o) => window.largeRoom.join(o), { room, name, options });
}

/** `page`'s inbound-rtp sums (see e2e/pages/large-room.html). */
export function inbound(page) {
  return page.evaluate(() => window.largeRoom.inbound());
}

/** CPU seconds (user + system) a process has used so far, from /proc/PID/stat (clock ticks: 100 per second). */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
