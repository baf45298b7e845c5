#!/usr/bin/env node
// Runs a command several times in a row while every core is kept busy, to show that a suite's verdict does not
// depend on how fast the machine is. The load is this script's own children (one busy loop per core, at normal
// priority), started before the first run and stopped by PID after the last, whatever happens.
//
//   node scripts/stress.mjs [--runs 3] [--load N] -- npm test
//   node scripts/stress.mjs --runs 3 -- npm run test:server
//
// Prints each run's exit code and duration, and the load average seen; exits non-zero unless every run passed.
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
if (sep < 0 || sep === argv.length - 1) {
  console.error('usage: node scripts/stress.mjs [--runs N] [--load N] -- command [args…]');
  process.exit(2);
}
const flag = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && i < sep ? Number(argv[i + 1]) : fallback;
};
const runs = flag('--runs', 3);
const load = flag('--load', availableParallelism());
const [cmd, ...cmdArgs] = argv.slice(sep + 1);

const burners = Array.from({ length: load }, () =>
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
);
const stopBurners = () => {
  for (const b of burners) if (b.exitCode === null && b.signalCode === null) b.kill('SIGKILL');
};
process.once('exit', stopBurners);
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => (stopBurners(), process.exit(130)));
console.log(`# stress: ${load} busy loop(s) (PIDs ${burners.map((b) => b.pid).join(', ')}), ${runs} run(s) of: ${[cmd, ...cmdArgs].join(' ')}`);

const results = [];
for (let i = 1; i <= runs; i++) {
  const started = Date.now();
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, loadavg()[0])), 5000);
  const code = await new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('exit', (c) => resolve(c ?? 1));
  });
  clearInterval(sampler);
  peak = Math.max(peak, loadavg()[0]);
  const seconds = Math.round((Date.now() - started) / 1000);
  results.push({ i, code, seconds, peak });
  console.log(`# stress: run ${i}/${runs}: exit ${code}, ${seconds} s, load average up to ${peak.toFixed(1)}`);
}
stopBurners();
for (const r of results) console.log(`# stress: run ${r.i}: ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`} in ${r.seconds} s (load ≤ ${r.peak.toFixed(1)})`);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
