#!/usr/bin/env node
// `npm test`: builds, then runs every suite and prints one closing line `N passed, N failed`, after the time each
// stage took. Two lanes run at once on a 2-core machine: lane 1 is the browser suite (web-test-runner: Debian's
// Chromium and Firefox ESR side by side, each in a network namespace of its own); lane 2 is everything without a
// browser (test type-check, docs, size budgets, package hygiene, the server suite), whose output is printed as each
// stage ends. The e2e suite (node:test + Playwright/puppeteer, up to four browsers) runs after both lanes, alone.
// No two stages share a port (every server binds port 0) or a Janus RTP range.
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

/** One stage of the run: its name, what it took, and the passed/failed it counts. */
const stages = [];

/**
 * What each failure said, printed again just before the closing line: CI logs keep the end of a long output, and a
 * buffered stage's failure is otherwise printed minutes before the end, amid the browser suite's progress.
 */
const recaps = [];

/** Keeps the end of `text` (at most `max` characters) for the failure recap. */
function recap(name, text, max = 6000) {
  if (text.trim()) recaps.push(`## ${name}\n${text.length > max ? `…${text.slice(-max)}` : text}`);
}

/**
 * Runs `cmd`. `capture`: keep the output (to parse counts); `buffer`: print it only when the command ends, as one
 * block (for stages that run beside the browser suite, whose output streams).
 */
function run(cmd, cmdArgs, { capture = false, buffer = false, timeoutMs = 0, env = process.env } = {}) {
  return new Promise((resolvePromise) => {
    const piped = capture || buffer;
    const child = spawn(cmd, cmdArgs, { cwd: root, stdio: piped ? ['ignore', 'pipe', 'pipe'] : 'inherit', env });
    // A hung suite must fail the run, not hold CI until its own limit.
    const timer = timeoutMs > 0
      ? setTimeout(() => {
          console.error(`${cmd} ${cmdArgs.join(' ')}: no end after ${timeoutMs / 1000} s; killed.`);
          child.kill('SIGKILL');
        }, timeoutMs)
      : undefined;
    child.on('exit', () => clearTimeout(timer));
    let out = '';
    if (piped) {
      child.stdout.on('data', (d) => { out += d; if (!buffer) process.stdout.write(d); });
      child.stderr.on('data', (d) => { out += d; if (!buffer) process.stderr.write(d); });
    }
    const done = (code) => {
      if (buffer && out) process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
      resolvePromise({ code, out });
    };
    child.on('error', (error) => {
      // e.g. a missing binary: `npm ci` was not run
      console.error(`cannot run ${cmd}: ${error.message}`);
      done(1);
    });
    child.on('exit', (code) => done(code ?? 1));
  });
}

/** node:test's summary counts; a failed run without them counts as one failure. */
function nodeTestCounts(result, name = 'node:test') {
  const pass = /^ℹ pass (\d+)/m.exec(result.out);
  const fail = /^ℹ fail (\d+)/m.exec(result.out);
  const counts = { passed: pass ? Number(pass[1]) : 0, failed: fail ? Number(fail[1]) : result.code === 0 ? 0 : 1 };
  if (counts.failed > 0) {
    // The spec reporter ends with "✖ failing tests:" and each failure's error and stack.
    const at = result.out.lastIndexOf('✖ failing tests:');
    recap(name, at >= 0 ? result.out.slice(at).replace(/^ℹ (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms).*\n?/gm, '') : result.out);
  }
  return counts;
}

/** web-test-runner's failures: each "❌ test" line and the error lines under it. */
function browserFailures(out) {
  const lines = out.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').split('\n');
  const kept = [];
  lines.forEach((line, i) => {
    if (/❌|^\s*(Error|AssertionError|TypeError)\b|Browser .* failed|timed out/.test(line)) {
      kept.push(...lines.slice(i === 0 ? 0 : i - 1, i + 6), '');
    }
  });
  return kept.join('\n');
}

/** Runs `body` as a stage named `name`; `body` resolves with `{ passed, failed }`. */
async function stage(name, body) {
  const started = Date.now();
  const counts = await body();
  const seconds = Math.round((Date.now() - started) / 1000);
  stages.push({ name, seconds, ...counts });
  console.log(`# ${name}: ${counts.passed} passed, ${counts.failed} failed, ${seconds} s`);
  return counts;
}

