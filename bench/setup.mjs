// Call-setup bench: headless Debian Chromium (fake camera + microphone), everything on loopback.
// rtc-room (two Rooms in one page, rtc-room's own signaling server on 127.0.0.1) against two bare
// RTCPeerConnections in the same page, interleaved call by call. Then the same through coturn with
// iceTransportPolicy 'relay' on both sides. See bench/setup/page.js for exactly what the clock covers.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startDelayProxy } from './delay-proxy.mjs';
import { project } from './paths.mjs';
import { summarize } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, 'package.json'));

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const TURNSERVER = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';

// The flags live once, in the published preset (@rtc-room/testing); built by `npm run bench`'s `npm run build`.
const { webRtcLaunchOptions } = await import(pathToFileURL(project('packages/testing/dist/index.js')).href);

async function buildPage(www) {
  const esbuild = require('esbuild');
  mkdirSync(www, { recursive: true });
  await esbuild.build({
    entryPoints: [join(here, 'setup/page.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(www, 'page.js'),
    logLevel: 'silent',
    alias: { '@rtc-room/core': project('packages/core/dist/index.js') },
  });
  copyFileSync(join(here, 'setup/page.html'), join(www, 'index.html'));
}

/** Starts coturn on 127.0.0.1:port (flags from shared/TESTING.md); resolves when it is listening. */
async function startTurn(port, log) {
  const args = [
    '-n', '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${port}`,
    '--min-port=49160', '--max-port=49200', '--lt-cred-mech', '--user=test:test', '--realm=test',
    '--no-cli', '--no-tls', '--no-dtls', '--allow-loopback-peers', '--log-file=stdout', '--simple-log',
  ];
  const child = spawn(TURNSERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`turnserver exited ${child.exitCode}: ${out.slice(-300)}`);
    if (/listener opened on|Total General servers/i.test(out)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 200));
  log(`  coturn pid ${child.pid} on 127.0.0.1:${port}`);
  return child;
}

/** scripts/janus.mjs's startJanus() (by PID, generated config, veth v0 in this private namespace); null = n/a. */
async function startJanusForBench(log, options = {}) {
  const { startJanus } = await import(pathToFileURL(project('scripts/janus.mjs')).href);
  const janus = await startJanus(options);
  if (janus) log(`  janus pid ${janus.pid} on ${janus.url}`);
  return janus;
}

function stopByPid(child) {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((r) => {
    const timer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch {} r(); }, 2000);
    child.once('exit', () => { clearTimeout(timer); r(); });
    try { process.kill(child.pid, 'SIGTERM'); } catch { clearTimeout(timer); r(); }
  });
}

/** One-way delay of the slower-network row's signaling path, in ms (RTT = twice this). */
export const SLOW_ONE_WAY_MS = 50;

/**
 * @param {{ iterations?: number, warmup?: number, log?: (s: string) => void }} options
 * @returns {Promise<Array<{ id, label, ours, baseline, notes }>>}
 */
