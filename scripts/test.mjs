#!/usr/bin/env node
// `npm test`: builds, then runs the server suite (node:test) and the browser suite (web-test-runner in
// Debian's Chromium), and prints one closing line `N passed, N failed`.
//
// WebRTC media must never leave the loopback interface on shared machines. When run as root on Linux with
// `unshare` available (CI, the project's own machines), this script re-executes itself inside a private
// network namespace whose only interface is `lo`; Chromium is started with
// --allow-loopback-in-peer-connection so its ICE candidates are 127.0.0.1. On a developer's laptop
// (not root) it runs as is. Set RTC_TEST_NO_NETNS=1 to skip the namespace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/**
 * The private namespace's interfaces: `lo`, and a veth pair v0/v1 (198.18.0.1/32 on v0, RFC 2544's benchmarking
 * range) with the default route on v0. Janus (libnice) never gathers loopback candidates and uses v0
 * (scripts/janus.mjs); Firefox gathers no ICE candidate at all in a namespace without a default route ("Couldn't
 * gather ICE candidates, error=3"). A packet sent to any other address leaves v0 for v1, whose far end is this
 * same namespace: nothing can reach the host's network.
 */
const NAMESPACE_SETUP = [
  'ip link set lo up',
  'ip link add v0 type veth peer name v1',
  'ip addr add 198.18.0.1/32 dev v0',
  'ip link set v0 up',
  'ip link set v1 up',
  'ip route add default dev v0',
].join(' && ');

function inNamespace() {
  return process.env.RTC_TEST_IN_NETNS === '1';
}

function canUnshare() {
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || process.env.RTC_TEST_NO_NETNS === '1') return false;
  return spawnSync('unshare', ['-n', 'true']).status === 0;
}

if (!inNamespace() && canUnshare()) {
  const script = `${NAMESPACE_SETUP} && exec "${process.execPath}" "${fileURLToPath(import.meta.url)}" "$@"`;
  const child = spawn('unshare', ['-n', 'sh', '-c', script, 'sh', ...args], {
    stdio: 'inherit',
    env: { ...process.env, RTC_TEST_IN_NETNS: '1' },
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await main();
}

function run(cmd, cmdArgs, { capture = false, timeoutMs = 0 } = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, cmdArgs, { cwd: root, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: process.env });
    // A hung suite must fail the run, not hold CI until its own limit.
    const timer = timeoutMs > 0
      ? setTimeout(() => {
          console.error(`${cmd} ${cmdArgs.join(' ')}: no end after ${timeoutMs / 1000} s; killed.`);
          child.kill('SIGKILL');
        }, timeoutMs)
      : undefined;
    child.on('exit', () => clearTimeout(timer));
    let out = '';
    if (capture) {
      child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
      child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
    }
    child.on('error', (error) => {
      // e.g. a missing binary: `npm ci` was not run
      console.error(`cannot run ${cmd}: ${error.message}`);
      resolvePromise({ code: 1, out });
    });
    child.on('exit', (code) => resolvePromise({ code: code ?? 1, out }));
  });
}

