// The docs' screenshots, taken by the test suite: scripts/screenshots.mjs runs the real demo (1, 2 and 4
// participants, each its own headless Chromium with its own fake camera; from the two-participant call also the
// people panel, the phone layout, the pre-join screen and a frozen participant's 'lost' indicator) and the themed embedding through the real
// server, and keeps a shot only when the call is healthy (everyone connected, every tile decoding, no error shown;
// it throws otherwise). Here they go to a temporary folder; `npm run screenshots` refreshes the checked-in copies
// in docs/images/ after a look at them.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHOTS = ['demo-1.png', 'demo-2.png', 'demo-4.png', 'themed.png', 'participants.png', 'prejoin.png', 'quality-lost.png', 'phone.png'];

/** Width and height from a PNG's IHDR chunk. */
function pngSize(buffer) {
  assert.equal(buffer.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG file');
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

test('the docs screenshots can be taken: the demo with 1, 2 and 4 participants, the themed embedding, the pre-join screen, the people panel, a lost connection, a phone', { timeout: 400_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'rtc-room-shots-'));
  try {
    const child = spawn(process.execPath, ['scripts/screenshots.mjs'], {
      cwd: root,
      env: { ...process.env, RTC_SCREENSHOTS_OUT: out },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    const code = await new Promise((r) => child.on('exit', (c, signal) => r(c ?? signal)));
    assert.equal(code, 0, `scripts/screenshots.mjs failed:\n${log.slice(-3000)}`);
    for (const name of SHOTS) {
      const png = readFileSync(join(out, name));
      const { width, height } = pngSize(png);
      if (name === 'phone.png') assert.deepEqual([width, height], [390, 844], name);
      else assert.ok(width >= 1000 && height >= 600, `${name}: ${width}×${height}`);
      assert.ok(png.length > 50_000, `${name}: ${png.length} bytes is too small for a picture of a call`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
