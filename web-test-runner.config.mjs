// Browser tests: Debian's Chromium (never a downloaded browser), fake camera and microphone, and real servers
// on loopback started here for the whole run:
// - an rtc-room signaling server (URL in `window.RTC_TEST_SIGNALING_URL`);
// - coturn with TURN REST credentials (`--use-auth-secret`), and two more signaling servers that hand out
//   credentials for it, one with a 4 s TTL (all in `window.RTC_TEST_TURN`);
// - a signaling server that requires room tokens (HS256 secret and URL in `window.RTC_TEST_AUTH`);
// - Janus (VideoRoom) and a signaling server driving it (`window.RTC_TEST_SFU`: `signalingUrl`, and `janusUrl` for
//   the direct adapter `JanusSignaling`; null when janus is not installed or this is not a private network
//   namespace — see scripts/janus.mjs); and `window.RTC_TEST_RECORDING`: a signaling server driving the same Janus
//   that requires room tokens (HS256 `secret`) and records into Janus's `recordingsDir` (null without Janus).
// - a locked-down Janus (janus.jcfg `api_secret`, VideoRoom `admin_key`) and two signaling servers driving it, one
//   with the right secrets and one with a wrong API secret (`window.RTC_TEST_SFU_LOCKED`; null without Janus);
// - two more Janus nodes and a signaling server placing rooms on both (`window.RTC_TEST_SFU_NODES`: `signalingUrl`;
//   null without Janus), and one placing them with `janusRoomCapacity: 2` (`cascadeSignalingUrl`: rooms cascade
//   across the two); GET /__rtc-test/janus-nodes/health (and cascade-health) answers that server's `/healthz` `janus` list,
//   GET /__rtc-test/janus-nodes/cascade-participants?room=NAME each Janus's `listparticipants` of that room; POST
//   /__rtc-test/janus-nodes/kill-busiest SIGKILLs the node with the most rooms (answers its URL), /kill?url=URL that
//   node, /start starts the
//   killed ones again.
// Loopback-only helpers for recording tests (scripts/media-probe.mjs): POST /__rtc-test/media/probe with a media
// file as the body answers ffprobe's JSON; POST /__rtc-test/janus/recordings/convert?id=ID runs janus-pp-rec on the
// .mjr files of recording ID and answers their probes. Both answer 500 "… apt-get install -y …" without the tools.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { webRtcLauncher } from './packages/testing/dist/web-test-runner.js';
import { webRtcFirefoxLauncher } from './packages/testing/dist/web-test-runner-firefox.js';
const { createServer } = await import(process.env.RTC_TEST_SERVER_MODULE ?? './packages/server/dist/index.js');
import { randomBytes } from 'node:crypto';
import { startCoturn } from './scripts/coturn.mjs';
import { startDisplayAndAudio } from './scripts/display.mjs';
import { blockMedia, startJanus } from './scripts/janus.mjs';
import { openJanusSession } from './packages/janus/dist/index.js';
import NodeWebSocket from 'ws';
import { convertJanusRecording, MissingTool, probeBytes } from './scripts/media-probe.mjs';
import { startSignalingProcess } from './scripts/signaling-process.mjs';
import { freePort } from './scripts/processes.mjs';
import { attackMiddleware } from './scripts/attacks.mjs';
import { clusterMiddleware } from './scripts/cluster.mjs';

