// The release tarballs of `npm run pack` (scripts/pack.mjs) install one by one in a fresh app outside the
// repository, as docs/guides/getting-started.md says: `npm install ./rtc-room-elements-0.1.0.tgz` alone brings
// @rtc-room/core (and janus, protocol) from the sibling tarballs, adding core next to it keeps one copy, Node imports
// both, and the server tarball's `npx rtc-room-server --version` runs.
//
// Offline (npm test runs in a network namespace): npm is run with --offline, and the third-party dependencies (lit,
// ws, jose, …) are copied into the app's node_modules from this repository's, exactly as the registry would give
// them; every @rtc-room package must come from the tarballs. Needs `npm run build` first (npm test builds).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { packRelease, releaseManifest } from './pack.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let work;
let tarballs;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'rtc-room-release-test-'));
  tarballs = packRelease(join(work, 'release'), { build: false });
});
after(() => rmSync(work, { recursive: true, force: true }));

/** The repository folder of package `name` as seen from `fromDir` (Node's lookup: node_modules upwards). */
function locate(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dir === dirname(dir)) throw new Error(`${name} not installed in the repository (from ${fromDir})`);
  }
}

/** Copies the third-party dependencies of the given workspaces (and theirs) into `app`/node_modules. */
function seedThirdParty(app, workspaceDirs) {
  const seen = new Set();
  const queue = workspaceDirs.map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }));
  while (queue.length > 0) {
    const { dir, pkg } = queue.shift();
    for (const name of Object.keys(pkg.dependencies ?? {})) {
      if (name.startsWith('@rtc-room/') || seen.has(name)) continue;
      seen.add(name);
      const from = locate(name, dir);
      cpSync(from, join(app, 'node_modules', name), { recursive: true, dereference: true });
      queue.push({ dir: from, pkg: JSON.parse(readFileSync(join(from, 'package.json'), 'utf8')) });
    }
  }
}

function newApp(name, workspaces) {
  const app = join(work, name);
  mkdirSync(join(app, 'node_modules'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }));
  cpSync(join(work, 'release'), app, { recursive: true });
  seedThirdParty(app, workspaces.map((w) => join(root, 'packages', w)));
  return app;
}

function npm(app, args) {
  const result = spawnSync('npm', [...args, '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app, encoding: 'utf8', timeout: 240_000 });
  assert.equal(result.status, 0, `npm ${args.join(' ')}:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

test('release tarballs name their @rtc-room dependencies as sibling files, and nothing else changes', () => {
  const names = tarballs.map((t) => t.name).sort();
  for (const expected of ['@rtc-room/core', '@rtc-room/elements', '@rtc-room/janus', '@rtc-room/protocol', '@rtc-room/server']) {
    assert.ok(names.includes(expected), `${expected} is packed (got ${names.join(', ')})`);
  }
  const versions = new Map([['@rtc-room/core', '0.1.0']]);
  const out = releaseManifest({ name: 'x', dependencies: { '@rtc-room/core': '0.1.0', lit: '^3.3.0' }, peerDependencies: { '@rtc-room/core': '0.1.0' } }, versions);
  assert.deepEqual(out.dependencies, { '@rtc-room/core': 'file:rtc-room-core-0.1.0.tgz', lit: '^3.3.0' });
  assert.deepEqual(out.peerDependencies, { '@rtc-room/core': 'file:rtc-room-core-0.1.0.tgz' });
  for (const t of tarballs) {
    const list = spawnSync('tar', ['-tzf', t.file], { encoding: 'utf8' }).stdout.split('\n');
    assert.ok(list.includes('package/LICENSE'), `${t.file} has the LICENSE`);
    assert.ok(list.includes('package/README.md'), `${t.file} has a README`);
  }
});

test('the elements tarball installs alone from a fresh app (core from its sibling), then core beside it keeps one copy', () => {
  const app = newApp('elements-app', ['elements', 'core', 'protocol', 'janus']);
  npm(app, ['install', './rtc-room-elements-0.1.0.tgz']);
  for (const name of ['core', 'elements', 'janus', 'protocol']) {
    assert.ok(existsSync(join(app, 'node_modules', '@rtc-room', name, 'package.json')), `@rtc-room/${name} installed`);
  }
  npm(app, ['install', './rtc-room-core-0.1.0.tgz', './rtc-room-elements-0.1.0.tgz']);
  assert.ok(!existsSync(join(app, 'node_modules', '@rtc-room', 'elements', 'node_modules')), 'one copy of core, at the top');
  writeFileSync(
    join(app, 'smoke.mjs'),
    [
      // Node has no MediaStream, so no Room is constructed here: the modules load and link, one core for both.
      "import { Room, RtcError } from '@rtc-room/core';",
      "import { RtcRoomElement } from '@rtc-room/elements';",
      "import { createRequire } from 'node:module';",
      "const require = createRequire(import.meta.url);",
      "console.log(JSON.stringify({ room: typeof Room, element: typeof RtcRoomElement, error: new RtcError('room-full', 'x').code, core: require.resolve('@rtc-room/core/package.json') }));",
    ].join('\n'),
  );
  const run = spawnSync(process.execPath, ['smoke.mjs'], { cwd: app, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.deepEqual({ ...out, core: undefined }, { room: 'function', element: 'function', error: 'room-full', core: undefined });
  assert.equal(out.core, join(app, 'node_modules', '@rtc-room', 'core', 'package.json'));
  const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  assert.equal(manifest.dependencies['@rtc-room/elements'], 'file:rtc-room-elements-0.1.0.tgz');
});

test('the server tarball installs alone and `npx rtc-room-server --version` runs', () => {
  const app = newApp('server-app', ['server', 'protocol', 'janus']);
  npm(app, ['install', './rtc-room-server-0.1.0.tgz']);
  const version = JSON.parse(readFileSync(join(root, 'packages/server/package.json'), 'utf8')).version;
  const run = spawnSync('npx', ['--no', '--offline', '--', 'rtc-room-server', '--version'], { cwd: app, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), version);
});
