// Self-contained ESM bundles for <script type="module"> use without a build step (the demo uses the first).
// Input is the tsc output (`tsc -b` runs first: `npm run build`).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const plugins = () => [
  nodeResolve({ browser: true }),
  terser({ ecma: 2022, module: true, format: { comments: 'some' } }),
];

export default [
  {
    // Lit + @rtc-room/core + every element; importing it defines <rtc-room> and friends.
    input: 'packages/elements/dist/index.js',
    // One file: lazily imported modules (the recorder) are inlined rather than split into chunks.
    output: { file: 'packages/elements/dist/rtc-room.bundle.js', format: 'es', sourcemap: true, inlineDynamicImports: true },
    plugins: plugins(),
  },
  {
    // The framework-agnostic Room alone.
    input: 'packages/core/dist/index.js',
    output: { file: 'packages/core/dist/rtc-room-core.bundle.js', format: 'es', sourcemap: true, inlineDynamicImports: true },
    plugins: plugins(),
  },
];