// The published preset (@rtc-room/testing): Debian's Chromium or CHROMIUM_PATH, fake devices, no prompts. Three
// fake cameras/microphones for device-switch tests; loopback candidates for the private network namespace.
// The two fake-media flags also serve getDisplayMedia (screen-share.test.ts): a fake 800×600 screen (`audio:
// true` adds a track), chosen without a picker or a user gesture. The `--auto-select-desktop-capture-source=…`
// / `--auto-select-tab-capture-source-by-title=…` flags hang headless (Debian's Chromium 156): not used.
const chromium = webRtcLauncher({ fakeDevices: 'device-count=3', loopback: true });
// Firefox's screen share and Web Audio need a display and an audio output even headless: the run's own Xvfb and
// PulseAudio null sink (scripts/display.mjs), children of this process, handed to Firefox alone through DISPLAY /
// PULSE_SERVER. Chromium needs neither and does not get them: in a full run with PULSE_SERVER in its environment
// its pre-call check found the fake microphone silent and Janus saw it never talk. Missing binaries leave those
// Firefox tests failing with what to install.
const display = browserWanted('firefox') ? await startDisplayAndAudio() : null;
if (display?.missing.length) console.error(`Firefox screen share and recording need: apt-get install -y ${display.missing.join(' ')}`);
// Debian's Firefox ESR (or FIREFOX_PATH) over WebDriver BiDi (@rtc-room/testing/web-test-runner/firefox): fake
// camera and microphone, no prompts, loopback candidates. Inside the test namespace Firefox needs a default route
// to gather any candidate (scripts/test.mjs adds one). Tests that Firefox cannot run skip by a named condition
// and say why.
// Transient activation lasts 60 s instead of 5 s: a test clicks, then calls getDisplayMedia (browser.ts
// withUserActivation), and a loaded machine must not turn that into a failure.
const firefox = webRtcFirefoxLauncher({
  loopback: true,
  prefs: { 'dom.user_activation.transient.timeout': 60 },
  env: { ...process.env, ...display?.env },
});
function browserWanted(name) {
  const wanted = process.env.RTC_TEST_BROWSERS;
  return !wanted || wanted.split(',').includes(name);
}


// The test pages come from the dev server (this port), the signaling servers listen on others: a browser's
// WebSocket to them carries the pages' Origin, which the servers refuse unless it is allowed explicitly.
const port = Number(process.env.WTR_PORT) || (await freePort());
const pageOrigins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
const quiet = { host: '127.0.0.1', port: 0, logger: () => {}, allowedOrigins: pageOrigins };
const servers = [];
async function signalingServer(options = {}) {
  const server = createServer({ ...quiet, ...options });
  const { port } = await server.listen();
  servers.push(server);
  return `ws://127.0.0.1:${port}/ws`;
}

const signalingUrl = await signalingServer();
const coturn = await startCoturn();
const turn = coturn
  ? {
      url: coturn.url,
      secret: coturn.secret,
      signalingUrl: await signalingServer({ turnUrls: [coturn.url], turnSecret: coturn.secret }),
      shortTtlSignalingUrl: await signalingServer({ turnUrls: [coturn.url], turnSecret: coturn.secret, turnTtlSeconds: 4 }),
    }
  : null;
const authSecret = randomBytes(24).toString('hex');
const auth = { secret: authSecret, signalingUrl: await signalingServer({ authSecret }) };
const janus = await startJanus();
const sfu = janus
  ? {
      // Janus's WebSocket transport on 127.0.0.1 (no `allow_origin`: browsers may connect; JanusSignaling does).
      janusUrl: janus.url,
      signalingUrl: await signalingServer({
        janusUrl: janus.url,
        // SFU trouble is worth seeing in the test output.
        logger: (e) => (e.event === 'sfu-error' || e.event === 'sfu-lost') && console.error(JSON.stringify(e)),
      }),
    }
  : null;
const recording = janus
  ? {
      secret: authSecret,
      signalingUrl: await signalingServer({
        janusUrl: janus.url,
        authSecret,
        recordingsDir: janus.recordingsDir,
        logger: (e) => e.event === 'sfu-error' && console.error(JSON.stringify(e)),
      }),
    }
  : null;
// Issue 14: a locked-down Janus, each Janus with RTP ports of its own.
const lockedSecrets = { apiSecret: randomBytes(12).toString('hex'), adminKey: randomBytes(12).toString('hex') };
const lockedJanus = janus ? await startJanus({ rtpRange: '20300-20360', ...lockedSecrets }) : null;
const sfuErrors = (e) => (e.event === 'sfu-error' || e.event === 'sfu-lost' || e.event === 'sfu-auth-failed' || process.env.RTC_TEST_SFU_DEBUG) && console.error(JSON.stringify(e));
const sfuLocked = lockedJanus
  ? {
      signalingUrl: await signalingServer({
        janusUrl: lockedJanus.url,
        janusApiSecret: lockedSecrets.apiSecret,
        janusAdminKey: lockedSecrets.adminKey,
        logger: sfuErrors,
      }),
      wrongSecretSignalingUrl: await signalingServer({
        janusUrl: lockedJanus.url,
        janusApiSecret: 'not-the-api-secret',
        janusAdminKey: lockedSecrets.adminKey,
      }),
    }
  : null;
