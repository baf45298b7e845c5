// Self-contained ESM bundles for <script type="module"> use without a build step (the demo uses the first).
// Input is the tsc output (`tsc -b` runs first: `npm run build`).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rmSync } from 'node:fs';
import { minifyTemplates } from './scripts/rollup-minify-templates.mjs';

// Lazy chunks carry a content hash: drop the previous build's so `dist` ships only the current ones.
for (const dir of ['packages/elements/dist/chunks', 'packages/core/dist/chunks']) rmSync(dir, { recursive: true, force: true });

const plugins = () => [
  nodeResolve({ browser: true }),
  minifyTemplates(),
  terser({ ecma: 2022, module: true, format: { comments: 'some' } }),
];

// `Room.preflight()` loads its implementation with `import()`: each bundle keeps it in a lazy chunk next to it
// (`chunks/`), fetched only when called, so the bundles stay one file for everything else.
const output = (dir, entryFileNames) => ({
  dir,
  entryFileNames,
  chunkFileNames: 'chunks/[name]-[hash].js',
  format: 'es',
  sourcemap: true,
});

export default [
  {
    // Lit + @rtc-room/core + every element; importing it defines <rtc-room> and friends (bundle.ts: index.ts with
    // the device picker and stats overlay as lazy chunks).
    input: 'packages/elements/dist/bundle.js',
    output: output('packages/elements/dist', 'rtc-room.bundle.js'),
    // Let the lazy chunk import from the bundle itself (extra exports) instead of splitting it into a facade.
    preserveEntrySignatures: 'allow-extension',
    plugins: plugins(),
  },
  {
    // The framework-agnostic Room alone.
    input: 'packages/core/dist/index.js',
    output: output('packages/core/dist', 'rtc-room-core.bundle.js'),
    preserveEntrySignatures: 'allow-extension',
    plugins: plugins(),
  },
  {
    // <rtc-preflight> (Lit + the preflight check), for pages that load rtc-room.bundle.js: not in that bundle,
    // which has a 35 kB budget. Importing it defines <rtc-preflight>.
    input: 'packages/elements/dist/preflight/preflight.js',
    output: output('packages/elements/dist', 'rtc-preflight.bundle.js'),
    plugins: plugins(),
  },
];
