import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitFor } from '@rtc-room/core/testing';
import { FIREFOX } from '../test-support/browser.js';
import { captureFake, device, FakeRoom } from '../test-support/fake-room.js';
import './device-picker.js';
import { canChooseSpeaker, type RtcDevicePickerElement } from './device-picker.component.js';

function select(el: RtcDevicePickerElement, name: string): HTMLSelectElement {
  return el.shadowRoot!.querySelector<HTMLSelectElement>(`[part~="${name}"]`)!;
}

function labelOf(el: RtcDevicePickerElement, control: HTMLSelectElement): string {
  return el.shadowRoot!.querySelector(`label[for="${control.id}"]`)!.textContent!.trim();
}

describe('<rtc-device-picker>', () => {
  it('lists Chromium’s fake devices in labelled selects', async () => {
    // Labels are only exposed after permission; the fake UI grants it.
    const s = await captureFake();
    s.getTracks().forEach((t) => t.stop());
    const el = await fixture<RtcDevicePickerElement>(html`<rtc-device-picker></rtc-device-picker>`);
    await el.refresh();
    const cam = select(el, 'camera-select');
    const mic = select(el, 'microphone-select');
    await waitFor(() => cam.options.length > 0 && cam.options[0]!.value !== '', 'camera listed');
    expect(labelOf(el, cam)).to.equal('Camera');
    expect(labelOf(el, mic)).to.equal('Microphone');
    // Chromium's fake devices are labelled "fake_device_0"…; Firefox's fake camera has a plain label of its own.
    const labels = [...cam.options].map((o) => o.textContent!.trim());
    expect(labels.every((l) => l.length > 0)).to.equal(true);
    if (!FIREFOX) expect(labels.join()).to.match(/fake/i);
    expect(mic.options.length).to.be.greaterThan(0);
    expect(mic.disabled).to.be.false;
    const speaker = el.shadowRoot!.querySelector('[part~=speaker-select]');
    expect(Boolean(speaker)).to.equal(canChooseSpeaker());
  });

  it('follows the room: its devices, its active device, and switches on change', async () => {
    const room = new FakeRoom();
    room.devices = [
      device('videoinput', 'cam-a', 'Front camera'),
      device('videoinput', 'cam-b', 'Back camera'),
      device('audioinput', 'mic-a', 'Headset'),
      device('audiooutput', 'spk-a', 'Speakers'),
    ];
    room.active = { videoinput: 'cam-b' };
    const el = await fixture<RtcDevicePickerElement>(html`<rtc-device-picker .room=${room.asRoom()}></rtc-device-picker>`);
    await el.refresh();
    const cam = select(el, 'camera-select');
    expect([...cam.options].map((o) => o.textContent!.trim())).to.deep.equal(['Front camera', 'Back camera']);
    expect(cam.value).to.equal('cam-b');

    cam.value = 'cam-a';
    const changed = oneEvent(el, 'rtc-device-change');
    cam.dispatchEvent(new Event('change'));
    const event = await changed;
    expect(event.detail).to.deep.equal({ kind: 'videoinput', deviceId: 'cam-a' });
    expect(event.bubbles && event.composed).to.be.true;
    await el.updateComplete;
    expect(room.calls).to.deep.include(['switchDevice', 'videoinput', 'cam-a']);

    // devicesChanged from the room re-renders the list.
    room.emit('devicesChanged', [...room.devices, device('audioinput', 'mic-b', 'USB mic')]);
    await el.updateComplete;
    expect([...select(el, 'microphone-select').options].map((o) => o.value)).to.deep.equal(['mic-a', 'mic-b']);
  });

  it('does not switch when the page cancels the change, and reports a failed switch', async () => {
    const room = new FakeRoom();
    room.devices = [device('audioinput', 'mic-a', 'A'), device('audioinput', 'mic-b', 'B')];
    const el = await fixture<RtcDevicePickerElement>(html`<rtc-device-picker .room=${room.asRoom()}></rtc-device-picker>`);
    await el.refresh();
    const mic = select(el, 'microphone-select');
    el.addEventListener('rtc-device-change', (e) => e.preventDefault(), { once: true });
    mic.value = 'mic-b';
    mic.dispatchEvent(new Event('change'));
    expect(room.calls.filter(([m]) => m === 'switchDevice')).to.deep.equal([]);

    room.failNext = Object.assign(new Error('No microphone matches the request.'), { code: 'device-not-found' });
    const errored = oneEvent(el, 'rtc-error');
    mic.dispatchEvent(new Event('change'));
    expect((await errored).detail.error.code).to.equal('device-not-found');
  });

  it('says when no device of a kind exists', async () => {
    const el = await fixture<RtcDevicePickerElement>(
      html`<rtc-device-picker .devices=${[device('audioinput', 'm', 'Mic')]}></rtc-device-picker>`,
    );
    const cam = select(el, 'camera-select');
    expect(cam.disabled).to.be.true;
    expect(cam.textContent).to.contain('No camera found');
  });

  it('passes an accessibility audit', async () => {
    const el = await fixture<RtcDevicePickerElement>(
      html`<rtc-device-picker
        .devices=${[device('videoinput', 'c', 'Cam'), device('audioinput', 'm', 'Mic'), device('audiooutput', 's', 'Spk')]}
      ></rtc-device-picker>`,
    );
    await expect(el).to.be.accessible();
  });
});
