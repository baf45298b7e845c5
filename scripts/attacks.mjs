// Attacks a browser cannot make, run from Node for browser tests (loopback only): web-test-runner.config.mjs
// serves them as POST /__rtc-test/attack/<name>?… against its main signaling server, each from a loopback address
// of its own (127.0.0.2 …5), so the per-address limits they hit are neither the call's (its browsers come from
// 127.0.0.1) nor each other's. Each
// answers JSON with what the server did. Used by e2e/browser/http-attacks.test.ts; the server-side
// regression tests are packages/server/test/security-*.test.ts.
import { createRequire } from 'node:module';
import { connect as tcpConnect } from 'node:net';

// The server's own `ws` (8.x; the root node_modules has an older one from the test runner's dependencies).
const { WebSocket } = createRequire(new URL('../packages/server/package.json', import.meta.url))('ws');

/** Where each attack comes from: loopback, but not the browsers' 127.0.0.1. */
export const ATTACKER_ADDRESSES = { 'foreign-origin': '127.0.0.2', slowloris: '127.0.0.3', 'slow-readers': '127.0.0.4', 'seat-fill': '127.0.0.5' };
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function target(wsUrl) {
  const url = new URL(wsUrl);
  if (!LOOPBACK.has(url.hostname)) throw new Error(`attacks only target loopback, not ${url.hostname}`);
  return url;
}

const bounded = (value, max, fallback) => Math.max(1, Math.min(max, Number.isInteger(Number(value)) ? Number(value) : fallback));

function open(wsUrl, localAddress, options = {}) {
  return new Promise((resolve) => {
    const ws = new WebSocket(wsUrl, { localAddress, ...options });
    const seen = { ws, codes: [], close: undefined, messages: [] };
    ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      seen.messages.push(m);
      if (m.type === 'error') seen.codes.push(m.code);
    });
    seen.closed = new Promise((r) => ws.on('close', (code) => r((seen.close = code))));
    ws.on('error', () => {});
    ws.on('open', () => resolve(seen));
    ws.on('unexpected-response', () => resolve(seen));
    ws.on('close', () => resolve(seen));
  });
}

const within = (promise, ms) => Promise.race([promise, new Promise((r) => setTimeout(r, ms))]);
/** Resolves with `test(seen.messages)` once it is truthy (checked now and on every message), or `undefined` after `ms`. */
const until = (seen, test, ms) =>
  within(
    new Promise((resolve) => {
      const check = () => {
        const found = test(seen.messages);
        if (found) resolve(found);
        return found;
      };
      if (!check()) seen.ws.on('message', check);
    }),
    ms,
  );
const next = (seen, type, ms = 20_000) => until(seen, (messages) => messages.find((m) => m.type === type), ms);

/** `n` sockets claiming a foreign page's Origin: each should be closed with 1008 `origin-not-allowed`. */
async function foreignOrigin(wsUrl, q) {
  const n = bounded(q.n, 200, 64);
  const all = await Promise.all(Array.from({ length: n }, () => open(wsUrl, ATTACKER_ADDRESSES['foreign-origin'], { origin: 'https://evil.example' })));
  await within(Promise.all(all.map((s) => s.closed)), 5000);
  for (const s of all) s.ws.terminate();
  return { n, closed1008: all.filter((s) => s.close === 1008).length, codes: [...new Set(all.flatMap((s) => s.codes))] };
}

/** `n` half-open upgrade requests that trickle a header line every 200 ms, for at most `ms`. */
async function slowloris(wsUrl, q) {
  const { hostname, port } = target(wsUrl);
  const n = bounded(q.n, 500, 64);
  const ms = bounded(q.ms, 60_000, 15_000);
  const results = await Promise.all(
    Array.from({ length: n }, () =>
      new Promise((resolve) => {
        let answer = '';
        const socket = tcpConnect({ host: hostname, port: Number(port), localAddress: ATTACKER_ADDRESSES.slowloris }, () =>
          socket.write(`GET /ws HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`));
        const drip = setInterval(() => !socket.destroyed && socket.write(`X-Drip: ${Date.now()}\r\n`), 200);
        let ours = false;
        const stop = setTimeout(() => ((ours = true), socket.destroy()), ms);
        socket.on('data', (d) => (answer += d));
        socket.on('error', () => {});
        socket.on('close', () => {
          clearInterval(drip);
          clearTimeout(stop);
          resolve(ours ? 'still open' : answer.slice(0, 12));
        });
      })),
  );
  // 503: over the per-address cap at once; dropped: closed by the server once its headers were late.
  const refused503 = results.filter((a) => a.includes('503')).length;
  const stillOpen = results.filter((a) => a === 'still open').length;
  return { n, refused503, dropped: n - refused503 - stillOpen, stillOpen };
}

