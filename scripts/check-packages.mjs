#!/usr/bin/env node
// Package hygiene for every published workspace (whatever `workspaces` lists, so new packages are checked without
// editing this file; `"private": true` ones such as examples/* are never published and are skipped): `npm pack`
// each one once, then, on exactly what would be published and without network,
// - publint (strict: warnings fail too) — `exports`, `types`, `files`, `sideEffects`-style mistakes;
// - arethetypeswrong (@arethetypeswrong/core, profile "esm-only": our packages are ESM-only, so the node10 and
//   require() resolutions are not checked) — every `exports` entry resolves to types that match the JavaScript.
// Also requires what publint does not: `exports` (with `types` first in each condition object), `sideEffects`
// and `files`. Ends with `packages: N passed, N failed`; exits 1 on any failure. Used by `npm test`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const IGNORED_RESOLUTIONS = new Set(['node10', 'node16-cjs']); // attw's "esm-only" profile

const out = mkdtempSync(join(tmpdir(), 'rtc-room-pack-'));
let passed = 0;
let failed = 0;
try {
  const pack = spawnSync('npm', ['pack', '--workspaces', '--json', '--pack-destination', out], {
    cwd: root,
    encoding: 'utf8',
  });
  if (pack.status !== 0) {
    console.error(`npm pack failed:\n${pack.stderr}`);
    process.exit(1);
  }
  const packed = JSON.parse(pack.stdout);
  for (const { name, filename, files } of packed) {
    const problems = [];
    const tarball = readFileSync(join(out, filename));
    // publint on the tarball; it also hands back the packed package.json, which our own rules read.
    const { messages, pkg } = await publint({ pack: { tarball: new Uint8Array(tarball).buffer }, strict: true, level: 'warning' });
    if (pkg.private === true) {
      console.log(`skip ${name}: private (never published)`);
      continue;
    }
    for (const m of messages) {
      if (m.type === 'suggestion') continue;
      problems.push(`publint ${m.type}: ${formatMessage(m, pkg, { color: false }) ?? m.code}`);
    }

    // Our own rules.
    if (!pkg.exports) problems.push('no "exports" map');
    if (pkg.customElements && !files.some((f) => f.path === pkg.customElements)) {
      problems.push(`"customElements" names ${pkg.customElements}, which is not in the package ("files")`);
    }
    for (const [key, target] of Object.entries(pkg.exports ?? {})) {
      if (target && typeof target === 'object' && !key.endsWith('package.json')) {
        const conditions = Object.keys(target);
        if (conditions[0] !== 'types') problems.push(`exports["${key}"]: "types" must come first (has ${conditions.join(', ')})`);
      }
    }
    if (!('sideEffects' in pkg)) problems.push('no "sideEffects" field');
    if (!Array.isArray(pkg.files)) problems.push('no "files" list');
    const stray = files.map((f) => f.path).filter((p) => /(^|\/)(test-support|\.test-build)\/|\.test\.(js|d\.ts)$|\.tsbuildinfo$/.test(p));
    if (stray.length > 0) problems.push(`ships test files: ${stray.slice(0, 5).join(', ')}${stray.length > 5 ? ', …' : ''}`);

    // arethetypeswrong on the tarball.
    const analysis = await checkPackage(createPackageFromTarballData(new Uint8Array(tarball)));
    if (!analysis.types) problems.push('attw: the package has no types');
    else {
      for (const p of analysis.problems) {
        if ('resolutionKind' in p && IGNORED_RESOLUTIONS.has(p.resolutionKind)) continue;
        problems.push(`attw ${p.kind}${'entrypoint' in p ? ` at "${p.entrypoint}"` : ''}${'resolutionKind' in p ? ` (${p.resolutionKind})` : ''}`);
      }
    }

    const entrypoints = analysis.types ? Object.keys(analysis.entrypoints).length : 0;
    if (problems.length === 0) {
      passed += 1;
      console.log(`ok   ${name}: ${files.length} files, ${entrypoints} entry points; publint and attw clean`);
    } else {
      failed += 1;
      console.log(`FAIL ${name}:`);
      for (const p of problems) console.log(`     - ${p}`);
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
console.log(`packages: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
