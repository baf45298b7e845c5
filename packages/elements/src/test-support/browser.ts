/**
 * Which browser runs the suite (web-test-runner runs every file in Chromium and in Firefox ESR), and a named skip
 * for the few tests a browser cannot run. The reason is the browser's behaviour that prevents the test; it is
 * appended to the test's title, so the report says what was skipped and why.
 */
export const FIREFOX = /\bFirefox\//.test(navigator.userAgent);

/** The measured Firefox ESR 153 behaviours that keep a test from running there. */
export const FIREFOX_CANNOT = {
  /**
   * `media.navigator.streams.fake` gives exactly one fake camera and one fake microphone; Chromium's
   * `--use-fake-device-for-media-stream=device-count=3` has no Firefox counterpart.
   */
  switchCameras: 'Firefox fakes exactly one camera and one microphone (media.navigator.streams.fake): no second device to switch to',
} as const;

/** `this.skip()` in Firefox, with `reason` in the test's title. Call first thing in a `function ()` test. */
export function skipInFirefox(context: Mocha.Context, reason: string): void {
  if (!FIREFOX) return;
  if (context.test) context.test.title += ` — skipped in Firefox: ${reason}`;
  context.skip();
}
