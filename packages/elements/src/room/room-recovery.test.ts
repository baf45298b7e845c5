import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { MemorySignaling, MemorySignalingHub, Room, type RtcError } from '@rtc-room/core';
import { uniqueRoom, waitFor } from '@rtc-room/core/testing';
import '../index.js';
import type { RtcRoomElement } from './room.component.js';

const SMALL = { video: { width: 320, height: 240, frameRate: 15 } };

function status(el: RtcRoomElement): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('[part~=status]')!;
}

describe('<rtc-room> reconnecting state', () => {
  const rooms: Room[] = [];
  afterEach(async () => {
    fixtureCleanup();
    await Promise.all(rooms.splice(0).map((r) => r.leave()));
  });

  it('shows "Reconnecting…" with the ice-failed error while a peer connection is down, and clears both once it is back', async () => {
    const hub = new MemorySignalingHub();
    const roomName = uniqueRoom('recover');
    // A connect timeout of 1 ms reports ice-failed before ICE can finish; the connection then comes up anyway,
    // as after a network drop that an ICE restart repaired.
    const ann = new Room({ room: roomName, name: 'Ann', signaling: new MemorySignaling(hub), connectTimeoutMs: 1, ...SMALL });
    const bob = new Room({ room: roomName, name: 'Bob', signaling: new MemorySignaling(hub), ...SMALL });
    rooms.push(ann, bob);
    const el = await fixture<RtcRoomElement>(html`<rtc-room style="height: 360px" .room=${ann}></rtc-room>`);
    const seen: string[] = [];
    el.addEventListener('rtc-error', (event) => {
      const error: RtcError = event.detail.error;
      if (error.code !== 'ice-failed') return;
      void el.updateComplete.then(() => {
        const region = status(el);
        if (region.querySelector('[part~=error][data-code=ice-failed]')) seen.push('error');
        if (region.querySelector('[data-reconnecting]')?.textContent?.includes('Reconnecting…')) seen.push('reconnecting');
      });
    });
    await ann.join();
    await bob.join();
    await waitFor(() => seen.includes('reconnecting'), 'the Reconnecting… notice', 20_000);
    expect(seen).to.include('error');
    // Recovered: the connection to Bob is up, so neither the notice nor the error stays.
    await waitFor(() => !status(el).querySelector('[data-reconnecting], [part~=error]'), 'the banner to clear', 20_000);
    expect(ann.state).to.equal('connected');
    expect(ann.participants.size).to.equal(1);
  });
});