/**
 * `n` sockets (≤ 15: one room) that join a room of their own and stop reading; a flooder broadcasts `mib` MiB to
 * them (60 KiB messages, in bursts within the default rate limit). Answers how many the server closed.
 */
async function slowReaders(wsUrl, q) {
  const n = bounded(q.n, 15, 15);
  const room = `slow-readers-${Date.now()}`;
  const readers = [];
  for (let i = 0; i < n; i++) {
    const s = await open(wsUrl, ATTACKER_ADDRESSES['slow-readers']);
    if (s.ws.readyState !== WebSocket.OPEN) break;
    s.ws.send(JSON.stringify({ type: 'join', room, name: `Stuck${i}` }));
    if (!(await next(s, 'joined'))) break;
    s.ws._socket.pause();
    readers.push(s);
  }
  const flooder = await open(wsUrl, ATTACKER_ADDRESSES['slow-readers']);
  if (flooder.ws.readyState !== WebSocket.OPEN) throw new Error('the flooder could not connect');
  flooder.ws.send(JSON.stringify({ type: 'join', room, name: 'Flood' }));
  await next(flooder, 'joined');
  const chunk = 'x'.repeat(60 * 1024);
  const messages = Math.ceil((bounded(q.mib, 64, 16) * 1024) / 60);
  for (let i = 0; i < messages && flooder.ws.readyState === WebSocket.OPEN; i++) {
    flooder.ws.send(JSON.stringify({ type: 'broadcast', payload: { i, chunk } }));
    if (i % 150 === 149) await new Promise((r) => setTimeout(r, 3000)); // the bucket refills (50/s, burst 200)
  }
  // The server's budget sweep (every second) closes the readers; the flooder, which reads, hears each one go
  // (peer-left, or peer-away when seats are kept). Waiting for that, not for a fixed time, keeps this right on a
  // loaded machine (CI: a fixed 1.5 s wait once resumed the readers before any sweep, so none was closed).
  const ids = new Set(readers.map((s) => s.messages.find((m) => m.type === 'joined')?.id));
  const goneAll = (messages) =>
    messages.filter((m) => (m.type === 'peer-left' || m.type === 'peer-away') && ids.has(m.id)).length >= readers.length;
  await until(flooder, goneAll, 30_000);
  for (const s of readers) s.ws._socket.resume();
  await within(Promise.all(readers.map((s) => s.closed)), 15_000);
  const result = {
    n: readers.length,
    mib: Math.round((messages * 60) / 1024),
    closedByServer: readers.filter((s) => s.close !== undefined).length,
    flooderCodes: flooder.codes,
  };
  for (const s of [...readers, flooder]) s.ws.terminate();
  return result;
}

/** Join-and-drop into `n` new rooms: stops at the first refusal (the per-address limit counts seats in grace). */
async function seatFill(wsUrl, q) {
  const n = bounded(q.n, 1000, 200);
  let seats = 0;
  let refusal;
  for (let i = 0; i < n && !refusal; i++) {
    const s = await open(wsUrl, ATTACKER_ADDRESSES['seat-fill']);
    if (s.codes.length > 0 || s.ws.readyState !== WebSocket.OPEN) {
      await within(s.closed, 3000);
      refusal = s.codes[0] ?? `close ${s.close}`;
      break;
    }
    s.ws.send(JSON.stringify({ type: 'join', room: `seat-fill-${Date.now()}-${i}`, name: 'X' }));
    const reply = await Promise.race([next(s, 'joined'), next(s, 'error')]);
    if (reply?.type === 'joined') seats++;
    else refusal = reply?.code ?? 'no reply';
    s.ws.terminate();
  }
  return { seats, refusal: refusal ?? null };
}

const ATTACKS = { 'foreign-origin': foreignOrigin, slowloris, 'slow-readers': slowReaders, 'seat-fill': seatFill };

/** web-test-runner middleware: POST /__rtc-test/attack/<name>?… runs one attack against `wsUrl`. */
export function attackMiddleware(wsUrl, others = {}) {
  target(wsUrl);
  for (const url of Object.values(others)) target(url);
  return async (ctx, next) => {
    const match = /^\/__rtc-test\/attack\/([a-z-]+)$/.exec(ctx.path);
    if (!match || ctx.method !== 'POST') return next();
    const attack = ATTACKS[match[1]];
    // `?target=<name>`: one of the other servers (e.g. `auth`, the token-checking one) instead of the main one.
    const url = ctx.query.target === undefined ? wsUrl : others[ctx.query.target];
    if (!attack || !url) {
      ctx.status = 404;
      ctx.body = `unknown attack or target; attacks: ${Object.keys(ATTACKS).join(', ')}; targets: ${Object.keys(others).join(', ')}`;
      return undefined;
    }
    ctx.body = await attack(url, ctx.query);
    return undefined;
  };
}
