// Run by `npm test` (step "docs"): the checked-in documents that are generated from the code are up to date, and
// the hand-written guides cover what the code defines. ~15–25 s, most of it TypeDoc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from './docs.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path) => readFileSync(join(root, path), 'utf8');

function walk(dir, keep) {
  const out = [];
  for (const entry of readdirSync(join(root, dir))) {
    const path = join(dir, entry);
    if (statSync(join(root, path)).isDirectory()) out.push(...walk(path, keep));
    else if (keep(path)) out.push(path);
  }
  return out;
}

test('custom-elements.json, docs/reference/elements and docs/api are what `npm run docs` generates', { timeout: 120_000 }, async () => {
  const stale = await check();
  assert.deepEqual(stale, [], `stale generated docs — run \`npm run docs\` and commit:\n  ${stale.join('\n  ')}`);
});

/** Every error code the code can produce, by where it is defined. */
export function errorCodes() {
  const union = (text, name) => {
    const body = new RegExp(`export type ${name} =([^;]+);`).exec(text)?.[1];
    assert.ok(body, `type ${name} not found`);
    return [...body.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]);
  };
  const core = union(read('packages/core/src/errors/RtcError.ts'), 'RtcErrorCode');
  const list = (name) => {
    const body = new RegExp(`export const ${name} = \\[([^\\]]+)\\]`).exec(read('packages/protocol/src/errors.ts'))?.[1];
    assert.ok(body, `${name} not found in packages/protocol/src/errors.ts`);
    return [...body.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]);
  };
  return { core, server: list('ERROR_CODES'), sfu: list('SFU_ERROR_CODES') };
}

/** The keys of a valibot schema's object entries, at the top level, and anywhere in it (nested objects). */
function schemaKeys(schema) {
  const top = new Map(); // key -> optional?
  const all = new Set();
  const walk = (node, depth) => {
    if (!node || typeof node !== 'object') return;
    if (node.entries) {
      for (const [key, entry] of Object.entries(node.entries)) {
        all.add(key);
        if (depth === 0) top.set(key, entry.type === 'optional');
        walk(entry, depth + 1);
      }
    }
    for (const child of [node.wrapped, node.item, node.value, ...(node.options ?? [])]) walk(child, depth + (node.options ? 0 : 1));
  };
  walk(schema, 0);
  return { top, all };
}

