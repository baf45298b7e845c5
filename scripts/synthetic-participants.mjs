#!/usr/bin/env node
// Synthetic participants for large-room tests and benches (issue 19): N real participants of an rtc-room signaling
// server, each joining over /ws like a browser and publishing one Opus + one VP8 stream through the server into the
// Janus VideoRoom the server created (`sfu` `publish`, centralized signaling: the server drives Janus).
//
// Why this stack: werift (a WebRTC implementation in TypeScript, from npm: no native build, no download) replays
// clips that ffmpeg encoded once (scripts/synthetic-media.mjs), so a publisher costs SRTP + UDP only. All N run in
// ONE child process, started and stopped by its PID. They publish only: they never subscribe (a real browser in
// the room is the subscriber under test).
//
//   node scripts/synthetic-participants.mjs --url ws://127.0.0.1:8080/ws --room big --count 48 [--name Synthetic]
//
// prints `synthetic: N published` once every participant's publish connection is up, then runs until SIGTERM.
// From code: `startSyntheticParticipants({ url, room, count })` → `{ pid, ids, stop() }`.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const self = fileURLToPath(import.meta.url);

/**
 * Starts `count` synthetic participants in a child process and resolves once all of them publish (`webrtcup` seen
 * from the publisher side: ICE + DTLS connected). Rejects (and stops the child) after `timeoutMs`.
 * @param {{ url: string, room: string, count: number, name?: string, timeoutMs?: number }} options
 * @returns {Promise<{ pid: number, ids: string[], stop(): Promise<void> }>}
 */
