// Bundle sizes: every library is bundled the same way in the same run (esbuild --bundle --minify --format=esm
// --platform=browser, an entry that re-exports only the named API so tree-shaking is equal), then measured
// minified, gzip (level 9) and brotli (quality 11) with node:zlib — the same compressors @size-limit/file uses.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { project } from './paths.mjs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, 'package.json'));

export function compressed(buf) {
  return {
    min: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

function version(pkg) {
  try {
    return JSON.parse(readFileSync(join(here, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

const core = project('packages/core/dist/index.js');
const sfuTransport = project('packages/core/dist/transport/sfu/SfuTransport.js');
const sfuDir = project('packages/core/dist/transport/sfu');

/**
 * esbuild plugin for the "core without the SFU" build: the two SFU modules (SfuTransport.js, AutoTransport.js in
 * packages/core/dist/transport/sfu/) are replaced by empty classes, so the difference to the real core build is
 * what the SFU transports add to `Room + WebSocketSignaling` (WebSocketSignaling's small `sfu()` channel stays in
 * both builds, so it is not part of the difference).
 */
const stubSfu = {
  name: 'stub-sfu',
  setup(build) {
    build.onLoad({ filter: /[\\/]transport[\\/]sfu[\\/](Sfu|Auto)Transport\.js$/ }, (args) => {
      if (!args.path.startsWith(sfuDir)) return undefined;
      const name = /AutoTransport\.js$/.test(args.path) ? 'AutoTransport' : 'SfuTransport';
      return { contents: `export class ${name} { constructor() { throw new Error('no SFU'); } }`, loader: 'js' };
    });
  },
};

/** What is measured. `entry` is the source of a one-line module re-exporting the API. */
export const SUBJECTS = [
  { id: 'core', label: '@rtc-room/core (Room + WebSocketSignaling; mesh and SFU transports)', ours: true, entry: `export { Room, WebSocketSignaling } from ${JSON.stringify(core)};`, requires: core },
  { id: 'core-all', label: '@rtc-room/core (everything index.js exports)', ours: true, entry: `export * from ${JSON.stringify(core)};`, requires: core },
  { id: 'sfu', label: '@rtc-room/core SFU transport alone (SfuTransport + what it imports)', ours: true, entry: `export { SfuTransport } from ${JSON.stringify(sfuTransport)};`, requires: sfuTransport },
  { id: 'core-no-sfu', label: '@rtc-room/core (Room + WebSocketSignaling) with the SFU transports stubbed out', ours: true, entry: `export { Room, WebSocketSignaling } from ${JSON.stringify(core)};`, requires: sfuTransport, plugins: [stubSfu] },
  { id: 'elements-esbuild', label: '@rtc-room/elements (Lit + core + UI) via esbuild', ours: true, entry: `export * from ${JSON.stringify(project('packages/elements/dist/index.js'))};`, requires: project('packages/elements/dist/index.js') },
  { id: 'bundle', label: 'rtc-room.bundle.js (as shipped: Rollup + terser)', ours: true, file: project('packages/elements/dist/rtc-room.bundle.js') },
  { id: 'livekit', label: 'livekit-client `Room`', pkg: 'livekit-client', entry: `export { Room } from 'livekit-client';` },
  { id: 'peerjs', label: 'peerjs `Peer`', pkg: 'peerjs', entry: `export { Peer } from 'peerjs';` },
  { id: 'simple-peer', label: 'simple-peer', pkg: 'simple-peer', entry: `export { default } from 'simple-peer';` },
  { id: 'trystero', label: 'trystero `joinRoom` (default Nostr strategy)', pkg: 'trystero', entry: `export { joinRoom } from 'trystero';` },
  { id: 'mediasoup-client', label: 'mediasoup-client `Device`', pkg: 'mediasoup-client', entry: `export { Device } from 'mediasoup-client';` },
  { id: 'janus-gateway', label: 'janus-gateway `Janus`', pkg: 'janus-gateway', entry: `export { default as Janus } from 'janus-gateway';` },
  { id: 'lit', label: 'lit alone (LitElement, html, css): the floor of any Lit UI', pkg: 'lit', entry: `export { LitElement, html, css } from 'lit';` },
];

/** @returns rows `{ id, label, version?, min?, gzip?, brotli?, error? }` */
export async function measureSizes({ log = () => {} } = {}) {
  const esbuild = require('esbuild');
  const dir = join(here, 'results', '.entries');
  mkdirSync(dir, { recursive: true });
  const rows = [];
  for (const s of SUBJECTS) {
    const row = { id: s.id, label: s.label, ours: Boolean(s.ours), version: s.pkg ? version(s.pkg) : undefined };
    try {
      if (s.missing) {
        row.error = s.missing;
      } else if (s.file) {
        if (!existsSync(s.file)) throw new Error(`${s.file} missing (npm run build)`);
        Object.assign(row, compressed(readFileSync(s.file)));
      } else {
        if (s.requires && !existsSync(s.requires)) throw new Error(`${s.requires} missing (npm run build)`);
        const entryFile = join(dir, `${s.id}.mjs`);
        writeFileSync(entryFile, `${s.entry}\n`);
        const result = await esbuild.build({
          entryPoints: [entryFile],
          bundle: true,
          minify: true,
          format: 'esm',
          platform: 'browser',
          write: false,
          outfile: join(dir, `${s.id}.out.js`),
          logLevel: 'silent',
          absWorkingDir: here,
          nodePaths: [join(here, 'node_modules')],
          legalComments: 'none',
          plugins: s.plugins ?? [],
        });
        const out = result.outputFiles.find((f) => f.path.endsWith('.js'));
        Object.assign(row, compressed(Buffer.from(out.contents)));
      }
    } catch (error) {
      const message = error?.errors?.[0]?.text ?? (error instanceof Error ? error.message : String(error));
      row.error ??= `bundle failed: ${message.slice(0, 160)}`;
    }
    log(`  ${s.id}: ${row.error ?? `${row.min} B min, ${row.gzip} B gzip, ${row.brotli} B brotli`}`);
    rows.push(row);
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await measureSizes({ log: console.log });
  console.log(JSON.stringify(rows, null, 2));
}
