import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseCliArgs } from '../src/args.js';
import { CLI_PATH, connect, SUITE, withTimeout } from './helpers.js';

const cliPath = CLI_PATH;

describe('CLI arguments', SUITE, () => {
  it('parses every flag', () => {
    const command = parseCliArgs(
      [
        '--port', '9000', '--host', '127.0.0.1', '--static', 'demo',
        '--mount', '/packages/=packages', '--mount', '/x=lib',
        '--max-participants', '4', '--max-message-bytes', '1024', '--ping-interval-ms', '250',
        '--ice-server', 'stun:stun.example.org', '--ice-server', 'turn:127.0.0.1:3478',
        '--resume-grace-ms', '0',
      ],
      {},
    );
    assert.deepEqual(command, {
      kind: 'run',
      options: {
        port: 9000,
        host: '127.0.0.1',
        staticDir: 'demo',
        staticMounts: { '/packages/': 'packages', '/x': 'lib' },
        maxParticipantsPerRoom: 4,
        maxMessageBytes: 1024,
        pingIntervalMs: 250,
        iceServers: [{ urls: 'stun:stun.example.org' }, { urls: 'turn:127.0.0.1:3478' }],
        resumeGraceMs: 0,
      },
    });
  });

  it('falls back to PORT, lets --port win, and supports --help', () => {
    assert.deepEqual(parseCliArgs([], { PORT: '7000' }), { kind: 'run', options: { port: 7000 } });
    assert.deepEqual(parseCliArgs(['--port', '0'], { PORT: '7000' }), { kind: 'run', options: { port: 0 } });
    assert.deepEqual(parseCliArgs([], {}), { kind: 'run', options: {} });
    assert.deepEqual(parseCliArgs(['-h'], {}), { kind: 'help' });
  });

  it('rejects bad values and unknown flags', () => {
    assert.throws(() => parseCliArgs(['--port', 'abc'], {}), /--port/);
    assert.throws(() => parseCliArgs(['--mount', 'nodir'], {}), /--mount/);
    assert.throws(() => parseCliArgs(['--mount', '/p/='], {}), /--mount/);
    assert.throws(() => parseCliArgs(['--bogus'], {}));
    assert.throws(() => parseCliArgs([], { PORT: 'x' }), /--port/);
  });

  it('has no side effects on import', async () => {
    const mod = await import('../src/cli.js');
    assert.equal(typeof mod.main, 'function');
    assert.equal(process.listenerCount('SIGTERM'), 0);
  });
});

describe('CLI process', { timeout: 120_000 }, () => {
  it('serves relative --static/--mount dirs from cwd, prints one line, and exits 0 on SIGTERM', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rtc-room-cli-'));
    await mkdir(path.join(dir, 'demo'));
    await mkdir(path.join(dir, 'packages', 'elements', 'dist'), { recursive: true });
    await writeFile(path.join(dir, 'demo', 'index.html'), 'demo page');
    await writeFile(path.join(dir, 'packages', 'elements', 'dist', 'rtc-room.bundle.js'), '// bundle');
    const child = spawn(
      process.execPath,
      [cliPath, '--static', 'demo', '--mount', '/packages/=packages', '--port', '0', '--host', '127.0.0.1'],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let stdout = '';
      child.stdout.setEncoding('utf8');
      const line = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start line; stdout: ${stdout}`)), 20_000);
        child.stdout.on('data', (chunk: string) => {
          stdout += chunk;
          if (stdout.includes('\n')) {
            clearTimeout(timer);
            resolve(stdout.split('\n')[0] ?? '');
          }
        });
        child.on('exit', () => reject(new Error(`exited early; stdout: ${stdout}`)));
      });
      const match = /^rtc-room server listening on http:\/\/localhost:(\d+) \(signaling at ws:\/\/localhost:\1\/ws\)$/.exec(line);
      assert.ok(match, line);
      const port = Number(match[1]);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(await page.text(), 'demo page');
      const bundle = await fetch(`http://127.0.0.1:${port}/packages/elements/dist/rtc-room.bundle.js`);
      assert.equal(bundle.headers.get('content-type'), 'text/javascript; charset=utf-8');
      const client = await connect(`ws://127.0.0.1:${port}/ws`);
      assert.equal((await client.join('r', 'Alice'))['type'], 'joined');
      child.kill('SIGTERM');
      assert.equal(await client.closedWithin(20_000), 1001, 'clients are closed gracefully');
      assert.equal(await withTimeout(exited, 20_000, 'CLI exit'), 0);
    } finally {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints usage and exits 2 on a bad flag', async () => {
    const child = spawn(process.execPath, [cliPath, '--bogus'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    const code = await withTimeout(new Promise<number | null>((resolve) => child.on('exit', resolve)), 20_000, 'CLI exit');
    assert.equal(code, 2);
    assert.match(stderr, /Usage: rtc-room-server/);
  });
});
