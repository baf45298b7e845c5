/**
 * Which browser runs the suite (web-test-runner runs every file in Chromium and in Firefox ESR), and a named skip
 * for the few tests a browser cannot run. The reason is the browser's behaviour that prevents the test; it is
 * appended to the test's title, so the report says what was skipped and why.
 */
import { resetMouse, sendMouse } from '@web/test-runner-commands';

export const FIREFOX = /\bFirefox\//.test(navigator.userAgent);

/** The measured Firefox ESR 153 behaviours that keep a test from running there. */
export const FIREFOX_CANNOT = {
  /**
   * `media.navigator.streams.fake` gives exactly one fake camera and one fake microphone; Chromium's
   * `--use-fake-device-for-media-stream=device-count=3` has no Firefox counterpart.
   */
  switchCameras: 'Firefox fakes exactly one camera and one microphone (media.navigator.streams.fake): no second device to switch to',
  /**
   * Firefox delivers an `ended` event dispatched by script on a `MediaStreamTrack` only to its `onended` handler,
   * never to `addEventListener` listeners (measured: 0 of 2 listeners, 1 handler), so a test cannot play an
   * unplugged camera or the browser's "Stop sharing" button; the browser's own (trusted) `ended` is not affected.
   */
  dispatchEnded:
    'Firefox delivers a script-dispatched "ended" on a MediaStreamTrack to its onended handler only, not to addEventListener listeners: an unplug cannot be simulated',
} as const;

/** `this.skip()` in Firefox, with `reason` in the test's title. Call first thing in a `function ()` test. */
export function skipInFirefox(context: Mocha.Context, reason: string): void {
  if (!FIREFOX) return;
  if (context.test) context.test.title += ` — skipped in Firefox: ${reason}`;
  context.skip();
}

/**
 * Runs `action` with transient user activation, as a click handler would: a real mouse click through the test
 * runner (`sendMouse`, WebDriver BiDi / CDP input), then `action` right away. Firefox's `getDisplayMedia`
 * rejects without it ("requires transient activation from a user gesture"); Chromium's
 * `--use-fake-ui-for-media-stream` does not ask. The run's Firefox keeps activation for 60 s
 * (`dom.user_activation.transient.timeout`, web-test-runner.config.mjs), so a busy machine cannot lose it between
 * the click and the call.
 */
export async function withUserActivation<T>(action: () => Promise<T>): Promise<T> {
  // The runner's click can resolve before the page has handled it (measured in Firefox: getDisplayMedia right
  // after it sometimes still saw no activation): wait for the activation itself, clicking again if none came.
  const active = (): boolean => (navigator as { userActivation?: { isActive: boolean } }).userActivation?.isActive ?? true;
  for (let attempt = 1; ; attempt++) {
    await sendMouse({ type: 'click', position: [1, 1] });
    await resetMouse();
    const deadline = Date.now() + 5000;
    while (!active() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (active()) break;
    if (attempt === 5) throw new Error('five clicks gave the page no user activation');
  }
  return action();
}
