import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { MemorySignaling, MemorySignalingHub, Room } from '@rtc-room/core';
import { uniqueRoom, waitFor } from '@rtc-room/core/testing';
import '../index.js';
import type { RtcRoomElement } from './room.component.js';

describe('<rtc-room> on a phone (390×844)', () => {
  const rooms: Room[] = [];
  before(async () => {
    await setViewport({ width: 390, height: 844 });
  });
  after(async () => {
    await setViewport({ width: 800, height: 600 });
  });
  afterEach(async () => {
    fixtureCleanup();
    await Promise.all(rooms.splice(0).map((r) => r.leave()));
  });

  it('fits the controls on one row and keeps the invite link in the header usable', async () => {
    const room = new Room({ room: uniqueRoom('phone'), name: 'Ann', signaling: new MemorySignaling(new MemorySignalingHub()), video: { width: 320, height: 240 } });
    rooms.push(room);
    document.body.style.margin = '0';
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 100vw">
      <rtc-room style="height: 100vh" .room=${room}>
        <div slot="header" style="display: flex; gap: 8px; align-items: center">
          <strong>standup</strong>
          <input aria-label="Invite link" readonly value="https://call.example.com/?room=standup-with-a-long-name" />
          <button type="button">Copy invite link</button>
        </div>
      </rtc-room>
    </div>`);
    await room.join();
    const el = wrapper.querySelector<RtcRoomElement>('rtc-room')!;
    await waitFor(() => Boolean(el.shadowRoot!.querySelector('rtc-controls')?.shadowRoot?.querySelector('button')), 'the controls');
    const controls = el.shadowRoot!.querySelector('rtc-controls')!;
    await controls.updateComplete;
    const bar = controls.shadowRoot!.querySelector<HTMLElement>('[part~=controls]')!;
    const buttons = [...bar.querySelectorAll('button')].filter((b) => b.getClientRects().length > 0);
    expect(buttons.length).to.be.at.least(6);
    const boxes = buttons.map((b) => b.getBoundingClientRect());
    const width = document.documentElement.clientWidth;
    expect(width).to.equal(390);
    // One row: every button on the first one's line, none cut off at either edge, nothing to scroll sideways.
    for (const [i, box] of boxes.entries()) {
      expect(Math.abs(box.top - boxes[0]!.top), `button ${i} on the first row`).to.be.below(1);
      expect(box.left, `button ${i} left edge`).to.be.at.least(0);
      expect(box.right, `button ${i} right edge`).to.be.at.most(width);
      // Still big enough to touch (WCAG 2.2 target size, 24 CSS px minimum) and still named.
      expect(box.width).to.be.at.least(24);
      expect(buttons[i]!.getAttribute('aria-label')).to.not.equal('');
    }
    expect(bar.scrollWidth).to.be.at.most(bar.clientWidth);
    expect(document.documentElement.scrollWidth).to.be.at.most(width);
    // The invite link: on screen, and the copy button is what a tap at its centre hits.
    const input = el.querySelector('input')!;
    const copy = el.querySelector('button')!;
    for (const part of [input, copy]) {
      const box = part.getBoundingClientRect();
      expect(box.left).to.be.at.least(0);
      expect(box.right).to.be.at.most(width);
    }
    const box = copy.getBoundingClientRect();
    expect(document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)).to.equal(copy);
    await expect(controls).to.be.accessible();
  });
});
