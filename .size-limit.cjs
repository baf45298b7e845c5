// Bundle-size budgets, checked by `npm run size` (size-limit with the esbuild + file plugins: no browser, no network).
// Issue 17 connection quality (core scorer + tracking, the tile indicator) adds ~0.75 kB to core and ~1.5 kB to the bundle.
// Limits are the project's targets (docs/performance.md); today's sizes are well below them.
// bench/ measures the same files against other SDKs: `npm run bench`.
const path = require('node:path');

const core = path.join(__dirname, 'packages/core/dist/index.js');

// What loads eagerly: a module reached only through `import()` (Room.preflight's implementation) is a separate
// chunk that loads on first use in every bundler that splits code (Vite, Rollup, webpack, esbuild --splitting);
// size-limit's esbuild run does not split, so it would inline it. Such modules are measured by their own entries.
const lazyImportsExternal = {
  name: 'lazy-imports-external',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
  },
};
const eager = (config) => ({ ...config, format: 'esm', plugins: [...(config.plugins ?? []), lazyImportsExternal] });

module.exports = [
  {
    // Everything @rtc-room/core exports, bundled with its dependencies (nanoevents), minified, gzip. Since the
    // direct Janus adapter (JanusSignaling, ~4 kB) this is more than any app ships: apps pick one signaling
    // adapter. This entry guards the sum against drift. 25.7 kB after the 2026-12-02 merges (protocol version and
    // error mapping, automatic rejoin, issue-15 checks, the Room split into roster/speaker/TURN-refresh units).
    name: '@rtc-room/core (all exports)',
    path: core,
    import: { [core]: '*' },
    modifyEsbuildConfig: eager,
    gzip: true,
    limit: '29.3 KB', // 29.13 kB with the room codec policy (issue 19; 27.74 kB before) on top of connection quality and peer channels; issue 18's lazy chunks are the way down
  },
  {
    // What a typical app imports: Room + the mesh transport + WebSocket signaling. The project's target for it is
    // 15 KB (issue: bench); since screen share, data messages, active speaker and the SFU resilience landed it is
    // 18.6 KB, so this guard sits just above that and the target is reported as missed in docs/performance.md
    // until the optional features move out of Room's eager graph. 19.85 kB after the 2026-12-02 merges (+1.3 kB:
    // protocol version + every server code mapped, automatic rejoin after resume-failed, subscriber/peer-payload
    // checks, data-message sender binding, the Room split) — issue 18 moves optional features behind import().
    name: '@rtc-room/core (Room + WebSocketSignaling)',
    path: core,
    import: { [core]: '{ Room, WebSocketSignaling }' },
    modifyEsbuildConfig: eager,
    gzip: true,
    limit: '23.1 KB', // 22.95 kB with the room codec policy (issue 19; 21.67 kB with connection quality)
  },
  {
    // SFU rooms straight to an existing Janus (split signaling): Room + the SFU transport + JanusSignaling. Room
    // still imports the mesh and auto transports statically (~3 kB this path never runs), hence above the 15 KB
    // target that holds for Room + WebSocketSignaling; lazy transports would bring it under. +0.5 KB for the
    // peer-payload shape checks and subscriber rules of issue 15 (21.31 kB measured); 21.76 kB after the
    // 2026-12-02 merges.
    name: '@rtc-room/core (Room + JanusSignaling)',
    path: core,
    import: { [core]: '{ Room, JanusSignaling }' },
    modifyEsbuildConfig: eager,
    gzip: true,
    limit: '25.0 KB', // 24.87 kB with the room codec policy (issue 19; 23.48 kB with connection quality)
  },
  {
    // The self-contained <script type="module"> bundle (Lit + core + every element), as shipped; gzip. Target 35 KB,
    // missed (39.6 KB) for the same reason as the core entry; guard just above. 41.5 KB since issue 17 (+0.55 KB:
    // loadChat() for plain pages, the device panel's focus and Escape, load-failed for a missing chunks/ folder,
    // the getDisplayMedia error mapping).
    name: 'rtc-room.bundle.js',
    path: path.join(__dirname, 'packages/elements/dist/rtc-room.bundle.js'),
    disablePlugins: ['@size-limit/esbuild'],
    gzip: true,
    limit: '44.5 KB', // 44.36 kB with the room codec policy (issue 19; 43.16 kB with connection quality and the tile's indicator)
  },
  {
    // Room.preflight()'s implementation (`@rtc-room/core/preflight`), loaded on first call: not in the entries above.
    name: '@rtc-room/core/preflight',
    path: path.join(__dirname, 'packages/core/dist/preflight/index.js'),
    modifyEsbuildConfig: eager,
    gzip: true,
    limit: '6.2 KB', // 6.06 kB
  },
  {
    // The browser test kit (`@rtc-room/core/testing`): never shipped to users' users, but kept small. 2.1 KB with
    // fake media, MemorySignaling and the waits; 4.4 KB since it also ships the signaling adapter conformance suite
    // (its test titles and messages are most of that), the call checks and the peer-connection tracker.
    name: '@rtc-room/core/testing',
    path: path.join(__dirname, 'packages/core/dist/testing/index.js'),
    modifyEsbuildConfig: eager,
    gzip: true,
    limit: '5.15 KB', // 5.02 kB with the peer-channel conformance test
  },
  {
    // <rtc-preflight> for pages using rtc-room.bundle.js: Lit + the preflight check + the element, one file.
    name: 'rtc-preflight.bundle.js',
    path: path.join(__dirname, 'packages/elements/dist/rtc-preflight.bundle.js'),
    disablePlugins: ['@size-limit/esbuild'],
    gzip: true,
    limit: '13.8 KB', // 13.53 kB
  },
];
