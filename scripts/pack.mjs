#!/usr/bin/env node
// `npm run pack`: release tarballs that install before the packages are on a registry. Builds (unless --no-build),
// `npm pack`s every published workspace (not the `"private": true` ones) and writes one `rtc-room-<name>-<version>.tgz`
// per package into `release/` (or `--out DIR`), each with the repository's LICENSE.
//
// In these tarballs every dependency on another @rtc-room package (also peer dependencies) names its sibling
// tarball, `"@rtc-room/core": "file:rtc-room-core-0.1.0.tgz"`: npm resolves a `file:` dependency of a tarball next
// to that tarball, so `npm install ./release/rtc-room-elements-0.1.0.tgz` alone brings core, janus and protocol from
// the same folder (and third-party dependencies such as `lit` from the registry). Keep the tarballs together.
// What `npm publish` would ship is unchanged (plain version ranges; `npm run check:packages` checks it).
//
// Usage: node scripts/pack.mjs [--out DIR] [--no-build]   Prints one line per tarball and the install command.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The release tarball's file name for a package (npm's own: `@rtc-room/core@0.1.0` → `rtc-room-core-0.1.0.tgz`). */
export function tarballName(name, version) {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

/**
 * Rewrites a packed package.json for the release folder: `@rtc-room/*` dependencies and peer dependencies point at
 * the sibling tarballs (`file:rtc-room-core-0.1.0.tgz`). `versions` maps each package name to its version.
 * @returns the new package.json object (the input is not changed)
 */
export function releaseManifest(pkg, versions) {
  const out = { ...pkg };
  for (const field of ['dependencies', 'peerDependencies']) {
    if (!pkg[field]) continue;
    out[field] = { ...pkg[field] };
    for (const dep of Object.keys(pkg[field])) {
      if (!versions.has(dep)) continue;
      out[field][dep] = `file:${tarballName(dep, versions.get(dep))}`;
    }
  }
  return out;
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', ...options });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${result.status}):\n${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

/**
 * Packs every published workspace into `outDir` as release tarballs.
 * @returns `[{ name, version, file, dependencies }]`, `dependencies` being the names of its @rtc-room dependencies
 */
export function packRelease(outDir, { build = true } = {}) {
  if (build) {
    run(join(root, 'node_modules/.bin/tsc'), ['-b'], { stdio: 'inherit' });
    run(join(root, 'node_modules/.bin/rollup'), ['-c', 'rollup.config.mjs', '--silent'], { stdio: 'inherit' });
  }
  mkdirSync(outDir, { recursive: true });
  const stage = mkdtempSync(join(tmpdir(), 'rtc-room-release-'));
  try {
    const packed = JSON.parse(run('npm', ['pack', '--workspaces', '--json', '--pack-destination', stage]));
    const manifests = packed.map(({ filename }) => {
      const dir = join(stage, filename.replace(/\.tgz$/, ''));
      mkdirSync(dir);
      run('tar', ['-xzf', join(stage, filename), '-C', dir]);
      return { dir, pkg: JSON.parse(readFileSync(join(dir, 'package', 'package.json'), 'utf8')) };
    });
    const published = manifests.filter(({ pkg }) => pkg.private !== true);
    const versions = new Map(published.map(({ pkg }) => [pkg.name, pkg.version]));
    const result = [];
    for (const { dir, pkg } of published) {
      const manifest = releaseManifest(pkg, versions);
      writeFileSync(join(dir, 'package', 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      copyFileSync(join(root, 'LICENSE'), join(dir, 'package', 'LICENSE'));
      const file = join(outDir, tarballName(pkg.name, pkg.version));
      // --owner/--group/--mtime: the same bytes for the same build, whoever packs it.
      run('tar', ['-czf', file, '--owner=0', '--group=0', '--numeric-owner', '--mtime=1985-10-26 08:15:00Z', '--sort=name', '-C', dir, 'package']);
      const internal = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }).filter((d) => versions.has(d));
      result.push({ name: pkg.name, version: pkg.version, file, dependencies: internal });
    }
    return result;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'no-build': { type: 'boolean' } } });
  const outDir = resolve(values.out ?? join(root, 'release'));
  const tarballs = packRelease(outDir, { build: !values['no-build'] });
  for (const t of tarballs) console.log(`${t.file}${t.dependencies.length ? `  (with ${t.dependencies.join(', ')})` : ''}`);
  console.log(`\n${tarballs.length} tarballs in ${outDir}. Keep them in one folder; install any of them from your app, e.g.`);
  console.log(`  npm install ${join(outDir, tarballName('@rtc-room/elements', versionOf(tarballs, '@rtc-room/elements')))}`);
}

function versionOf(tarballs, name) {
  return tarballs.find((t) => t.name === name)?.version ?? '0.1.0';
}
