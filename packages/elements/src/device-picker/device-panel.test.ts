import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { uniqueRoom, waitFor } from '@rtc-room/core/testing';
import '../index.js';

declare global {
  interface Window {
    /** Set by web-test-runner.config.mjs: the real signaling server of the test run. */
    RTC_TEST_SIGNALING_URL?: string;
  }
}

/** The focused element, inside open shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

// Issue 17: the device panel opened from the keyboard did not take the focus (Tab went on to "Leave call") and
// Escape did not close it.
describe('<rtc-room> device panel from the keyboard', () => {
  afterEach(() => fixtureCleanup());

  it('takes the focus when opened with Enter, and Escape closes it and gives the focus back to its button', async () => {
    const el = document.createElement('rtc-room');
    Object.assign(el, {
      room: uniqueRoom('device-panel'),
      name: 'Ann',
      server: window.RTC_TEST_SIGNALING_URL!,
      roomOptions: { video: { width: 320, height: 240, frameRate: 15 } },
    });
    const joined = oneEvent(el, 'rtc-join');
    await fixture(html`<div style="width: 640px; height: 360px">${el}</div>`);
    await joined;
    await el.updateComplete;
    const controls = el.shadowRoot!.querySelector('rtc-controls')!;
    await controls.updateComplete;
    const button = controls.shadowRoot!.querySelector<HTMLButtonElement>('[part~="devices-button"]')!;
    button.focus();
    expect(deepActive()).to.equal(button);

    await sendKeys({ press: 'Enter' });
    await waitFor(() => el.shadowRoot!.querySelector('rtc-device-picker') !== null, 'the panel opens');
    const picker = el.shadowRoot!.querySelector('rtc-device-picker')!;
    await waitFor(() => picker.shadowRoot!.contains(deepActive()), 'the focus moves into the panel');
    expect(deepActive()!.localName).to.equal('select');
    expect(el.devicesVisible).to.equal(true);

    await sendKeys({ press: 'Escape' });
    await waitFor(() => el.shadowRoot!.querySelector('rtc-device-picker') === null, 'Escape closes the panel');
    expect(el.devicesVisible).to.equal(false);
    await controls.updateComplete;
    expect(button.getAttribute('aria-pressed')).to.equal('false');
    expect(deepActive()).to.equal(button, 'the focus is back on the devices button');
  });
});
