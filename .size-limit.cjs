// Bundle-size budgets, checked by `npm run size` (size-limit with the esbuild + file plugins: no browser, no network).
// Limits are today's measured sizes plus a little (guards against drift); the targets are in docs/performance.md.
// Issue 18 moved the optional parts behind import(): each is a lazy chunk, measured apart below (the chunks/ files
// of rtc-room.bundle.js as shipped: Rollup + terser, gzip).
// bench/ measures the same files against other SDKs: `npm run bench`.
const path = require('node:path');

const core = path.join(__dirname, 'packages/core/dist/index.js');

// What loads eagerly: a module reached only through `import()` (Room.preflight's implementation) is a separate
// chunk that loads on first use in every bundler that splits code (Vite, Rollup, webpack, esbuild --splitting);
// size-limit's esbuild run does not split, so it would inline it. Such modules are measured by their own entries.
// Since issue 18 that is most of the optional features (see the chunk entries at the end).
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
    // 21.60 kB since issue 18 (the optional parts are lazy chunks, not counted here).
    name: '@rtc-room/core (all exports)',
    path: core,
    import: { [core]: '*' },
    modifyEsbuildConfig: eager,
    gzip: true,
    limit: '24.35 KB', // 24.26 kB with last-N (issue 19: lastN, setVideoPinned, trackPaused); 21.60 kB (issue 18: optional parts in lazy chunks; 27.74 before); 22.68 kB with moderation (issue 19); 23.83 kB with the room codec policy (issue 19); 24.01 kB after the prejoin merge and room/wiring.ts
  },
  {
    // What a typical app imports: Room + the mesh transport + WebSocket signaling. The project's target for it is
    // 15 KB (issue: bench); since screen share, data messages, active speaker and the SFU resilience landed it is
    // 18.6 KB, so this guard sits just above that and the target is reported as missed in docs/performance.md
    // until the optional features move out of Room's eager graph. 19.85 kB after the 2026-12-02 merges (+1.3 kB:
    // protocol version + every server code mapped, automatic rejoin after resume-failed, subscriber/peer-payload
    // checks, data-message sender binding, the Room split). Issue 18 (target 12 KiB): 14.69 kB with the SFU/auto
    // transports, screen share, data messages, speaker detection, quality, the stats normalizer and server recording
    // behind import(); what remains is Room + WebSocketSignaling + the mesh transport (docs/performance.md).
    name: '@rtc-room/core (Room + WebSocketSignaling)',
    path: core,
    import: { [core]: '{ Room, WebSocketSignaling }' },
    modifyEsbuildConfig: eager,
    gzip: true,
    limit: '17.15 KB', // 17.08 kB with last-N (issue 19); 14.69 kB (issue 18; 21.67 before; target 12 KiB); 15.66 kB with moderation (issue 19, eager for now); 16.71 kB with the room codec policy (issue 19, eager: announced at join); 16.80 kB after the prejoin merge; 16.90 kB with the Room's parts wired in room/wiring.ts (files under 500 lines)
  },
  {
    // SFU rooms straight to an existing Janus (split signaling): Room + the SFU transport + JanusSignaling. Room
    // still imports the mesh and auto transports statically (~3 kB this path never runs), hence above the 15 KB
    // target that holds for Room + WebSocketSignaling; lazy transports would bring it under. +0.5 KB for the
    // peer-payload shape checks and subscriber rules of issue 15 (21.31 kB measured); 21.76 kB after the
    // 2026-12-02 merges. 16.50 kB since issue 18: the SFU transport is a lazy chunk (+3.04 kB, fetched at join).
    name: '@rtc-room/core (Room + JanusSignaling)',
    path: core,
    import: { [core]: '{ Room, JanusSignaling }' },
    modifyEsbuildConfig: eager,
    gzip: true,
    limit: '18.8 KB', // 18.73 kB with last-N (issue 19); 16.50 kB (issue 18; 23.48 before); 17.17 kB with moderation; 18.29 kB with the room codec policy; 18.49 kB with room/wiring.ts
  },
  {
    // The self-contained <script type="module"> bundle (Lit + core + every element), as shipped; gzip. Target 35 KB,
    // missed (39.6 KB) for the same reason as the core entry; guard just above. 41.5 KB since issue 17 (+0.55 KB:
    // loadChat() for plain pages, the device panel's focus and Escape, load-failed for a missing chunks/ folder,
    // the getDisplayMedia error mapping). Issue 18 (target 30 KiB): 33.48 kB with the core's optional parts, the
    // device picker, the stats overlay and the BroadcastChannel adapter in chunks/, and Lit's templates minified.
    name: 'rtc-room.bundle.js',
    path: path.join(__dirname, 'packages/elements/dist/rtc-room.bundle.js'),
    disablePlugins: ['@size-limit/esbuild'],
    gzip: true,
    limit: '38.6 KB', // 38.51 kB with moderation's server-unavailable mapping (issue 19); 38.41 kB with last-N and the tile's paused avatar (issue 19); 33.48 kB (issue 18; 43.16 before; target 30 KiB); 33.71 kB with the tile's setVideoDimensions(); 35.15 kB with moderation and the participant list button; 36.08 kB with the room codec policy; 37.53 kB with the pre-join wiring and room strings (issue 17); 37.62 kB with room/wiring.ts; 38.15 kB with the keyboard shortcuts, the reconnecting notice and the phone layout (issue 17)
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
    // Lazy chunk: the SFU transport (topology 'sfu', and 'auto' once the server moves the room); 3.04 kB, 4.04 kB
    // with issue 18's layers from the publisher's real encodings (simulcast.ts, layers.ts).
    name: 'chunk: SfuTransport',
    path: path.join(__dirname, 'packages/elements/dist/chunks/SfuTransport-*.js'),
    disablePlugins: ['@size-limit/esbuild'],
    gzip: true,
    limit: '5.3 KB', // 5.22 kB with the join order (subscribe first, issue 18) and ice-restarts.ts; 5.06 kB with last-N (issue 19: last-n.ts ranking + pause requests); 4.28 kB with the codec policy's camera move (issue 19)
  },
  {
    // Lazy chunk: the auto transport (topology 'auto'; it also loads the SfuTransport chunk); 1.69 kB.
    name: 'chunk: AutoTransport',
    path: path.join(__dirname, 'packages/elements/dist/chunks/AutoTransport-*.js'),
    disablePlugins: ['@size-limit/esbuild'],
    gzip: true,
    limit: '1.8 KB',
  },
  {
    // Lazy chunk: startScreenShare() (its getDisplayMedia call stays eager: user activation); 0.55 kB.
    name: 'chunk: ScreenShare',
    path: path.join(__dirname, 'packages/elements/dist/chunks/ScreenShare-*.js'),
    disablePlugins: ['@size-limit/esbuild'],
    gzip: true,
    limit: '0.6 KB',
  },
  {
    // Lazy chunk: room.send() / messageReceived (data channel wire format, chunking, reassembly); 1.82 kB.
    name: 'chunk: DataMessages',
    path: path.join(__dirname, 'packages/elements/dist/chunks/DataMessages-*.js'),
    disablePlugins: ['@size-limit/esbuild'],
    gzip: true,
    limit: '1.9 KB',
  },
  {
    // Lazy chunk: active speaker (first activeSpeakerChanged listener, or the SFU's first talking event); 0.73 kB.
    name: 'chunk: SpeakerTracking',
    path: path.join(__dirname, 'packages/elements/dist/chunks/SpeakerTracking-*.js'),
    disablePlugins: ['@size-limit/esbuild'],
    gzip: true,
    limit: '0.8 KB',
  },
  {
    // Lazy chunk: connection quality scoring (first connectionQualityChanged listener); 1.2 kB.
    name: 'chunk: QualityTracking',
    path: path.join(__dirname, 'packages/elements/dist/chunks/QualityTracking-*.js'),
    disablePlugins: ['@size-limit/esbuild'],
    gzip: true,
    limit: '1.3 KB',
  },
  {
    // Lazy chunk: the stats normalizer (getStats(), level sampling, quality); 1.01 kB.
    name: 'chunk: normalize',
    path: path.join(__dirname, 'packages/elements/dist/chunks/normalize-*.js'),
    disablePlugins: ['@size-limit/esbuild'],
    gzip: true,
    limit: '1.15 KB',
  },
  {
    // Lazy chunk: startRecording() (the in-browser recorder); 2.42 kB.
    name: 'chunk: recorder',
    path: path.join(__dirname, 'packages/elements/dist/chunks/recorder-*.js'),
    disablePlugins: ['@size-limit/esbuild'],
    gzip: true,
    limit: '2.5 KB',
  },
  {
    // Lazy chunk: setServerRecording(); 0.40 kB.
    name: 'chunk: server-recording',
    path: path.join(__dirname, 'packages/elements/dist/chunks/server-recording-*.js'),
    disablePlugins: ['@size-limit/esbuild'],
    gzip: true,
    limit: '0.45 KB',
  },
  {
    // Lazy chunk: <rtc-device-picker> (when <rtc-room>'s device panel first opens, or loadDevicePicker()); 1.94 kB, 2.11 kB
    // in two files with the pre-join screen (issue 17).
    name: 'chunk: device-picker',
    // Two files since the pre-join screen shares the component: the entry and device-picker.component-*.js.
    path: path.join(__dirname, 'packages/elements/dist/chunks/device-picker*-*.js'),
    disablePlugins: ['@size-limit/esbuild'],
    gzip: true,
    limit: '2.2 KB',
  },
  {
    // Lazy chunk: <rtc-stats-overlay> (when a tile first shows stats, or loadStatsOverlay()); 1.12 kB.
    name: 'chunk: stats-overlay',
    path: path.join(__dirname, 'packages/elements/dist/chunks/stats-overlay-*.js'),
    disablePlugins: ['@size-limit/esbuild'],
    gzip: true,
    limit: '1.2 KB',
  },
  {
    // Lazy chunk: <rtc-chat> (loadChat()); 1.83 kB.
    name: 'chunk: chat',
    path: path.join(__dirname, 'packages/elements/dist/chunks/chat-*.js'),
    disablePlugins: ['@size-limit/esbuild'],
    gzip: true,
    limit: '1.9 KB',
  },
  {
    // Lazy chunk: the BroadcastChannel adapter (<rtc-room> without a server; @rtc-room/core/broadcast-channel); 1.03 kB.
    name: 'chunk: BroadcastChannelSignaling',
    path: path.join(__dirname, 'packages/elements/dist/chunks/BroadcastChannelSignaling-*.js'),
    disablePlugins: ['@size-limit/esbuild'],
    gzip: true,
    limit: '1.15 KB',
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
