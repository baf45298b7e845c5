import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { FakeRoom } from '../test-support/fake-room.js';
import './controls.js';
import type { RtcControlsElement } from './controls.component.js';
import { FIREFOX } from '../test-support/browser.js';

function button(el: RtcControlsElement, name: string): HTMLButtonElement {
  return el.shadowRoot!.querySelector<HTMLButtonElement>(`[part~="${name}"]`)!;
}

describe('<rtc-controls>', () => {
  it('renders labelled native buttons with parts', async () => {
    const el = await fixture<RtcControlsElement>(html`<rtc-controls></rtc-controls>`);
    expect(el.shadowRoot!.querySelector('[part~=controls][part~=base][role=toolbar]')).to.exist;
    const labels = [...el.shadowRoot!.querySelectorAll('button')].map((b) => [b.getAttribute('part'), b.getAttribute('aria-label')]);
    expect(labels).to.deep.equal([
      ['button mic-button', 'Microphone'],
      ['button camera-button', 'Camera'],
      ['button screen-share-button', 'Share screen'],
      ['button stats-button', 'Connection statistics'],
      ['button devices-button', 'Device settings'],
      ['button participants-button', 'People'],
      ['button leave-button', 'Leave call'],
    ]);
    expect(el.shadowRoot!.querySelectorAll('button svg[aria-hidden=true]')).to.have.length(7);
  });

  it('follows the room’s local participant and calls the room', async () => {
    const room = new FakeRoom();
    const el = await fixture<RtcControlsElement>(html`<rtc-controls .room=${room.asRoom()}></rtc-controls>`);
    const mic = button(el, 'mic-button');
    const cam = button(el, 'camera-button');
    expect(mic.getAttribute('aria-pressed')).to.equal('true');
    expect(cam.getAttribute('aria-pressed')).to.equal('true');

    const toggled = oneEvent(el, 'rtc-toggle-microphone');
    mic.click();
    const event = await toggled;
    expect(event.detail).to.deep.equal({ enabled: false });
    expect(event.bubbles && event.composed).to.be.true;
    await el.updateComplete;
    expect(room.calls).to.deep.include(['setMicrophoneEnabled', false]);
    expect(mic.getAttribute('aria-pressed')).to.equal('false');

    cam.click();
    await el.updateComplete;
    await el.updateComplete;
    expect(room.calls).to.deep.include(['setCameraEnabled', false]);
    expect(cam.getAttribute('aria-pressed')).to.equal('false');

    // A change made elsewhere (another UI, the app) shows up too.
    room.localParticipant.isMicrophoneEnabled = true;
    room.emit('trackUnmuted', {} as never, room.localParticipant as never);
    await el.updateComplete;
    expect(mic.getAttribute('aria-pressed')).to.equal('true');
  });

  it('lets the page cancel a toggle', async () => {
    const room = new FakeRoom();
    const el = await fixture<RtcControlsElement>(html`<rtc-controls .room=${room.asRoom()}></rtc-controls>`);
    el.addEventListener('rtc-toggle-camera', (e) => e.preventDefault(), { once: true });
    button(el, 'camera-button').click();
    await el.updateComplete;
    expect(room.calls).to.deep.equal([]);
    expect(button(el, 'camera-button').getAttribute('aria-pressed')).to.equal('true');
  });

  it('reports a refused change as rtc-error', async () => {
    const room = new FakeRoom();
    const failure = Object.assign(new Error('Permission to use the camera was denied.'), { code: 'device-denied' });
    room.failNext = failure;
    room.localParticipant.isCameraEnabled = false;
    const el = await fixture<RtcControlsElement>(html`<rtc-controls .room=${room.asRoom()}></rtc-controls>`);
    const errored = oneEvent(el, 'rtc-error');
    button(el, 'camera-button').click();
    const { detail } = await errored;
    expect(detail.error.code).to.equal('device-denied');
    expect(detail.error).to.equal(failure);
    await el.updateComplete;
    expect(button(el, 'camera-button').getAttribute('aria-pressed')).to.equal('false');
  });

  it('works without a room, from properties and events', async () => {
    const el = await fixture<RtcControlsElement>(html`<rtc-controls microphone-enabled></rtc-controls>`);
    expect(button(el, 'mic-button').getAttribute('aria-pressed')).to.equal('true');
    expect(button(el, 'camera-button').getAttribute('aria-pressed')).to.equal('false');

    const stats = oneEvent(el, 'rtc-toggle-stats');
    button(el, 'stats-button').click();
    expect((await stats).detail).to.deep.equal({ visible: true });
    await el.updateComplete;
    expect(el.statsVisible).to.be.true;
    expect(el.hasAttribute('stats-visible')).to.be.true;
    expect(button(el, 'stats-button').getAttribute('aria-pressed')).to.equal('true');

    const devices = oneEvent(el, 'rtc-toggle-devices');
    button(el, 'devices-button').click();
    expect((await devices).detail).to.deep.equal({ visible: true });
    await el.updateComplete;
    expect(button(el, 'devices-button').getAttribute('aria-pressed')).to.equal('true');

    const leave = oneEvent(el, 'rtc-leave-request');
    button(el, 'leave-button').click();
    const leaveEvent = await leave;
    expect(leaveEvent.bubbles && leaveEvent.composed && leaveEvent.cancelable).to.be.true;
  });

  it('is operable from the keyboard', async () => {
    const room = new FakeRoom();
    const el = await fixture<RtcControlsElement>(html`<rtc-controls .room=${room.asRoom()}></rtc-controls>`);
    button(el, 'mic-button').focus();
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(button(el, 'camera-button'));
    await sendKeys({ press: FIREFOX ? ' ' : 'Space' }); // puppeteer (Firefox) names the key ' ', Playwright 'Space'
    await el.updateComplete;
    await el.updateComplete;
    expect(room.calls).to.deep.equal([
      ['setMicrophoneEnabled', false],
      ['setCameraEnabled', false],
    ]);
  });

  it('stops following the room when removed', async () => {
    const room = new FakeRoom();
    const el = await fixture<RtcControlsElement>(html`<rtc-controls .room=${room.asRoom()}></rtc-controls>`);
    expect(room.listenerCount()).to.be.greaterThan(0);
    el.remove();
    expect(room.listenerCount()).to.equal(0);
  });

  it('passes an accessibility audit', async () => {
    const el = await fixture<RtcControlsElement>(html`<rtc-controls microphone-enabled stats-visible></rtc-controls>`);
    await expect(el).to.be.accessible();
  });
});