const janusNodes = janus ? [await startJanus({ rtpRange: '20500-20560' }), await startJanus({ rtpRange: '20600-20660' })] : [];
const nodesServerWith = async (options) => {
  const server = createServer({ ...quiet, janusUrls: janusNodes.map((j) => j.url), logger: sfuErrors, ...options });
  const { port } = await server.listen();
  servers.push(server);
  return { signalingUrl: `ws://127.0.0.1:${port}/ws`, healthUrl: `http://127.0.0.1:${port}/healthz` };
};
const nodesServer = janusNodes.length ? await nodesServerWith({}) : null;
// The same two nodes, rooms cascading beyond two members per Janus. Its Janus rooms (from `sfu-room-created`) are
// kept so /__rtc-test/janus-nodes/cascade-participants can ask each Janus who is in them.
const cascadeParts = new Map();
const cascadeServer = janusNodes.length
  ? await nodesServerWith({
      janusRoomCapacity: 2,
      logger: (e) => {
        if (e.event === 'sfu-room-created') cascadeParts.set(e.room, [...(cascadeParts.get(e.room) ?? []), { janus: e.janus, room: e.janusRoom }]);
        sfuErrors(e);
      },
    })
  : null;
/** `listparticipants` of every Janus room of an rtc-room room of the cascade server: `[{ janus, participants }]`. */
async function cascadeParticipants(name) {
  const out = [];
  for (const part of cascadeParts.get(name) ?? []) {
    const session = await openJanusSession(part.janus, { WebSocket: NodeWebSocket });
    try {
      const handle = await session.attach(() => undefined);
      const { data } = await session.message(handle, { request: 'listparticipants', room: part.room });
      out.push({ janus: part.janus, participants: data.participants });
    } finally {
      session.close();
    }
  }
  return out;
}
const sfuNodes = nodesServer ? { signalingUrl: nodesServer.signalingUrl, cascadeSignalingUrl: cascadeServer.signalingUrl } : null;
const healthOf = async (server) => (await (await fetch(server.healthUrl)).json()).janus;
const nodesHealth = () => healthOf(nodesServer);

// A signaling server in a child process that tests may kill and restart on the same port.
const originArgs = pageOrigins.flatMap((origin) => ['--allowed-origin', origin]);
const restartable = await startSignalingProcess(originArgs);
// The same without `--resume-secret` (the default of `npm start`): a restart loses every seat.
const restartablePlain = await startSignalingProcess(originArgs, { resumeSecret: false });
// The same, driving the run's Janus.
const restartableSfu = janus ? await startSignalingProcess(['--janus-url', janus.url, ...originArgs]) : null;
if (sfu && restartableSfu) sfu.restartableSignalingUrl = restartableSfu.url;
// The same without `--resume-secret`: a restart loses every seat of an SFU room.
const restartablePlainSfu = janus
  ? await startSignalingProcess(['--janus-url', janus.url, ...originArgs], { resumeSecret: false })
  : null;
