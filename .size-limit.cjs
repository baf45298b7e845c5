// Bundle-size budgets, checked by `npm run size` (size-limit with the esbuild + file plugins: no browser, no network).
// Limits are the project's targets (docs/performance.md); today's sizes are well below them.
// bench/ measures the same files against other SDKs: `npm run bench`.
const path = require('node:path');

const core = path.join(__dirname, 'packages/core/dist/index.js');

module.exports = [
  {
    // Everything @rtc-room/core exports, bundled with its dependencies (nanoevents), minified, gzip. Since the
    // direct Janus adapter (JanusSignaling, ~4 kB) this is more than any app ships: apps pick one signaling
    // adapter. This entry guards the sum against drift.
    name: '@rtc-room/core (all exports)',
    path: core,
    import: { [core]: '*' },
    gzip: true,
    limit: '21 KB',
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
    // SFU rooms straight to an existing Janus (split signaling): Room + the SFU transport + JanusSignaling. Room
    // still imports the mesh and auto transports statically (~3 kB this path never runs), hence above the 15 KB
    // target that holds for Room + WebSocketSignaling; lazy transports would bring it under.
    name: '@rtc-room/core (Room + JanusSignaling)',
    path: core,
    import: { [core]: '{ Room, JanusSignaling }' },
    gzip: true,
    limit: '17 KB',
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
