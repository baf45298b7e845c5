import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseCliArgs } from '../src/args.js';
import { createServer } from '../src/index.js';
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

  it('parses the backplane and drain flags; RTC_REDIS_URL is the fallback of --redis-url', () => {
    assert.deepEqual(
      parseCliArgs(['--redis-url', 'redis://127.0.0.1:6390', '--node-heartbeat-ms', '250', '--node-dead-after-ms', '900', '--drain-timeout-ms', '3000'], {}),
      { kind: 'run', options: { redisUrl: 'redis://127.0.0.1:6390', nodeHeartbeatMs: 250, nodeDeadAfterMs: 900, drainTimeoutMs: 3000 } },
    );
    assert.deepEqual(parseCliArgs([], { RTC_REDIS_URL: 'redis://r:6379' }), { kind: 'run', options: { redisUrl: 'redis://r:6379' } });
    assert.deepEqual(parseCliArgs(['--redis-url', 'redis://a:1'], { RTC_REDIS_URL: 'redis://b:2' }), { kind: 'run', options: { redisUrl: 'redis://a:1' } }, 'the flag wins');
    assert.throws(() => createServer({ redisUrl: 'http://x' }), /redisUrl must be a redis: or rediss: URL/);
    assert.throws(() => createServer({ redisUrl: 'redis://x:1', nodeHeartbeatMs: 1000, nodeDeadAfterMs: 1000 }), /must exceed nodeHeartbeatMs/);
  });

  it('--janus-url is repeatable; Janus credentials come from flags or RTC_JANUS_* (flags win)', () => {
    const a = 'ws://10.0.0.5:8188';
    const b = 'ws://10.0.0.6:8188';
    assert.deepEqual(parseCliArgs(['--janus-url', a], {}), { kind: 'run', options: { janusUrl: a } });
    assert.deepEqual(parseCliArgs(['--janus-url', a, '--janus-url', b], {}), { kind: 'run', options: { janusUrl: a, janusUrls: [b] } });
    const env = { RTC_JANUS_API_SECRET: 'env-secret', RTC_JANUS_TOKEN: 'env-token', RTC_JANUS_ADMIN_KEY: 'env-key' };
    assert.deepEqual(parseCliArgs(['--janus-url', a], env), {
      kind: 'run',
      options: { janusUrl: a, janusApiSecret: 'env-secret', janusToken: 'env-token', janusAdminKey: 'env-key' },
    });
    const flags = ['--janus-url', a, '--janus-api-secret', 's', '--janus-token', 't', '--janus-admin-key', 'k'];
    assert.deepEqual(parseCliArgs(flags, env), {
      kind: 'run',
      options: { janusUrl: a, janusApiSecret: 's', janusToken: 't', janusAdminKey: 'k' },
    });
  });

  it('rejects bad values and unknown flags', () => {
    assert.throws(() => parseCliArgs(['--port', 'abc'], {}), /--port/);
    assert.throws(() => parseCliArgs(['--mount', 'nodir'], {}), /--mount/);
    assert.throws(() => parseCliArgs(['--mount', '/p/='], {}), /--mount/);
    assert.throws(() => parseCliArgs(['--bogus'], {}));
    assert.throws(() => parseCliArgs([], { PORT: 'x' }), /--port/);
    assert.throws(() => createServer({ janusUrls: ['http://10.0.0.5:8188'] }), /janusUrl must be a ws: or wss: URL/);
    assert.throws(() => createServer({ janusUrl: 'ws://10.0.0.5:8188', janusApiSecret: '' }), /janusApiSecret/);
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
      assert.equal(await client.closedWithin(20_000), 1012, 'SIGTERM drains: clients are closed with 1012 (Service Restart)');
      assert.equal(await withTimeout(exited, 20_000, 'CLI exit'), 0);
    } finally {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits on SIGTERM under npx (npm runs it through sh -c): clients get 1012 (drain) and the port closes', async () => {
    // What `npm install @rtc-room/server` leaves in a project: the package and an executable bin link.
    const dir = await mkdtemp(path.join(tmpdir(), 'rtc-room-npx-'));
    const packageDir = path.dirname(path.dirname(cliPath));
    await writeFile(path.join(dir, 'package.json'), '{"name":"npx-test","version":"1.0.0","private":true}');
    await mkdir(path.join(dir, 'node_modules', '.bin'), { recursive: true });
    await mkdir(path.join(dir, 'node_modules', '@rtc-room'));
    await symlink(packageDir, path.join(dir, 'node_modules', '@rtc-room', 'server'));
    await symlink('../@rtc-room/server/dist/cli.js', path.join(dir, 'node_modules', '.bin', 'rtc-room-server'));
    await chmod(path.join(packageDir, 'dist', 'cli.js'), 0o755); // as npm does for a bin on install
    // `--no`: use the local bin, never the registry.
    const npx = spawn('npx', ['--no', '--', 'rtc-room-server', '--port', '0', '--host', '127.0.0.1'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so that cleanup reaches an orphaned server too
    });
    let port: number | undefined;
    try {
      let stdout = '';
      npx.stdout.setEncoding('utf8');
      port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start line; stdout: ${stdout}`)), 30_000);
        npx.stdout.on('data', (chunk: string) => {
          stdout += chunk;
          const match = /listening on http:\/\/localhost:(\d+)/.exec(stdout);
          if (match) {
            clearTimeout(timer);
            resolve(Number(match[1]));
          }
        });
        npx.on('exit', () => reject(new Error(`npx exited early; stdout: ${stdout}`)));
      });
      const client = await connect(`ws://127.0.0.1:${port}/ws`);
      assert.equal((await client.join('r', 'Alice'))['type'], 'joined');
      npx.kill('SIGTERM');
      assert.equal(await client.closedWithin(10_000), 1012, 'SIGTERM drains: clients are closed with 1012 (Service Restart)');
      // The server process is gone: its port refuses connections (bounded wait, the exit follows the close).
      let refused = false;
      for (let i = 0; i < 50 && !refused; i++) {
        refused = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          () => false,
          () => true,
        );
        if (!refused) await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(refused, 'the server behind npx exited');
    } finally {
      try {
        if (npx.pid !== undefined) process.kill(-npx.pid, 'SIGKILL');
      } catch {
        // the group is gone already
      }
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
