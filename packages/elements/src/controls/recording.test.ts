// <rtc-controls recording-enabled>: the record button records the call with a real Room (fake camera and
// microphone, in-memory signaling), then offers the WebM as a download and dispatches rtc-recording-stopped.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { MemorySignaling, MemorySignalingHub, Room } from '@rtc-room/core';
import './controls.js';
import type { RtcControlsElement } from './controls.component.js';
import { firstRecordedData } from '@rtc-room/core/testing';

const part = (el: RtcControlsElement, name: string): HTMLElement | null => el.shadowRoot!.querySelector(`[part~="${name}"]`);

describe('<rtc-controls recording-enabled>', function () {
  this.timeout(120_000);
  let room: Room;
  beforeEach(async () => {
    room = new Room({ room: 'rec', name: 'Ann', signaling: new MemorySignaling(new MemorySignalingHub()), video: { width: 320, height: 240 } });
    await room.join();
  });
  afterEach(() => room.leave());

  it('has no record button unless enabled', async () => {
    const el = await fixture<RtcControlsElement>(html`<rtc-controls .room=${room}></rtc-controls>`);
    expect(part(el, 'record-button')).to.equal(null);
  });

  it('records, stops, offers the download, and revokes the old link when recording again', async () => {
    const el = await fixture<RtcControlsElement>(html`<rtc-controls recording-enabled .room=${room}></rtc-controls>`);
    const button = part(el, 'record-button') as HTMLButtonElement;
    expect(button.getAttribute('aria-label')).to.equal('Record');
    // A recording stopped before the encoder's first output is empty: wait for that output, however long it takes.
    const encoded = firstRecordedData();
    button.click();
    await waitUntil(() => button.getAttribute('aria-pressed') === 'true', 'recording starts', { timeout: 20_000 });
    await encoded;
    const stopped = oneEvent(el, 'rtc-recording-stopped');
    button.click();
    const { detail } = await stopped;
    expect(detail.blob.size).to.be.greaterThan(0);
    expect(detail.blob.type).to.match(/^video\/webm/);
    expect(detail.fileName).to.match(/^recording-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.webm$/);
    await el.updateComplete;
    expect(button.getAttribute('aria-pressed')).to.equal('false');
    const link = part(el, 'download') as HTMLAnchorElement;
    expect(link.href).to.equal(detail.url);
    expect(link.getAttribute('download')).to.equal(detail.fileName);
    expect((await (await fetch(detail.url)).blob()).size).to.equal(detail.blob.size);

    button.click();
    await waitUntil(() => button.getAttribute('aria-pressed') === 'true', 'second recording starts', { timeout: 20_000 });
    expect(part(el, 'download')).to.equal(null);
    let revoked = false;
    await fetch(detail.url).catch(() => (revoked = true));
    expect(revoked, 'the first object URL is revoked').to.equal(true);
  });

  it('leaving the room ends the recording and still offers it', async () => {
    const el = await fixture<RtcControlsElement>(html`<rtc-controls recording-enabled .room=${room}></rtc-controls>`);
    const button = part(el, 'record-button') as HTMLButtonElement;
    // A recording stopped before the encoder's first output is empty: wait for that output, however long it takes.
    const encoded = firstRecordedData();
    button.click();
    await waitUntil(() => button.getAttribute('aria-pressed') === 'true', 'recording starts', { timeout: 20_000 });
    await encoded;
    const stopped = oneEvent(el, 'rtc-recording-stopped');
    await room.leave();
    expect((await stopped).detail.blob.size).to.be.greaterThan(0);
  });
});