export async function measureSetup({ iterations = 20, warmup = 2, log = () => {}, modes: only = ['host', 'relay', 'sfu'] } = {}) {
  const cascade = only.includes('sfu-cascade');
  const sfu = only.includes('sfu') || only.includes('auto') || cascade;
  if (!existsSync(CHROMIUM)) {
    const why = `Chromium not found at ${CHROMIUM}`;
    return only.map((m) => ({ id: `setup-${m}`, error: why }));
  }
  const www = join(here, 'results/.www');
  await buildPage(www);
  const { createServer } = await import(pathToFileURL(project('packages/server/dist/index.js')).href);
  // No CSP on the bench page: its SFU calls open WebSockets to the other servers started below (other ports).
  const server = createServer({ port: 0, host: '127.0.0.1', staticDir: www, contentSecurityPolicy: false, logger: () => {} });
  const { url, wsUrl } = await server.listen();
  const { chromium } = await import(pathToFileURL(resolve(here, '../node_modules/playwright-core/index.mjs')).href);
  const browser = await chromium.launch(webRtcLaunchOptions({ executablePath: CHROMIUM, loopback: true }));
  let turn;
  let slowProxy;
  let slowServer;
  let janus;
  let janus2;
  let sfuServer;
  let cascadeServer;
  const results = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => log(`  page error: ${e.message}`));
    await page.goto(`${url}/index.html`);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 10_000 });

    const modes = only.includes('host') ? [{ id: 'setup-host', label: 'Call setup, host candidates (loopback)', relay: false, iceServers: [] }] : [];
    // The slower network (issue 18): each participant 100 ms of RTT from the signaling server (50 ms each way, a
    // delaying TCP proxy in front of a server), against the bare pair whose every hand-over waits 100 ms — what one
    // message from one participant to the other costs through any server on that network (50 ms up, 50 ms down).
    // Loopback media: what it shows is how many signaling round trips stand between join() and the first frame.
    if (only.includes('slow')) {
      // Its own server, allowing the bench page's origin (the page comes from `server`, another port).
      slowServer = createServer({ port: 0, host: '127.0.0.1', allowedOrigins: [new URL(url).origin], logger: () => {} });
      const { wsUrl: slowWsUrl } = await slowServer.listen();
      slowProxy = await startDelayProxy({ port: Number(new URL(slowWsUrl).port), delayMs: SLOW_ONE_WAY_MS });
      const slowUrl = new URL(slowWsUrl);
      slowUrl.port = String(slowProxy.port);
      modes.push({ id: 'setup-slow-signaling', label: `Call setup over a signaling path with ${2 * SLOW_ONE_WAY_MS} ms RTT (mesh, host candidates)`, relay: false, iceServers: [], url: slowUrl.href, delayMs: 2 * SLOW_ONE_WAY_MS });
    }
    if (!only.includes('relay')) {
      // skipped (BENCH_SETUP_MODES)
    } else if (existsSync(TURNSERVER)) {
      const turnPort = 3478;
      try {
        turn = await startTurn(turnPort, log);
        modes.push({
          id: 'setup-relay',
          label: 'Call setup, relay-only through coturn (TURN/UDP)',
          relay: true,
          iceServers: [{ urls: `turn:127.0.0.1:${turnPort}?transport=udp`, username: 'test', credential: 'test' }],
        });
      } catch (error) {
        results.push({ id: 'setup-relay', error: `coturn did not start: ${error.message}` });
      }
    } else {
      results.push({ id: 'setup-relay', error: `coturn not found at ${TURNSERVER}` });
    }

    // SFU through Janus, last: starting Janus adds the veth v0 (198.18.0.1) to this namespace, which would give
    // the mesh rows above an extra host candidate. Janus and its signaling server are started only here.
    if (sfu) {
      janus = await startJanusForBench(log).catch((error) => {
        results.push({ id: 'setup-sfu', error: `Janus did not start: ${String(error.message ?? error).slice(0, 200)}` });
        return undefined;
      });
      if (janus === null) results.push({ id: 'setup-sfu', error: 'n/a: Janus not installed (apt-get install -y janus) or not root in a private network namespace' });
      if (janus) {
        // The bench page comes from `server` (another port): its origin must be allowed explicitly.
        sfuServer = createServer({ port: 0, host: '127.0.0.1', janusUrl: janus.url, allowedOrigins: [new URL(url).origin], logger: (e) => (e.event === 'sfu-error' || e.event === 'sfu-lost') && log(`  sfu: ${JSON.stringify(e)}`) });
        const { wsUrl: sfuWsUrl } = await sfuServer.listen();
        // The `auto` switch (issue 18): 4 in mesh, the 5th joins → everyone decodes everyone through the SFU, against
        // five joining an SFU room at once (bench/setup/page.js autoSwitch / sfuFive). Minutes per call on a busy
        // machine, so few calls: BENCH_AUTO_ITERATIONS (default 3, after 1 warm-up).
        if (only.includes('auto')) modes.push({ id: 'setup-auto', label: 'Switch mesh → SFU, topology: \'auto\' (5th joins)', relay: false, iceServers: [], url: sfuWsUrl, fns: { ours: 'autoSwitch', bare: 'sfuFive' }, iterations: Number(process.env.BENCH_AUTO_ITERATIONS ?? 3), warmup: 1, budgetMs: 600_000 });
        if (only.includes('sfu')) modes.push({ id: 'setup-sfu', label: 'Call setup, SFU through Janus (VideoRoom), topology: \'sfu\'', relay: false, iceServers: [], topology: 'sfu', url: sfuWsUrl });
        // Cascade (issue 14): a second Janus and a server with one member per Janus room, so the joiner (B) is on
        // the other Janus and receives A through a VideoRoom remote publisher. Baseline: the single-Janus SFU call
        // above, interleaved (the same page function, the other server).
        if (cascade) {
          janus2 = await startJanusForBench(log, { rtpRange: '20800-20860' }).catch((error) => {
            results.push({ id: 'setup-sfu-cascade', error: `second Janus did not start: ${String(error.message ?? error).slice(0, 200)}` });
            return undefined;
          });
          if (janus2) {
            cascadeServer = createServer({ port: 0, host: '127.0.0.1', janusUrls: [janus.url, janus2.url], janusRoomCapacity: 1, allowedOrigins: [new URL(url).origin], logger: (e) => (e.event === 'sfu-error' || e.event === 'sfu-lost') && log(`  sfu: ${JSON.stringify(e)}`) });
            const { wsUrl: cascadeWsUrl } = await cascadeServer.listen();
            modes.push({ id: 'setup-sfu-cascade', label: 'Call setup, SFU cascaded across two Janus nodes (the joiner on the other Janus), topology: \'sfu\'', relay: false, iceServers: [], topology: 'sfu', url: cascadeWsUrl, baselineUrl: sfuWsUrl });
          }
        }
      }
    }

    let roomSeq = 0;
    for (const mode of modes) {
      const ours = [];
      const bare = [];
      const failures = { ours: 0, bare: 0 };
      const extra = { joinMs: [], captureMs: [], oursA: [], oursB: [], bareA: [], bareB: [] };
      const phaseLists = {};
      let paths = {};
      const started = Date.now();
      const runs = (mode.warmup ?? warmup) + (mode.iterations ?? iterations);
      for (let i = 0; i < runs; i++) {
        if (Date.now() - started > (mode.budgetMs ?? 150_000)) {
          log(`  ${mode.id}: time budget reached after ${i} calls`);
          break;
        }
        const checkPath = i === (mode.warmup ?? warmup) && !mode.fns; // read the selected candidate pair once, after the clock stopped
        const args = { url: mode.url ?? wsUrl, iceServers: mode.iceServers, relay: mode.relay, checkPath, topology: mode.topology, delayMs: mode.delayMs, phases: mode.topology === 'sfu' };
        // Alternate which one goes first so slow drift on a shared machine hits both equally.
        const order = i % 2 === 0 ? ['ours', 'bare'] : ['bare', 'ours'];
        for (const which of order) {
          try {
            // A mode with a `baselineUrl` measures its baseline with rtc-room too, through that server.
            const viaBaseline = which === 'bare' && mode.baselineUrl !== undefined;
            const r = await page.evaluate(
              ([fn, a]) => window.bench[fn](a),
              [mode.fns?.[which] ?? (viaBaseline ? 'ours' : which), { ...args, ...(viaBaseline ? { url: mode.baselineUrl } : {}), room: `bench-${process.pid}-${roomSeq++}` }],
            );
            if (r.path) paths[which] = r.path;
            if (i < (mode.warmup ?? warmup)) continue;
            (which === 'ours' ? ours : bare).push(r.ms);
            if (r.aMs !== undefined) extra[`${which}A`].push(r.aMs);
            if (r.bMs !== undefined) extra[`${which}B`].push(r.bMs);
            if (r.allSfuMs !== undefined) (phaseLists.allSfuMs ??= []).push(r.allSfuMs);
            if (r.joinMs !== undefined) extra.joinMs.push(r.joinMs);
            if (r.captureMs !== undefined) extra.captureMs.push(r.captureMs);
            if (which === 'ours') for (const [k, v] of Object.entries(r.phases ?? {})) if (v !== undefined) (phaseLists[k] ??= []).push(v);
          } catch (error) {
            failures[which] += 1;
            log(`  ${mode.id} ${which} call ${i}: ${String(error.message ?? error).split('\n')[0].slice(0, 200)}`);
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      const o = summarize(ours);
      const b = summarize(bare);
      log(`  ${mode.id}: rtc-room median ${o.median?.toFixed(0)} ms p90 ${o.p90?.toFixed(0)} (n=${o.n}); bare median ${b.median?.toFixed(0)} ms p90 ${b.p90?.toFixed(0)} (n=${b.n}); paths ${JSON.stringify(paths)}`);
      results.push({
        id: mode.id,
        label: mode.label,
        ours: o,
        baseline: b,
        failures,
        paths,
        joinMs: summarize(extra.joinMs),
        captureMs: summarize(extra.captureMs),
        // SFU rows: where the time goes (bench/setup/trace.js), medians in ms since t0 = B.join().
        ...(Object.keys(phaseLists).length ? { phases: Object.fromEntries(Object.entries(phaseLists).map(([k, v]) => [k, summarize(v).median])) } : {}),
        // First frame on each side: A = the participant already in the room, B = the one joining.
        sides: { oursA: summarize(extra.oursA), oursB: summarize(extra.oursB), bareA: summarize(extra.bareA), bareB: summarize(extra.bareB) },
      });
    }
    await page.close();
  } finally {
    await browser.close().catch(() => undefined);
    await stopByPid(turn);
    await slowProxy?.close();
    await slowServer?.close();
    await sfuServer?.close();
    await cascadeServer?.close();
    await janus?.stop();
    await janus2?.stop();
    await server.close();
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const n = Number(process.env.BENCH_SETUP_ITERATIONS ?? 20);
  const modes = (process.env.BENCH_SETUP_MODES ?? 'host,slow,relay,sfu').split(',').map((m) => m.trim());
  console.log(JSON.stringify(await measureSetup({ iterations: n, modes, log: console.log }), null, 2));
}
