/**
 * Chromium and Firefox launch presets that make WebRTC testable headless: a fake camera and microphone, no
 * permission prompts, autoplay allowed. Chromium for Playwright (`chromium.launch(webRtcLaunchOptions())`) and,
 * through `@rtc-room/testing/web-test-runner`, for web-test-runner; Firefox for puppeteer
 * (`puppeteer.launch(firefoxLaunchOptions())`) and, through `@rtc-room/testing/web-test-runner/firefox`, for
 * web-test-runner. Node only; no dependencies.
 *
 * @packageDocumentation
 */

/**
 * The Chromium flags rtc-room's own tests run with (Chromium 156, measured in docs/testing.md):
 * - `--use-fake-device-for-media-stream`: a 640×480 test-pattern camera and a beeping microphone (20 fps unless
 *   `fps=` is given, see {@link WebRtcLaunchOptions.fakeDevices});
 * - `--use-fake-ui-for-media-stream`: camera/microphone permission granted without a prompt;
 * - `--autoplay-policy=no-user-gesture-required`: `<video>`/`<audio>` and `AudioContext` play without a click;
 * - `--disable-gpu`, `--disable-quic`, `--disable-background-networking`, `--disable-component-update`,
 *   `--disable-sync`, `--no-first-run`: nothing else starts, nothing phones home.
 * Playwright adds the headless and sandbox flags itself.
 */
export const chromiumWebRtcFlags: readonly string[] = Object.freeze([
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);

/** Where Chromium is: `CHROMIUM_PATH` from the environment, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(): string {
  return process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';
}

/** Options for {@link webRtcLaunchOptions}. */
export interface WebRtcLaunchOptions {
  /** The browser binary. Default {@link chromiumPath}(). Playwright never downloads one with this preset. */
  executablePath?: string;
  /**
   * Parameters of the fake devices, appended to `--use-fake-device-for-media-stream=`: e.g. `'device-count=3'`
   * (three cameras and microphones), `'fps=30'`. Default none (one of each, 20 fps).
   */
  fakeDevices?: string;
  /**
   * Add `--allow-loopback-in-peer-connection`: needed when the machine has no interface but loopback (a CI
   * container or a private network namespace); then every ICE candidate is 127.0.0.1. Default `false`.
   */
  loopback?: boolean;
  /** More flags, appended. */
  args?: readonly string[];
  /** Run headless. Default `true`. */
  headless?: boolean;
}

/** Playwright's `LaunchOptions` fields this preset sets (structurally compatible; no Playwright import). */
export interface ChromiumLaunchOptions {
  executablePath: string;
  args: string[];
  headless: boolean;
}

/**
 * Playwright launch options for Chromium with {@link chromiumWebRtcFlags}.
 *
 * @example
 * ```ts
 * import { chromium } from 'playwright';
 * import { webRtcLaunchOptions } from '@rtc-room/testing';
 * const browser = await chromium.launch(webRtcLaunchOptions({ fakeDevices: 'fps=30' }));
 * ```
 */
export function webRtcLaunchOptions(options: WebRtcLaunchOptions = {}): ChromiumLaunchOptions {
  const args = chromiumWebRtcFlags.map((flag) =>
    flag === '--use-fake-device-for-media-stream' && options.fakeDevices ? `${flag}=${options.fakeDevices}` : flag,
  );
  if (options.loopback) args.push('--allow-loopback-in-peer-connection');
  args.push(...(options.args ?? []));
  return { executablePath: options.executablePath ?? chromiumPath(), args, headless: options.headless ?? true };
}

export {
  firefoxLaunchOptions,
  firefoxPath,
  firefoxWebRtcPrefs,
  type FirefoxLaunchOptions,
  type FirefoxPuppeteerLaunchOptions,
} from './firefox.js';
