// Node-side media checks for browser tests (served by web-test-runner.config.mjs on loopback only):
// - probeMedia: ffprobe's JSON for a file (Debian's `ffmpeg` package), plus the last packet time of each stream —
//   Chromium's MediaRecorder writes WebM without a Duration element, so `format.duration` can be missing;
// - convertJanusRecording: runs `janus-pp-rec` (Debian's `janus-tools`) on every .mjr file of one recording folder
//   and probes each output.
// Missing tools are errors that say what to install (tests fail, they do not skip).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const which = (bin) => ['/usr/bin', '/usr/local/bin', '/bin'].map((d) => join(d, bin)).find((p) => existsSync(p));

export class MissingTool extends Error {}

function tool(bin, pkg) {
  const path = which(bin);
  if (!path) throw new MissingTool(`${bin} is not installed: apt-get install -y ${pkg} (.ci/run does)`);
  return path;
}

/** ffprobe's `format` and `streams`, and `lastPacketTime` (seconds) per stream index. */
export async function probeFile(file) {
  const ffprobe = tool('ffprobe', 'ffmpeg');
  const { stdout } = await run(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file]);
  const info = JSON.parse(stdout);
  const packets = await run(ffprobe, ['-v', 'error', '-show_entries', 'packet=stream_index,pts_time', '-of', 'csv=p=0', file], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const lastPacketTime = {};
  const packetCount = {};
  for (const line of packets.stdout.split('\n')) {
    const [index, pts] = line.split(',');
    if (!index || !pts || pts === 'N/A') continue;
    lastPacketTime[index] = Math.max(lastPacketTime[index] ?? 0, Number(pts));
    packetCount[index] = (packetCount[index] ?? 0) + 1;
  }
  return { format: info.format, streams: info.streams, lastPacketTime, packetCount };
}

/** Probes bytes (a recording uploaded by a test). */
export async function probeBytes(bytes, extension = 'webm') {
  const dir = mkdtempSync(join(tmpdir(), 'rtc-room-probe-'));
  try {
    const file = join(dir, `media.${extension}`);
    writeFileSync(file, bytes);
    return await probeFile(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Converts every audio/video .mjr of `<recordingsDir>/<id>` with janus-pp-rec and probes the results. */
export async function convertJanusRecording(recordingsDir, id) {
  if (!/^[\w-]{1,64}$/.test(id)) throw new Error(`bad recording id "${id}"`);
  const pprec = tool('janus-pp-rec', 'janus-tools');
  const folder = join(recordingsDir, id);
  if (!existsSync(folder)) return { files: [] };
  const out = mkdtempSync(join(tmpdir(), 'rtc-room-pprec-'));
  try {
    const files = [];
    for (const name of readdirSync(folder).filter((f) => /-(audio|video)-\d+\.mjr$/.test(f)).sort()) {
      const kind = name.includes('-video-') ? 'video' : 'audio';
      const output = join(out, name.replace(/\.mjr$/, kind === 'video' ? '.webm' : '.opus'));
      const input = join(folder, name);
      const result = await run(pprec, [input, output]).then(
        () => ({ ok: true }),
        (error) => ({ ok: false, error: String(error.stderr || error.message).slice(-2000) }),
      );
      files.push({
        mjr: name,
        kind,
        bytes: statSync(input).size,
        ...result,
        probe: result.ok && existsSync(output) ? await probeFile(output) : null,
      });
    }
    return { files };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
