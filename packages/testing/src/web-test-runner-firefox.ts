/**
 * A web-test-runner browser launcher: Firefox (Debian's `firefox-esr` or `FIREFOX_PATH`) driven by puppeteer over
 * WebDriver BiDi, with rtc-room's WebRTC preferences. Needs `@web/test-runner-puppeteer` (a peer dependency;
 * install it with `PUPPETEER_SKIP_DOWNLOAD=1`, or its `puppeteer` dependency downloads a Chrome).
 *
 * @packageDocumentation
 */
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { firefoxLaunchOptions, type FirefoxLaunchOptions } from './firefox.js';

export { firefoxLaunchOptions, firefoxPath, firefoxWebRtcPrefs, type FirefoxLaunchOptions } from './firefox.js';

/**
 * `puppeteerLauncher({ launchOptions: firefoxLaunchOptions(options) })`.
 *
 * @example
 * ```js
 * // web-test-runner.config.mjs
 * import { webRtcLauncher } from '@rtc-room/testing/web-test-runner';
 * import { webRtcFirefoxLauncher } from '@rtc-room/testing/web-test-runner/firefox';
 * export default { files: 'test/**\/*.test.js', nodeResolve: true, browsers: [webRtcLauncher(), webRtcFirefoxLauncher()] };
 * ```
 */
export function webRtcFirefoxLauncher(options: FirefoxLaunchOptions = {}): ReturnType<typeof puppeteerLauncher> {
  return puppeteerLauncher({ launchOptions: firefoxLaunchOptions(options) });
}