async function main() {
  const bin = (name) => resolve(root, 'node_modules/.bin', name);
  let passed = 0;
  let failed = 0;

  console.log(`# build${inNamespace() ? ' (inside a private network namespace: loopback only)' : ''}`);
  const build = await run(bin('tsc'), ['-b']);
  if (build.code !== 0) {
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const bundle = await run(bin('rollup'), ['-c', 'rollup.config.mjs', '--silent']);
  if (bundle.code !== 0) failed += 1;

  console.log('# type-check tests (tsc -p tsconfig.test.json)');
  const types = await run(bin('tsc'), ['-p', 'tsconfig.test.json']);
  if (types.code === 0) passed += 1;
  else failed += 1;

  console.log('# docs: generated files up to date, every error code and screenshot in the guides (scripts/docs.test.mjs)');
  const docs = await run(process.execPath, ['--test', '--test-reporter=spec', 'scripts/docs.test.mjs'], {
    capture: true,
    timeoutMs: 180_000,
  });
  const docsPass = /^ℹ pass (\d+)/m.exec(docs.out);
  const docsFail = /^ℹ fail (\d+)/m.exec(docs.out);
  passed += docsPass ? Number(docsPass[1]) : 0;
  failed += docsFail ? Number(docsFail[1]) : docs.code === 0 ? 0 : 1;

  const { readFileSync } = await import('node:fs');
  const scripts = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).scripts ?? {};
  if (scripts.size) {
    console.log('# size budgets (size-limit)');
    const size = await run('npm', ['run', '--silent', 'size']);
    if (size.code === 0) passed += 1;
    else failed += 1;
  }

  console.log('# package hygiene (npm pack, publint, arethetypeswrong: every workspace, offline)');
  const hygiene = await run(process.execPath, ['scripts/check-packages.mjs'], { capture: true, timeoutMs: 300_000 });
  const packages = /^packages: (\d+) passed, (\d+) failed/m.exec(hygiene.out);
  passed += packages ? Number(packages[1]) : 0;
  failed += packages ? Number(packages[2]) : 0;
  if (hygiene.code !== 0 && (!packages || Number(packages[2]) === 0)) failed += 1;

  console.log('# server tests (node:test, compiled by tsc -p tsconfig.server-test.json)');
  const { readdirSync, rmSync } = await import('node:fs');
  rmSync(resolve(root, 'packages/server/.test-build'), { recursive: true, force: true });
  const compiled = await run(bin('tsc'), ['-p', 'tsconfig.server-test.json']);
  if (compiled.code !== 0) failed += 1;
  const serverTests = readdirSync(resolve(root, 'packages/server/test'))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `packages/server/.test-build/test/${f.replace(/\.ts$/, '.js')}`);
  const server = await run(process.execPath, ['--test', '--test-reporter=spec', ...serverTests], {
    capture: true,
    timeoutMs: 300_000,
  });
  const pass = /^ℹ pass (\d+)/m.exec(server.out);
  const fail = /^ℹ fail (\d+)/m.exec(server.out);
  passed += pass ? Number(pass[1]) : 0;
  failed += fail ? Number(fail[1]) : server.code === 0 ? 0 : 1;

  console.log('# end-to-end: the demo in separate pages, the React and Vue examples, the docs screenshots (node:test + Playwright)');
  const e2eFiles = readdirSync(resolve(root, 'e2e')).filter((f) => f.endsWith('.test.mjs')).map((f) => `e2e/${f}`);
  const e2e = await run(process.execPath, ['--test', '--test-reporter=spec', ...e2eFiles], {
    capture: true,
    // The demo (~30 s), the framework examples (type-check and build both, then four calls: ~1–2 min) and the
    // docs screenshots (four calls, up to four browsers: ~1–2 min).
    timeoutMs: 600_000,
  });
  const e2ePass = /^ℹ pass (\d+)/m.exec(e2e.out);
  const e2eFail = /^ℹ fail (\d+)/m.exec(e2e.out);
  passed += e2ePass ? Number(e2ePass[1]) : 0;
  failed += e2eFail ? Number(e2eFail[1]) : e2e.code === 0 ? 0 : 1;

  console.log('# browser tests (web-test-runner, Chromium)');
  if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    console.error('Chromium not found at /usr/bin/chromium (apt-get install -y chromium, or set CHROMIUM_PATH).');
    failed += 1;
  } else {
    const browser = await run(bin('web-test-runner'), ['--config', 'web-test-runner.config.mjs', ...args], {
      capture: true,
      timeoutMs: 1_200_000,
    });
    // web-test-runner prints "N passed, M failed" itself; take the last occurrence.
    const counts = [...browser.out.matchAll(/(\d+) passed, (\d+) failed/g)].pop();
    if (counts) {
      passed += Number(counts[1]);
      failed += Number(counts[2]);
    }
    if (browser.code !== 0 && (!counts || Number(counts[2]) === 0)) failed += 1;
  }

  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