async function main() {
  const bin = (name) => resolve(root, 'node_modules/.bin', name);
  const started = Date.now();
  const { readFileSync, readdirSync, rmSync } = await import('node:fs');

  console.log(`# build${inNamespace() ? ' (inside a private network namespace)' : ''}`);
  await stage('build (tsc -b, rollup)', async () => {
    const build = await run(bin('tsc'), ['-b']);
    if (build.code !== 0) {
      console.log('0 passed, 1 failed');
      process.exit(1);
    }
    const bundle = await run(bin('rollup'), ['-c', 'rollup.config.mjs', '--silent']);
    return { passed: 0, failed: bundle.code === 0 ? 0 : 1 };
  });

  // Lane 2: no browser. Its output is buffered per stage (the browser suite streams meanwhile).
  const checks = async () => {
    await stage('type-check tests (tsc -p tsconfig.test.json)', async () => {
      const types = await run(bin('tsc'), ['-p', 'tsconfig.test.json'], { buffer: true });
      return { passed: types.code === 0 ? 1 : 0, failed: types.code === 0 ? 0 : 1 };
    });
    await stage('docs: generated files up to date, every error code and screenshot in the guides, the order of test.mjs itself (scripts/docs.test.mjs, scripts/test-script.test.mjs)', async () =>
      nodeTestCounts(await run(process.execPath, ['--test', '--test-reporter=spec', 'scripts/docs.test.mjs', 'scripts/test-script.test.mjs'], { buffer: true, timeoutMs: 300_000 }), 'docs'),
    );
    const scripts = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).scripts ?? {};
    if (scripts.size) {
      await stage('size budgets (size-limit)', async () => {
        const size = await run('npm', ['run', '--silent', 'size'], { buffer: true });
        return { passed: size.code === 0 ? 1 : 0, failed: size.code === 0 ? 0 : 1 };
      });
    }
    await stage('package hygiene (npm pack, publint, arethetypeswrong: every workspace, offline)', async () => {
      const hygiene = await run(process.execPath, ['scripts/check-packages.mjs'], { buffer: true, timeoutMs: 600_000 });
      const packages = /^packages: (\d+) passed, (\d+) failed/m.exec(hygiene.out);
      const counts = { passed: packages ? Number(packages[1]) : 0, failed: packages ? Number(packages[2]) : 0 };
      if (hygiene.code !== 0 && counts.failed === 0) counts.failed = 1;
      return counts;
    });
    await stage('release tarballs install one by one in a fresh app (scripts/pack.test.mjs, offline)', async () =>
      nodeTestCounts(await run(process.execPath, ['--test', '--test-reporter=spec', 'scripts/pack.test.mjs'], { buffer: true, timeoutMs: 600_000 }), 'release tarballs'),
    );
    await stage('server tests (node:test, compiled by tsc -p tsconfig.server-test.json)', async () => {
      rmSync(resolve(root, 'packages/server/.test-build'), { recursive: true, force: true });
      const compiled = await run(bin('tsc'), ['-p', 'tsconfig.server-test.json'], { buffer: true });
      const serverTests = readdirSync(resolve(root, 'packages/server/test'))
        .filter((f) => f.endsWith('.test.ts'))
        .map((f) => `packages/server/.test-build/test/${f.replace(/\.ts$/, '.js')}`);
      const counts = nodeTestCounts(
        await run(process.execPath, ['--test', '--test-reporter=spec', ...serverTests], { buffer: true, timeoutMs: 600_000 }),
        'server tests',
      );
      if (compiled.code !== 0) counts.failed += 1;
      return counts;
    });
  };

  // Lane 1: the browser suite (web-test-runner.config.mjs; RTC_TEST_BROWSERS picks one): packages/*/src/**/*.test.ts,
  // the system tests in e2e/browser/ and the copy-me examples. Inside the test namespace Chromium and Firefox run at
  // the same time, each web-test-runner in a network namespace of its own (Firefox's nested in this one): each has
  // its own servers, coturn, Janus nodes and RTP ports, and the fault-injection tests (a killed Janus, a frozen TURN
  // path) cannot hit the other browser's calls. Without a namespace they run one after the other in one process.
  const browserNames = (process.env.RTC_TEST_BROWSERS ?? 'chromium,firefox').split(',').filter(Boolean);
  const browsers = () =>
    stage(`browser tests (web-test-runner: ${browserNames.join(' + ')}${inNamespace() && browserNames.length > 1 ? ', side by side' : ''})`, async () => {
      const missing = [
        ['chromium', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', 'chromium', 'CHROMIUM_PATH'],
        ['firefox', process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', 'firefox-esr', 'FIREFOX_PATH'],
      ].filter(([name, path]) => browserNames.includes(name) && !existsSync(path));
      if (missing.length) {
        for (const [, path, pkg, env] of missing) console.error(`${pkg} not found at ${path} (apt-get install -y ${pkg}, or set ${env}).`);
        return { passed: 0, failed: missing.length };
      }
      const wtr = ['--config', 'web-test-runner.config.mjs', ...args];
      const lanes =
        inNamespace() && browserNames.length > 1
          ? browserNames.map((name, i) => {
              const env = { ...process.env, RTC_TEST_BROWSERS: name };
              // The first browser streams its output; the others print theirs as one block when they end.
              if (i === 0) return run(bin('web-test-runner'), wtr, { capture: true, timeoutMs: 2_400_000, env });
              const script = `${NAMESPACE_SETUP} && exec "${bin('web-test-runner')}" "$@"`;
              return run('unshare', ['-n', 'sh', '-c', script, 'sh', ...wtr], { buffer: true, timeoutMs: 2_400_000, env });
            })
          : [run(bin('web-test-runner'), wtr, { capture: true, timeoutMs: 2_400_000 })];
      const results = await Promise.all(lanes);
      // web-test-runner prints a progress line per browser as it goes ("Chromium: |…| 47/47 test files | 233 passed,
      // 0 failed"), and no total for all browsers: the last line of each browser is its count, and the run's is their sum.
      const counts = { passed: 0, failed: 0 };
      for (const result of results) {
        const perBrowser = new Map();
        for (const m of result.out.matchAll(/(Chromium|Firefox|WebKit):\s+\|[^|\n]*\|[^|\n]*\| (\d+) passed, (\d+) failed/g)) {
          perBrowser.set(m[1], { passed: Number(m[2]), failed: Number(m[3]) });
        }
        const before = counts.failed;
        for (const c of perBrowser.values()) (counts.passed += c.passed), (counts.failed += c.failed);
        if (result.code !== 0 && counts.failed === before) counts.failed += 1;
        if (counts.failed > before) recap(`browser tests (${[...perBrowser.keys()].join(', ') || 'web-test-runner'})`, browserFailures(result.out) || result.out.slice(-6000));
      }
      return counts;
    });

  await Promise.all([browsers(), checks()]);

  await stage('end-to-end: the demo, the React and Vue examples, the docs screenshots, Chromium + Firefox calls (node:test)', async () => {
    // Only e2e/*.test.mjs (node:test driving browsers); e2e/browser/*.test.ts run in the browser suite.
    const e2eFiles = readdirSync(resolve(root, 'e2e')).filter((f) => f.endsWith('.test.mjs')).map((f) => `e2e/${f}`);
    // The demo (~30 s), the framework examples (type-check and build both, then four calls: ~1–2 min), the docs
    // screenshots (four calls, up to four browsers: ~1–2 min), the mixed-browser calls (~30 s).
    return nodeTestCounts(await run(process.execPath, ['--test', '--test-reporter=spec', ...e2eFiles], { capture: true, timeoutMs: 900_000 }), 'end-to-end');
  });

  const passed = stages.reduce((n, s) => n + s.passed, 0);
  const failed = stages.reduce((n, s) => n + s.failed, 0);
  if (recaps.length) {
    console.log('# failures, as each suite reported them:');
    for (const text of recaps) console.log(text);
  }
  console.log('# stages (the browser suite and the checks ran at the same time):');
  for (const s of stages) console.log(`#   ${String(s.seconds).padStart(5)} s  ${s.name}`);
  console.log(`#   ${String(Math.round((Date.now() - started) / 1000)).padStart(5)} s  in all`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

// Last, so every top-level declaration above is initialized before main() reads it (CI on 7de0c1b: a `const` declared
// below this point threw a ReferenceError after every stage had passed).
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
