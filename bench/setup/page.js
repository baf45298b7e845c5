// In-page half of the call-setup bench. Bundled by bench/setup.mjs with esbuild (the core comes from
// packages/core/dist, i.e. what `npm run build` produced) and driven through window.bench.* by Playwright.
//
// What the clock covers, identically in both cases:
//   - participant A's media is captured (and, for rtc-room, A has joined) BEFORE the clock starts;
//   - t0 is taken right before the second participant B starts: `roomB.join()` for rtc-room, and for the
//     baseline B's `getUserMedia` + creating both RTCPeerConnections + offer/answer/trickle in-page;
//   - so B's camera/microphone capture (one getUserMedia for audio + video) is INSIDE the clock in both;
//   - the clock stops when the first remote video frame has been decoded and presented on BOTH sides
//     (requestVideoFrameCallback on a <video> playing the remote track).
import { Room, WebSocketSignaling } from '@rtc-room/core';
import * as trace from './trace.js';

// The SFU rows print their phases (bench/setup/trace.js): WebSocket and RTCPeerConnection are watched from outside.
trace.install();

const TIMEOUT_MS = 15_000;
const videos = document.getElementById('videos');

function firstFrame(track) {
  return new Promise((resolve) => {
    const video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    video.srcObject = new MediaStream([track]);
    videos.append(video);
    video.requestVideoFrameCallback(() => resolve({ at: performance.now(), video }));
    void video.play().catch(() => undefined);
  });
}

