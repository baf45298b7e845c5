declare global {
  interface Window {
    /** Set by web-test-runner.config.mjs: the real signaling server started for the test run. */
    RTC_TEST_SIGNALING_URL?: string;
  }
}

/** URL of the real signaling server the test run started on loopback. */
export function signalingUrl(): string {
  const url = window.RTC_TEST_SIGNALING_URL;
  if (!url) throw new Error('RTC_TEST_SIGNALING_URL is not set: run browser tests through web-test-runner.config.mjs.');
  return url;
}
