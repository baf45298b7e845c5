// Bundle-size budgets, checked by `npm run size` (size-limit with the esbuild + file plugins: no browser, no network).
// Limits are the project's targets (docs/performance.md); today's sizes are well below them.
// bench/ measures the same files against other SDKs: `npm run bench`.
const path = require('node:path');

const core = path.join(__dirname, 'packages/core/dist/index.js');

module.exports = [
  {
    // Everything @rtc-room/core exports, bundled with its dependencies (nanoevents), minified, gzip: also the
    // adapters an app picks instead of WebSocketSignaling (BroadcastChannel, in-memory, direct Janus), so its
    // budget is above the 15 KB target, which is for what an app imports (next entry).
    name: '@rtc-room/core (all exports)',
    path: core,
    import: { [core]: '*' },
    gzip: true,
    limit: '18 KB',
  },
  {
    // What a typical app imports: Room + the mesh transport + WebSocket signaling.
    name: '@rtc-room/core (Room + WebSocketSignaling)',
    path: core,
    import: { [core]: '{ Room, WebSocketSignaling }' },
    gzip: true,
    limit: '15 KB',
  },
  {
    // The self-contained <script type="module"> bundle (Lit + core + every element), as shipped; gzip.
    name: 'rtc-room.bundle.js',
    path: path.join(__dirname, 'packages/elements/dist/rtc-room.bundle.js'),
    disablePlugins: ['@size-limit/esbuild'],
    gzip: true,
    limit: '35 KB',
  },
];
