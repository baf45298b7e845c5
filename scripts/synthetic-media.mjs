// Pre-encoded media for synthetic participants (scripts/synthetic-participants.mjs): ffmpeg encodes a short VP8
// clip (IVF) and an Opus clip (Ogg) ONCE per machine (cached under the OS temp folder, keyed by the settings), and
// this file cuts them into RTP packets (RFC 7741 VP8 payload descriptor, RFC 7587 one Opus packet per RTP packet).
// A publisher then only replays the same packets in a loop, so the CPU cost per synthetic publisher is SRTP and
// UDP, never encoding. Needs Debian's ffmpeg (apt-get install -y ffmpeg) for the first run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The clip every synthetic publisher loops: small and cheap, one keyframe a second (a late subscriber waits ≤ 1 s). */
export const MEDIA = Object.freeze({
  width: 160,
  height: 120,
  fps: 10,
  videoKbps: 60,
  /** Opus frame length: 60 ms (RFC 7587 allows up to 120 ms) → 17 audio packets a second instead of 50. */
  opusFrameMs: 60,
  audioKbps: 16,
  seconds: 3.6,
});

const MAX_PAYLOAD = 1100;

/** Runs ffmpeg once for `out` (written to a temp name, then renamed: concurrent runs never read half a file). */
function encode(out, args) {
  if (existsSync(out)) return;
  const part = `${out}.${process.pid}.part`;
  const r = spawnSync('ffmpeg', ['-hide_banner', '-v', 'error', '-y', ...args, part], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`ffmpeg failed (apt-get install -y ffmpeg): ${r.error?.message ?? r.stderr}`);
  }
  renameSync(part, out);
}

/** Encodes the clips once and answers their paths. */
export function ensureClips(media = MEDIA) {
  const dir = join(tmpdir(), 'rtc-room-synthetic-media');
  mkdirSync(dir, { recursive: true });
  const key = `${media.width}x${media.height}-${media.fps}fps-${media.videoKbps}k-${media.opusFrameMs}ms-${media.audioKbps}k-${media.seconds}s`;
  const ivf = join(dir, `${key}.ivf`);
  const ogg = join(dir, `${key}.ogg`);
  encode(ivf, [
    '-f', 'lavfi', '-i', `testsrc2=size=${media.width}x${media.height}:rate=${media.fps}`, '-t', String(media.seconds),
    '-c:v', 'libvpx', '-b:v', `${media.videoKbps}k`, '-g', String(media.fps), '-keyint_min', String(media.fps),
    '-deadline', 'realtime', '-cpu-used', '8', '-auto-alt-ref', '0', '-lag-in-frames', '0', '-f', 'ivf',
  ]);
  encode(ogg, [
    '-f', 'lavfi', '-i', 'sine=frequency=440:beep_factor=4:sample_rate=48000', '-t', String(media.seconds),
    '-c:a', 'libopus', '-b:a', `${media.audioKbps}k`, '-frame_duration', String(media.opusFrameMs), '-application', 'voip',
    '-ac', '1', '-f', 'ogg',
  ]);
  return { ivf, ogg };
}

/** VP8 frames of an IVF file: `{ data, keyframe }` in order (IVF: 32-byte header, then 12-byte frame headers). */
export function readIvf(buffer) {
  if (buffer.toString('ascii', 0, 4) !== 'DKIF') throw new Error('not an IVF file');
  const frames = [];
  for (let at = buffer.readUInt16LE(6); at + 12 <= buffer.length; ) {
    const size = buffer.readUInt32LE(at);
    const data = buffer.subarray(at + 12, at + 12 + size);
    // RFC 6386 §9.1: bit 0 of the frame tag is 0 for a key frame.
    frames.push({ data, keyframe: (data[0] & 1) === 0 });
    at += 12 + size;
  }
  return frames;
}

/** Opus packets of an Ogg file (RFC 7845), without the OpusHead and OpusTags header packets. */
export function readOggOpus(buffer) {
  const packets = [];
  let pending = [];
  for (let at = 0; at + 27 <= buffer.length; ) {
    if (buffer.toString('ascii', at, at + 4) !== 'OggS') throw new Error('not an Ogg page');
    const segments = buffer[at + 26];
    let body = at + 27 + segments;
    for (let i = 0; i < segments; i++) {
      const lacing = buffer[at + 27 + i];
      pending.push(buffer.subarray(body, body + lacing));
      body += lacing;
      if (lacing < 255) {
        packets.push(Buffer.concat(pending));
        pending = [];
      }
    }
    at = body;
  }
  return packets.filter((p) => !p.subarray(0, 8).toString('ascii').startsWith('Opus'));
}

/** A 12-byte RTP header (RFC 3550 §5.1) + payload; werift rewrites SSRC, payload type and offsets per sender. */
function rtp(payload, { marker, seq, timestamp }) {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = (marker ? 0x80 : 0) | 96;
  header.writeUInt16BE(seq & 0xffff, 2);
  header.writeUInt32BE(timestamp >>> 0, 4);
  header.writeUInt32BE(1, 8);
  return Buffer.concat([header, payload]);
}

/**
 * The clip as RTP, ready to replay: `video` and `audio` are arrays of steps `{ atMs, packets: Buffer[] }` covering
 * one loop of `loopMs`; `loop(n)` answers the steps of loop n with timestamps and sequence numbers that go on from
 * loop n − 1 (so a receiver sees one endless stream).
 */
export function loadClip(media = MEDIA) {
  const { ivf, ogg } = ensureClips(media);
  const frames = readIvf(readFileSync(ivf));
  const opus = readOggOpus(readFileSync(ogg));
  const frameMs = 1000 / media.fps;
  const loopMs = Math.min(frames.length * frameMs, opus.length * media.opusFrameMs);
  const videoFrames = frames.slice(0, Math.round(loopMs / frameMs));
  const audioFrames = opus.slice(0, Math.round(loopMs / media.opusFrameMs));
  const videoPackets = videoFrames.reduce((n, f) => n + Math.ceil(f.data.length / MAX_PAYLOAD), 0);
  return {
    loopMs,
    keyframes: videoFrames.filter((f) => f.keyframe).length,
    /** Steps of loop `n` (0, 1, …). */
    loop(n) {
      const video = [];
      let seq = n * videoPackets;
      videoFrames.forEach((frame, i) => {
        const timestamp = Math.round((n * videoFrames.length + i) * (90000 / media.fps));
        const packets = [];
        for (let at = 0; at < frame.data.length; at += MAX_PAYLOAD) {
          const chunk = frame.data.subarray(at, at + MAX_PAYLOAD);
          // RFC 7741 §4.2: one-byte payload descriptor, S = 1 on the first packet of a frame, partition 0.
          const descriptor = Buffer.from([at === 0 ? 0x10 : 0x00]);
          const last = at + MAX_PAYLOAD >= frame.data.length;
          packets.push(rtp(Buffer.concat([descriptor, chunk]), { marker: last, seq: seq++, timestamp }));
        }
        video.push({ atMs: n * loopMs + i * frameMs, packets });
      });
      const samples = (48000 * media.opusFrameMs) / 1000;
      const audio = audioFrames.map((packet, i) => ({
        atMs: n * loopMs + i * media.opusFrameMs,
        packets: [rtp(packet, { marker: false, seq: n * audioFrames.length + i, timestamp: (n * audioFrames.length + i) * samples })],
      }));
      return { video, audio };
    },
  };
}