// Multi-node clusters (signaling processes + redis-server + nginx), started on demand by the tests.
const clusters = clusterMiddleware({ originArgs, janusUrl: janus?.url });
const stopAll = () => {
  void clusters.stopAll();
  restartable.stop();
  restartablePlain.stop();
  restartableSfu?.stop();
  restartablePlainSfu?.stop();
  coturn?.stop();
  display?.stop();
  void janus?.stop();
  void lockedJanus?.stop();
  for (const node of janusNodes) void node?.stop();
  for (const s of servers) void s.close();
};
process.once('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => (stopAll(), process.exit(130)));

export default {
  rootDir: '.',
  port,
  // e2e/browser/: the system tests (real calls through the servers, coturn and Janus started above);
  // examples/: the copy-me tests of docs/testing.md, run so they cannot rot.
  files: [
    'packages/*/src/**/*.test.ts',
    'e2e/browser/**/*.test.ts',
    'examples/**/*.test.ts',
  ],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.base.json' })],
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 300_000,
  // Starting Firefox took over the default 30 s on a 2-core machine at load average 40 (two browser suites side
  // by side plus other work): generous upper bounds, not expectations.
  browserStartTimeout: 120_000,
  testsStartTimeout: 120_000,
  testFramework: { config: { timeout: 30_000 } },
  browsers: [
    // RTC_TEST_BROWSERS=chromium or =firefox runs one of the two (default both, one after the other).
    ...(browserWanted('chromium') ? [chromium] : []),
    ...(browserWanted('firefox') ? [firefox] : []),
  ],
  // Fault injection for tests, loopback only: POST /__rtc-test/turn/kill ends coturn abruptly (every relay
  // allocation is lost, as when a relay dies), /start brings it back on the same port; /pause and /resume
  // freeze and unfreeze it (SIGSTOP/SIGCONT: the path is dead, allocations survive).
  // POST /__rtc-test/signaling/kill and /start do the same to a signaling server process
  // (`window.RTC_TEST_RESTARTABLE_SIGNALING_URL`), /__rtc-test/sfu-signaling/… to the one driving Janus
  // (`window.RTC_TEST_SFU.restartableSignalingUrl`); /__rtc-test/plain-signaling/… and plain-sfu-signaling/… to
  // the same two without `--resume-secret` (`window.RTC_TEST_RESTARTABLE_PLAIN_SIGNALING_URL`,
  // `window.RTC_TEST_RESTARTABLE_PLAIN_SFU_SIGNALING_URL`).
  // POST /__rtc-test/janus/kill and /start: Janus dies (SIGKILL) and comes back on the same port;
  // /__rtc-test/janus/block and /unblock: every packet to or from Janus's media address is dropped / flows again.
  // POST /__rtc-test/cluster/start (JSON options) starts several signaling node processes, optionally with one
  // redis-server (`--redis-url`) and nginx in front (docs/deploy/nginx.conf); /__rtc-test/cluster/ID/node/I/kill,
  // /terminate (SIGTERM: drain), /start; /redis/kill, /start; GET …/health; POST …/stop (scripts/cluster.mjs,
  // packages/core/src/test-support/cluster.ts).
  middleware: [
    clusters.middleware,
    // POST /__rtc-test/attack/<foreign-origin|slowloris|slow-readers|seat-fill>?n=…: attacks a browser cannot make,
    // from 127.0.0.2 against the main signaling server (scripts/attacks.mjs); answers what the server did.
    attackMiddleware(signalingUrl, { auth: auth.signalingUrl }),
    async (ctx, next) => {
      const media = ctx.method === 'POST' && /^\/__rtc-test\/(media\/probe|janus\/recordings\/convert)$/.exec(ctx.path);
      if (!media) return next();
      try {
        if (media[1] === 'media/probe') {
          const chunks = [];
          for await (const chunk of ctx.req) chunks.push(chunk);
          ctx.body = await probeBytes(Buffer.concat(chunks), String(ctx.query.ext ?? 'webm').replace(/\W/g, ''));
        } else if (!janus) {
          ctx.status = 503;
          ctx.body = 'janus is not running';
        } else {
          ctx.body = await convertJanusRecording(janus.recordingsDir, String(ctx.query.id ?? ''));
        }
      } catch (error) {
        ctx.status = 500;
        ctx.body = error instanceof MissingTool ? error.message : `media check failed: ${String(error?.stderr || error)}`;
      }
      return undefined;
    },
    async (ctx, next) => {
      const nodesFault = /^\/__rtc-test\/janus-nodes\/(health|cascade-health|cascade-participants|kill-busiest|kill|start)$/.exec(ctx.path);
      if (!nodesFault) return next();
      if (!nodesServer) {
        ctx.status = 503;
        ctx.body = 'janus is not running';
        return undefined;
      }
      const action = nodesFault[1];
      if (action === 'health' && ctx.method === 'GET') {
        ctx.body = await nodesHealth();
      } else if (action === 'cascade-health' && ctx.method === 'GET') {
        ctx.body = await healthOf(cascadeServer);
      } else if (action === 'cascade-participants' && ctx.method === 'GET') {
        ctx.body = await cascadeParticipants(String(ctx.query.room ?? ''));
      } else if (action === 'kill-busiest' && ctx.method === 'POST') {
        const health = await nodesHealth();
        const busiest = [...health].sort((a, b) => b.rooms - a.rooms)[0];
        await janusNodes.find((node) => node.url === busiest.url).kill();
        ctx.body = busiest.url;
      } else if (action === 'kill' && ctx.method === 'POST') {
        const node = janusNodes.find((n) => n.url === ctx.query.url);
        if (!node) return next();
        await node.kill();
        ctx.body = node.url;
      } else if (action === 'start' && ctx.method === 'POST') {
        for (const node of janusNodes) await node.restart();
        ctx.body = 'ok';
      } else {
        return next();
      }
      return undefined;
    },
    async (ctx, next) => {
      const sfuFault = /^\/__rtc-test\/janus\/(kill|start|block|unblock)$/.exec(ctx.path);
      if (sfuFault && ctx.method === 'POST') {
        if (!janus) {
          ctx.status = 503;
          ctx.body = 'janus is not running';
          return undefined;
        }
        const action = sfuFault[1];
        if (action === 'kill') await janus.kill();
        else if (action === 'start') await janus.restart();
        else blockMedia(action === 'block');
        ctx.body = 'ok';
        return undefined;
      }
      const signaling = /^\/__rtc-test\/(signaling|plain-signaling|sfu-signaling|plain-sfu-signaling)\/(kill|start)$/.exec(ctx.path);
      if (signaling && ctx.method === 'POST') {
        const target = {
          signaling: restartable,
          'plain-signaling': restartablePlain,
          'sfu-signaling': restartableSfu,
          'plain-sfu-signaling': restartablePlainSfu,
        }[signaling[1]];
        if (!target) {
          ctx.status = 503;
          ctx.body = 'janus is not running';
          return undefined;
        }
        await target[signaling[2]]();
        ctx.body = 'ok';
        return undefined;
      }
      const match = /^\/__rtc-test\/turn\/(kill|start|pause|resume)$/.exec(ctx.path);
      if (!match || ctx.method !== 'POST') return next();
      if (!coturn) {
        ctx.status = 503;
        ctx.body = 'coturn is not running';
        return undefined;
      }
      await coturn[match[1]]();
      ctx.body = 'ok';
      return undefined;
    },
  ],
  testRunnerHtml: (testFramework) => `<!doctype html>
<html><head><meta charset="utf-8"></head><body>
<script>
window.RTC_TEST_SIGNALING_URL = ${JSON.stringify(signalingUrl)};
window.RTC_TEST_TURN = ${JSON.stringify(turn)};
window.RTC_TEST_AUTH = ${JSON.stringify(auth)};
window.RTC_TEST_RESTARTABLE_SIGNALING_URL = ${JSON.stringify(restartable.url)};
window.RTC_TEST_RESTARTABLE_PLAIN_SIGNALING_URL = ${JSON.stringify(restartablePlain.url)};
window.RTC_TEST_RESTARTABLE_PLAIN_SFU_SIGNALING_URL = ${JSON.stringify(restartablePlainSfu?.url ?? null)};
window.RTC_TEST_SFU = ${JSON.stringify(sfu)};
window.RTC_TEST_SFU_LOCKED = ${JSON.stringify(sfuLocked)};
window.RTC_TEST_SFU_NODES = ${JSON.stringify(sfuNodes)};
window.RTC_TEST_RECORDING = ${JSON.stringify(recording)};
</script>
<script type="module" src="${testFramework}"></script>
</body></html>`,
};