function withTimeout(promise, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timeout: ${what}`)), TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

function cleanupVideos(list) {
  for (const v of list) {
    v.srcObject = null;
    v.remove();
  }
}

async function selectedCandidateType(pc, withAddress = false) {
  if (!pc) return null;
  const stats = await pc.getStats();
  let pair;
  for (const r of stats.values()) {
    if (r.type === 'transport' && r.selectedCandidatePairId) pair = stats.get(r.selectedCandidatePairId);
  }
  if (!pair) for (const r of stats.values()) if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded') pair = r;
  const local = pair && stats.get(pair.localCandidateId);
  const remote = pair && stats.get(pair.remoteCandidateId);
  if (!local) return null;
  const types = `${local.candidateType}/${remote?.candidateType ?? '?'}`;
  return withAddress && remote?.address ? `${types} to ${remote.address}` : types;
}

/** Resolves with the first presented frame of the first remote video track of `room`. */
function roomFirstFrame(room) {
  return new Promise((resolve) => {
    const off = room.on('trackSubscribed', (track) => {
      if (track.kind !== 'video' || !track.mediaStreamTrack) return;
      off();
      resolve(firstFrame(track.mediaStreamTrack));
    });
  });
}

/**
 * One rtc-room call: A joined before the clock; t0 = B.join(); stops at the first frame on both sides.
 * With `topology: 'sfu'` both Rooms publish to and subscribe from Janus through the signaling server, so A's
 * joining (before the clock) includes A's publish connection, and the clock covers B's publish, both
 * subscriptions and the SFU forwarding the first key frame each way.
 */
async function ours({ url, iceServers = [], relay = false, room, checkPath = false, topology, phases = false }) {
  if (phases) trace.begin();
  const opts = (name) => ({
    room,
    name,
    signaling: new WebSocketSignaling(url),
    iceServers,
    ...(relay ? { iceTransportPolicy: 'relay' } : {}),
    ...(topology ? { topology } : {}),
  });
  const a = new Room(opts('A'));
  const b = new Room(opts('B'));
  const shown = [];
  try {
    await a.join();
    const frameA = roomFirstFrame(a);
    const frameB = roomFirstFrame(b);
    const t0 = phases ? trace.mark() : performance.now();
    const joined = b.join().then(() => performance.now());
    const [fa, fb, tj] = await withTimeout(Promise.all([frameA, frameB, joined]), 'rtc-room first frames');
    shown.push(fa.video, fb.video);
    const result = { ms: Math.max(fa.at, fb.at) - t0, aMs: fa.at - t0, bMs: fb.at - t0, joinMs: tj - t0 };
    if (phases) result.phases = { ...trace.phases(trace.stop()), bJoinResolved: tj - t0, aFirstFrame: fa.at - t0, bFirstFrame: fb.at - t0 };
    if (checkPath) {
      // Room keeps its transport private; reading it here is a bench-only peek, outside the clock.
      const transport = b.transport;
      const peerId = [...b.participants.keys()][0];
      result.path = await selectedCandidateType(transport?.connection?.(peerId), topology === 'sfu');
    }
    return result;
  } finally {
    if (phases) trace.stop();
    await Promise.allSettled([a.leave(), b.leave()]);
    cleanupVideos(shown);
  }
}

/**
 * Baseline: two bare RTCPeerConnections in this page, offer/answer and trickled candidates handed over
 * directly (no signaling server at all). A's media is captured before the clock; B captures inside it.
 */
async function bare({ iceServers = [], relay = false, checkPath = false, delayMs = 0 }) {
  const config = { iceServers, ...(relay ? { iceTransportPolicy: 'relay' } : {}) };
  const streamA = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  let streamB;
  let pcA;
  let pcB;
  const shown = [];
  try {
    const t0 = performance.now();
    streamB = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    const tCaptured = performance.now();
    pcA = new trace.BareRTCPeerConnection(config);
    pcB = new trace.BareRTCPeerConnection(config);
    // `delayMs`: each hand-over (offer, answer, every candidate) waits that long, one way, as a signaling path
    // with `2 × delayMs` of round-trip time would make it (the slower-network row).
    const later = (f) => (delayMs > 0 ? setTimeout(f, delayMs) : f());
    const link = (from, to) => {
      const pending = [];
      from.onicecandidate = ({ candidate }) =>
        later(() => {
          if (to.remoteDescription) void to.addIceCandidate(candidate ?? undefined).catch(() => undefined);
          else pending.push(candidate);
        });
      return async () => {
        for (const c of pending.splice(0)) await to.addIceCandidate(c ?? undefined).catch(() => undefined);
      };
    };
    const flushToA = link(pcB, pcA);
    const flushToB = link(pcA, pcB);
    const frame = (pc) =>
      new Promise((resolve) => {
        pc.ontrack = ({ track }) => {
          if (track.kind === 'video') resolve(firstFrame(track));
        };
      });
    const frameA = frame(pcA);
    const frameB = frame(pcB);
    for (const t of streamA.getTracks()) pcA.addTrack(t, streamA);
    for (const t of streamB.getTracks()) pcB.addTrack(t, streamB);
    // The joiner (B) offers, as a mesh newcomer would.
    const hop = () => new Promise((r) => later(r));
    await pcB.setLocalDescription(await pcB.createOffer());
    await hop();
    await pcA.setRemoteDescription(pcB.localDescription);
    await flushToA();
    await pcA.setLocalDescription(await pcA.createAnswer());
    await hop();
    await pcB.setRemoteDescription(pcA.localDescription);
    await flushToB();
    const [fa, fb] = await withTimeout(Promise.all([frameA, frameB]), 'bare first frames');
    shown.push(fa.video, fb.video);
    const result = { ms: Math.max(fa.at, fb.at) - t0, aMs: fa.at - t0, bMs: fb.at - t0, captureMs: tCaptured - t0 };
    if (checkPath) result.path = await selectedCandidateType(pcB);
    return result;
  } finally {
    pcA?.close();
    pcB?.close();
    for (const t of [...streamA.getTracks(), ...(streamB?.getTracks() ?? [])]) t.stop();
    cleanupVideos(shown);
  }
}

/** Resolves once `check()` is true (polled every 100 ms), with the time it became true; rejects after `ms`. */
async function until(check, what, ms = 120_000) {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timeout: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return performance.now();
}

/** Whether `room` decodes `peerId`'s video over `path` ('mesh' | 'sfu'): `inbound-rtp` framesDecoded > 0. */
async function decodes(room, peerId, path) {
  // Room keeps its transport private; reading it is a bench-only peek (an auto transport's viaSfu says which path
  // the Room takes the peer's media from; a plain SFU transport has only that one).
  const t = room.transport;
  if (!t) return false;
  const viaSfu = t.viaSfu ? t.viaSfu.has(peerId) : t.topology !== 'mesh';
  if ((path === 'sfu') !== viaSfu) return false;
  const stats = await t.connection(peerId)?.getStats().catch(() => undefined);
  let decoded = 0;
  stats?.forEach((r) => {
    if (r.type === 'inbound-rtp' && r.kind === 'video') decoded = Math.max(decoded, r.framesDecoded ?? 0);
  });
  return decoded > 0;
}

async function everyoneDecodes(rooms, path) {
  const checks = rooms.flatMap((r) => rooms.filter((q) => q !== r).map((q) => decodes(r, q.localParticipant.id, path)));
  return (await Promise.all(checks)).every(Boolean);
}

/**
 * The `auto` switch (issue 18): four Rooms with `topology: 'auto'` in a mesh call (everyone decoding everyone), then
 * t0 = the fifth's join(), which moves the room to the SFU; the clock stops when every Room decodes every other
 * through the SFU (handed over: make-before-break, see AutoTransport). `allSfuMs`: until every transport is on the SFU.
 */
async function autoSwitch({ url, room }) {
  const rooms = Array.from({ length: 5 }, (_, i) => new Room({ room, name: `P${i}`, signaling: new WebSocketSignaling(url), topology: 'auto' }));
  try {
    for (const r of rooms.slice(0, 4)) await r.join();
    await until(() => everyoneDecodes(rooms.slice(0, 4), 'mesh'), 'the four in mesh');
    const t0 = performance.now();
    await rooms[4].join();
    const allSfu = until(() => rooms.every((r) => r.transport?.topology === 'sfu'), 'every transport on the SFU', 240_000);
    const done = await until(() => everyoneDecodes(rooms, 'sfu'), 'everyone decoding everyone through the SFU', 240_000);
    return { ms: done - t0, allSfuMs: (await allSfu) - t0 };
  } finally {
    await Promise.allSettled(rooms.map((r) => r.leave()));
  }
}

/** Baseline of the switch: five Rooms with `topology: 'sfu'` join at once (t0); until every Room decodes every other. */
async function sfuFive({ url, room }) {
  const rooms = Array.from({ length: 5 }, (_, i) => new Room({ room, name: `P${i}`, signaling: new WebSocketSignaling(url), topology: 'sfu' }));
  try {
    const t0 = performance.now();
    await Promise.all(rooms.map((r) => r.join()));
    const done = await until(() => everyoneDecodes(rooms, 'sfu'), 'everyone decoding everyone through the SFU', 240_000);
    return { ms: done - t0 };
  } finally {
    await Promise.allSettled(rooms.map((r) => r.leave()));
  }
}

window.bench = { ours, bare, autoSwitch, sfuFive };
window.benchReady = true;