test('docs/server.md message tables match the @rtc-room/protocol schemas (every message, every field, optional marks)', async () => {
  const protocol = await import('../packages/protocol/dist/index.js');
  const variants = (schema) => schema.options.flatMap((o) => (o.type === 'variant' ? o.options : [o]));
  const nameOf = (entries) =>
    [entries.type.literal, entries.op?.literal, entries.event?.literal].filter(Boolean).join(' ');
  const schemas = {
    client: new Map(variants(protocol.ClientMessageSchema).map((s) => [nameOf(s.entries), s])),
    server: new Map(variants(protocol.ServerMessageSchema).map((s) => [nameOf(s.entries), s])),
  };
  const seen = { client: new Set(), server: new Set() };
  const problems = [];
  let side;
  for (const line of read('docs/server.md').split('\n')) {
    if (/Client → server/.test(line)) side = 'client';
    else if (/Server → client/.test(line)) side = 'server';
    const cell = /^\| `(\{ "type": .*?\})` \|/.exec(line)?.[1];
    if (!cell || !side) continue;
    const literal = (key) => new RegExp(`"${key}": "([a-z-]+)"`).exec(cell)?.[1];
    const name = [literal('type'), literal('op'), literal('event')].filter(Boolean).join(' ');
    const schema = schemas[side].get(name);
    if (!schema) {
      problems.push(`${side} row "${name}" has no schema`);
      continue;
    }
    seen[side].add(name);
    const { top, all } = schemaKeys(schema);
    // Keys are quoted words not in value position (after `: ` or `| `).
    const keys = [...cell.matchAll(/(?<!: |\\\| |\| )"([A-Za-z]+)"(\??)/g)].map((m) => ({ key: m[1], optional: m[2] === '?' }));
    for (const [key, optional] of top) {
      const documented = keys.find((k) => k.key === key);
      if (!documented) problems.push(`${side} ${name}: field "${key}" is not documented`);
      else if (documented.optional !== optional) problems.push(`${side} ${name}: "${key}" is ${optional ? '' : 'not '}optional in the schema`);
    }
    for (const { key } of keys) if (!all.has(key)) problems.push(`${side} ${name}: documented field "${key}" is not in the schema`);
  }
  for (const s of ['client', 'server']) {
    for (const name of schemas[s].keys()) if (!seen[s].has(name)) problems.push(`${s} message "${name}" has no row`);
  }
  assert.ok(seen.client.size > 10 && seen.server.size > 10, 'the tables were found');
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('docs/guides/errors.md lists every error code (RtcErrorCode, server ERROR_CODES, SFU reply codes)', () => {
  const guide = read('docs/guides/errors.md');
  const { core, server, sfu } = errorCodes();
  assert.ok(core.length > 10 && server.length > 10 && sfu.length >= 4, 'the code lists were found');
  // Each code must have a row of its own: a table line starting with `| \`code\``.
  const rows = new Set([...guide.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]));
  const missing = [
    ...core.filter((c) => !rows.has(c)).map((c) => `RtcErrorCode ${c}`),
    ...server.filter((c) => !rows.has(c)).map((c) => `server ${c}`),
    ...sfu.filter((c) => !rows.has(c)).map((c) => `sfu-reply ${c}`),
  ];
  assert.deepEqual(missing, [], `codes without a row in docs/guides/errors.md: ${missing.join(', ')}`);
});

test('every --rtc-* custom property the elements read is documented in the manifest', () => {
  const manifest = JSON.parse(read('packages/elements/custom-elements.json'));
  const documented = new Set(
    manifest.modules.flatMap((m) => m.declarations ?? []).flatMap((d) => d.cssProperties ?? []).map((p) => p.name),
  );
  const used = new Set();
  for (const file of walk('packages/elements/src', (p) => p.endsWith('.styles.ts') || p.endsWith('.component.ts'))) {
    for (const m of read(file).matchAll(/var\((--rtc-[a-z0-9-]+)/g)) used.add(m[1]);
  }
  assert.ok(used.size > 10);
  const missing = [...used].filter((p) => !documented.has(p)).sort();
  assert.deepEqual(missing, [], `add a @cssproperty line to a component's JSDoc for: ${missing.join(', ')}`);
});

const SCREENSHOTS = ['demo-1.png', 'demo-2.png', 'demo-4.png', 'themed.png', 'participants.png', 'prejoin.png', 'quality-lost.png', 'phone.png'];

test('the screenshots exist (npm run screenshots) and are shown in the README and the guides', () => {
  const docs = walk('docs', (p) => p.endsWith('.md') && !p.startsWith(join('docs', 'api')));
  const texts = Object.fromEntries(['README.md', ...docs].map((p) => [p, read(p)]));
  for (const name of SCREENSHOTS) {
    const path = join(root, 'docs/images', name);
    assert.ok(existsSync(path), `docs/images/${name} is missing: run \`npm run screenshots\``);
    const png = readFileSync(path);
    assert.equal(png.subarray(1, 4).toString(), 'PNG', `${name} is a PNG`);
    assert.ok(png.readUInt32BE(16) >= (name === 'phone.png' ? 390 : 1000), `${name} is a full-size screenshot`);
    const shownIn = Object.entries(texts).filter(([, text]) => text.includes(`images/${name}`)).map(([p]) => p);
    assert.ok(shownIn.length > 0, `docs/images/${name} is not shown in any guide`);
  }
  assert.match(texts['README.md'], /!\[[^\]]*\]\(docs\/images\/[a-z0-9-]+\.png\)/, 'the README shows a screenshot');
});

test('relative links in the README and docs/ point at files that exist', () => {
  const files = ['README.md', 'CHANGELOG.md', ...walk('docs', (p) => p.endsWith('.md'))];
  const broken = [];
  for (const file of files) {
    const text = read(file).replace(/```[\s\S]*?```/g, '');
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1].split('#')[0];
      if (!target || /^[a-z]+:/i.test(target)) continue;
      const resolved = join(dirname(join(root, file)), decodeURI(target));
      if (!existsSync(resolved)) broken.push(`${file} → ${m[1]}`);
    }
  }
  assert.deepEqual(broken, [], `broken links:\n  ${broken.join('\n  ')}`);
});

test('the guides are linked from the README', () => {
  const readme = read('README.md');
  const guides = walk('docs/guides', (p) => p.endsWith('.md')).map((p) => relative(root, join(root, p)));
  const missing = guides.filter((g) => !readme.includes(g));
  assert.deepEqual(missing, [], `not linked from README.md: ${missing.join(', ')}`);
});
