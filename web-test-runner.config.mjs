// Browser tests: Debian's Chromium (never a downloaded browser), fake camera and microphone, and a real
// rtc-room signaling server on loopback started here for the whole run. Tests read its URL from
// `window.RTC_TEST_SIGNALING_URL`.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { createServer } from './packages/server/dist/index.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const signaling = createServer({ port: 0, host: '127.0.0.1', logger: () => {} });
const { port } = await signaling.listen();
const signalingUrl = `ws://127.0.0.1:${port}/ws`;
for (const sig of ['exit', 'SIGINT', 'SIGTERM']) process.once(sig, () => void signaling.close());

export default {
  rootDir: '.',
  files: ['packages/*/src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.base.json' })],
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 30_000 } },
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: chromiumPath,
        args: [
          '--use-fake-device-for-media-stream=device-count=3',
          '--use-fake-ui-for-media-stream',
          '--allow-loopback-in-peer-connection',
          '--autoplay-policy=no-user-gesture-required',
          '--disable-gpu',
          '--disable-quic',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  testRunnerHtml: (testFramework) => `<!doctype html>
<html><head><meta charset="utf-8"></head><body>
<script>window.RTC_TEST_SIGNALING_URL = ${JSON.stringify(signalingUrl)};</script>
<script type="module" src="${testFramework}"></script>
</body></html>`,
};
