// Run by `npm test` (step "docs"): scripts/test.mjs itself. CI on 7de0c1b ran every stage green, then failed with
// "ReferenceError: Cannot access 'recaps' before initialization": a top-level `const` was declared below the
// `await main()` that read it (module code runs top to bottom; a `const` is in its temporal dead zone until then).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const source = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'test.mjs'), 'utf8');

test('scripts/test.mjs declares every top-level const, let and class before the statement that runs main()', () => {
  const lines = source.split('\n');
  const dispatch = lines.findIndex((line) => /^\s*await main\(\)/.test(line));
  assert.ok(dispatch > 0, 'test.mjs runs `await main()` at top level');
  const after = lines
    .slice(dispatch)
    .map((line, i) => ({ line, n: dispatch + i + 1 }))
    .filter(({ line }) => /^(const|let|class|var)\s/.test(line));
  assert.deepEqual(after, [], 'top-level declarations below `await main()` are not initialized when main() runs');
});

test('scripts/test.mjs parses (node --check)', async () => {
  const { spawnSync } = await import('node:child_process');
  const result = spawnSync(process.execPath, ['--check', join(dirname(fileURLToPath(import.meta.url)), 'test.mjs')], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
});
