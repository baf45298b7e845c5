/**
 * A web-test-runner browser launcher: Playwright's Chromium with rtc-room's WebRTC flags. Needs
 * `@web/test-runner-playwright` (a peer dependency).
 *
 * @packageDocumentation
 */
import { playwrightLauncher } from '@web/test-runner-playwright';
import { webRtcLaunchOptions, type WebRtcLaunchOptions } from './index.js';

export { chromiumPath, chromiumWebRtcFlags, webRtcLaunchOptions, type WebRtcLaunchOptions } from './index.js';

/**
 * `playwrightLauncher({ product: 'chromium', launchOptions: webRtcLaunchOptions(options) })`.
 *
 * @example
 * ```js
 * // web-test-runner.config.mjs
 * import { webRtcLauncher } from '@rtc-room/testing/web-test-runner';
 * export default { files: 'test/**\/*.test.js', nodeResolve: true, browsers: [webRtcLauncher()] };
 * ```
 */
export function webRtcLauncher(options: WebRtcLaunchOptions = {}): ReturnType<typeof playwrightLauncher> {
  return playwrightLauncher({ product: 'chromium', launchOptions: webRtcLaunchOptions(options) });
}
