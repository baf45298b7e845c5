/**
 * Firefox launch presets that make WebRTC testable headless, for puppeteer (WebDriver BiDi: Debian's
 * `firefox-esr` is driven as is, no geckodriver and no download) and, through
 * `@rtc-room/testing/web-test-runner/firefox`, for web-test-runner. Node only; no dependencies.
 *
 * @packageDocumentation
 */

/**
 * The Firefox preferences rtc-room's own tests run with (Firefox ESR 153, measured in docs/testing.md):
 * - `media.navigator.streams.fake`: a fake camera (a solid colour that changes over time) and microphone (a tone);
 * - `media.navigator.permission.disabled`: `getUserMedia` granted without a prompt;
 * - `media.autoplay.default: 0`: `<video>`/`<audio>` and `AudioContext` play without a click;
 * - `media.peerconnection.ice.obfuscate_host_addresses: false`: host candidates are real addresses, not mDNS
 *   names (a test machine has no mDNS resolver);
 * - `media.peerconnection.ice.loopback`: see {@link FirefoxLaunchOptions.loopback}; set only when asked.
 * - `media.getusermedia.screensharing.allowed_domains`, `media.getdisplaymedia.enabled`: no picker for
 *   `getDisplayMedia` on `localhost` (it still needs a display: Xvfb).
 */
export const firefoxWebRtcPrefs: Readonly<Record<string, string | number | boolean>> = Object.freeze({
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.getdisplaymedia.enabled': true,
  'media.getusermedia.screensharing.allowed_domains': 'localhost,127.0.0.1',
  'media.setsinkid.enabled': true,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'app.update.enabled': false,
});

/** Where Firefox is: `FIREFOX_PATH` from the environment, else Debian's `/usr/bin/firefox-esr`. */
export function firefoxPath(): string {
  return process.env['FIREFOX_PATH'] || '/usr/bin/firefox-esr';
}

/** Options for {@link firefoxLaunchOptions}. */
export interface FirefoxLaunchOptions {
  /** The browser binary. Default {@link firefoxPath}(). puppeteer never downloads one with this preset. */
  executablePath?: string;
  /**
   * Set `media.peerconnection.ice.loopback`: gather 127.0.0.1 candidates too (a CI container or a private network
   * namespace). Note: in a network namespace **without a default route** Firefox gathers no ICE candidate at all
   * ("Couldn't gather ICE candidates, error=3"), loopback or not: give the namespace an interface and a default
   * route (the project's scripts/test.mjs does). Default `false`.
   */
  loopback?: boolean;
  /** More preferences, merged over {@link firefoxWebRtcPrefs}. */
  prefs?: Readonly<Record<string, string | number | boolean>>;
  /** Run headless. Default `true`. */
  headless?: boolean;
  /**
   * The browser's environment (puppeteer's `env`), e.g. `{ ...process.env, DISPLAY: ':99' }` for a display of its
   * own. Default: puppeteer's (this process's environment).
   */
  env?: Record<string, string | undefined>;
}

/** puppeteer's `LaunchOptions` fields this preset sets (structurally compatible; no puppeteer import). */
export interface FirefoxPuppeteerLaunchOptions {
  browser: 'firefox';
  executablePath: string;
  headless: boolean;
  extraPrefsFirefox: Record<string, string | number | boolean>;
  env?: Record<string, string | undefined>;
}

/**
 * puppeteer launch options for Firefox with {@link firefoxWebRtcPrefs}.
 *
 * @example
 * ```ts
 * import puppeteer from 'puppeteer-core';
 * import { firefoxLaunchOptions } from '@rtc-room/testing';
 * const browser = await puppeteer.launch(firefoxLaunchOptions());
 * const page = await browser.newPage();
 * await page.goto('http://localhost:8080/'); // getUserMedia needs a secure context: localhost, not about:blank
 * ```
 */
export function firefoxLaunchOptions(options: FirefoxLaunchOptions = {}): FirefoxPuppeteerLaunchOptions {
  const extraPrefsFirefox: Record<string, string | number | boolean> = { ...firefoxWebRtcPrefs };
  if (options.loopback) extraPrefsFirefox['media.peerconnection.ice.loopback'] = true;
  Object.assign(extraPrefsFirefox, options.prefs ?? {});
  return {
    browser: 'firefox',
    executablePath: options.executablePath ?? firefoxPath(),
    headless: options.headless ?? true,
    extraPrefsFirefox,
    ...(options.env ? { env: options.env } : {}),
  };
}