export async function startSyntheticParticipants({ url, room, count, name = 'Synthetic', timeoutMs = 120_000 }) {
  const child = spawn(process.execPath, [self, '--url', url, '--room', room, '--count', String(count), '--name', name], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const done = /^synthetic: (\d+) published (.*)$/m.exec(out);
    if (done) return { pid: child.pid, ids: JSON.parse(done[2]), stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`synthetic participants did not all publish within ${timeoutMs / 1000} s: ${out.slice(-2000)}${err}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits for the next server message of `type` on `socket` (rejects on an `error` message or a close). */
function next(socket, type, match = () => true) {
  return new Promise((resolve, reject) => {
    const onMessage = (data) => {
      const msg = JSON.parse(String(data));
      if (msg.type === 'error') return finish(reject, new Error(`server error ${msg.code}: ${msg.message}`));
      if (msg.type === type && match(msg)) finish(resolve, msg);
    };
    const onClose = (code) => finish(reject, new Error(`socket closed (${code})`));
    const finish = (fn, value) => {
      socket.off('message', onMessage);
      socket.off('close', onClose);
      fn(value);
    };
    socket.on('message', onMessage);
    socket.on('close', onClose);
  });
}

/**
 * A STUN Binding responder on 127.0.0.1 (RFC 8489 §6.3.3: success response with XOR-MAPPED-ADDRESS): werift's ICE
 * agent queries a STUN server for every host address and, without one configured, a public one. This keeps every
 * packet on this machine and lets gathering end at once. Resolves its UDP port.
 */
async function stunResponder() {
  const socket = createSocket('udp4');
  socket.on('message', (msg, from) => {
    if (msg.length < 20 || msg.readUInt16BE(0) !== 0x0001 || msg.readUInt32BE(4) !== 0x2112a442) return;
    const res = Buffer.alloc(32);
    res.writeUInt16BE(0x0101, 0);
    res.writeUInt16BE(12, 2);
    msg.copy(res, 4, 4, 20);
    res.writeUInt16BE(0x0020, 20);
    res.writeUInt16BE(8, 22);
    res.writeUInt16BE(0x0001, 24);
    res.writeUInt16BE(from.port ^ 0x2112, 26);
    const ip = from.address.split('.').reduce((n, octet) => (n << 8) | Number(octet), 0);
    res.writeUInt32BE((ip ^ 0x2112a442) >>> 0, 28);
    socket.send(res, from.port, from.address);
  });
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  socket.unref();
  return socket.address().port;
}

/** One synthetic participant: join, publish audio + video through the server, resolve when connected. */
async function participant({ url, room, name, werift, WebSocket, tracks, stunPort }) {
  const t0 = Date.now();
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
  socket.send(JSON.stringify({ type: 'join', room, name }));
  const joined = await next(socket, 'joined');
  const { RTCPeerConnection, useOPUS, useVP8 } = werift;
  const pc = new RTCPeerConnection({
    codecs: { audio: [useOPUS()], video: [useVP8()] },
    // werift falls back to a public STUN server when none is given: point it at our own loopback responder.
    iceServers: [{ urls: `stun:127.0.0.1:${stunPort}` }],
    iceUseIpv6: false,
  });
  pc.addTransceiver(tracks.audio, { direction: 'sendonly' });
  pc.addTransceiver(tracks.video, { direction: 'sendonly' });
  await pc.setLocalDescription(await pc.createOffer());
  // Full offer (werift gathers during setLocalDescription): its candidates are in the SDP, nothing to trickle.
  const gathered = new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.iceGatheringStateChange.subscribe((state) => state === 'complete' && resolve());
  });
  await gathered;
  if (process.env.SYN_DEBUG) console.error(name, 'gathered', Date.now() - t0);
  const sources = pc.getTransceivers().map((t) => ({ mid: t.mid, source: t.kind === 'audio' ? 'microphone' : 'camera' }));
  socket.send(JSON.stringify({ type: 'sfu', op: 'publish', req: 1, description: { type: 'offer', sdp: pc.localDescription.sdp }, sources }));
  const reply = await next(socket, 'sfu-reply', (m) => m.req === 1);
  if (reply.error) throw new Error(`publish refused: ${reply.error.code} ${reply.error.message}`);
  if (process.env.SYN_DEBUG) console.error(name, 'answered', Date.now() - t0);
  await pc.setRemoteDescription(reply.description);
  socket.send(JSON.stringify({ type: 'sfu', op: 'trickle', target: 'publisher', candidate: null }));
  await new Promise((resolve, reject) => {
    if (pc.connectionState === 'connected') return resolve();
    pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') resolve();
      if (state === 'failed') reject(new Error(`${name}: publish connection failed`));
    });
  });
  if (process.env.SYN_DEBUG) console.error(name, 'connected', Date.now() - t0);
  return { id: joined.id, close: () => (socket.close(), pc.close()) };
}

async function main() {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, room: { type: 'string' }, count: { type: 'string' }, name: { type: 'string', default: 'Synthetic' } },
  });
  if (!values.url || !values.room || !values.count) throw new Error('usage: --url ws://…/ws --room NAME --count N [--name PREFIX]');
  const count = Number(values.count);
  const [werift, { default: WebSocket }, { loadClip }] = await Promise.all([
    import('werift'),
    import('ws'),
    import('./synthetic-media.mjs'),
  ]);
  const clip = loadClip();
  const stunPort = await stunResponder();
  // One track per kind for everyone: werift's senders each rewrite SSRC, payload type, sequence and timestamp
  // offsets, so N publishers share one replay loop.
  const tracks = { audio: new werift.MediaStreamTrack({ kind: 'audio' }), video: new werift.MediaStreamTrack({ kind: 'video' }) };
  const started = Date.now();
  let loop = 0;
  let queue = [];
  const refill = () => {
    const { video, audio } = clip.loop(loop++);
    queue.push(...video.map((s) => ({ ...s, track: tracks.video })), ...audio.map((s) => ({ ...s, track: tracks.audio })));
    queue.sort((a, b) => a.atMs - b.atMs);
  };
  refill();
  const pacer = setInterval(() => {
    const now = Date.now() - started;
    while (queue.length && queue[0].atMs <= now) {
      const step = queue.shift();
      for (const packet of step.packets) step.track.writeRtp(packet);
    }
    if (queue.length < 40) refill();
  }, 10);
  const people = [];
  const stop = () => {
    clearInterval(pacer);
    for (const p of people) p.close();
    setTimeout(() => process.exit(0), 200);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Eight at a time: 48 DTLS handshakes at once on a loaded 2-core machine would time out in Janus.
  const names = Array.from({ length: count }, (_, i) => `${values.name} ${String(i + 1).padStart(2, '0')}`);
  for (let i = 0; i < names.length; i += 8) {
    const batch = await Promise.all(
      names.slice(i, i + 8).map((name) => participant({ url: values.url, room: values.room, name, werift, WebSocket, tracks, stunPort })),
    );
    people.push(...batch);
  }
  console.log(`synthetic: ${people.length} published ${JSON.stringify(people.map((p) => p.id))}`);
}

if (process.argv[1] === self) {
  main().catch((error) => {
    console.error(`synthetic: ${error.stack ?? error}`);
    process.exit(1);
  });
}
