// Issue 17: axe-core over every element in its main states — zero violations of any impact (WCAG 2.1 A/AA rules
// and best practices), shadow roots included. Real Rooms (in-memory signaling, real RTCPeerConnections) so the
// states are the ones users see; each element's own test file checks its behaviour.
import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import { MemorySignaling, MemorySignalingHub, Room } from '@rtc-room/core';
import { uniqueRoom, waitFor } from '@rtc-room/core/testing';
import './index.js';
import './preflight/preflight.js';
import { loadChat } from './chat/load.js';
import type { RtcRoomElement } from './room/room.component.js';
import { allViolations } from './test-support/axe.js';

const SMALL = { video: { width: 320, height: 240, frameRate: 15 } };

async function audit(el: Element, state: string): Promise<void> {
  expect(await allViolations(el), state).to.deep.equal([]);
}

describe('accessibility of every element (axe-core, zero violations)', function () {
  this.timeout(60_000);
  const rooms: Room[] = [];
  const memoryRoom = (hub: MemorySignalingHub, room: string, name: string): Room => {
    const r = new Room({ room, name, signaling: new MemorySignaling(hub), ...SMALL });
    rooms.push(r);
    return r;
  };
  afterEach(async () => {
    fixtureCleanup();
    await Promise.all(rooms.splice(0).map((r) => r.leave()));
  });

  it('<rtc-room>: ready to join, in a call with a remote (stats and device panel open), and left', async () => {
    const ready = await fixture<RtcRoomElement>(html`<rtc-room style="height: 400px" manual room="standup" signaling="broadcast-channel"></rtc-room>`);
    await audit(ready, 'ready to join');

    const hub = new MemorySignalingHub();
    const name = uniqueRoom('a11y-call');
    const ann = memoryRoom(hub, name, 'Ann');
    await ann.join();
    const el = await fixture<RtcRoomElement>(html`<rtc-room style="height: 480px; width: 800px" .room=${memoryRoom(hub, name, 'Bob')}></rtc-room>`);
    await el.join();
    await waitFor(() => el.shadowRoot!.querySelectorAll('rtc-video-tile').length === 2, 'both tiles');
    await el.updateComplete;
    await audit(el, 'in a call');
    el.statsVisible = true;
    el.devicesVisible = true;
    await el.updateComplete;
    await waitFor(() => el.shadowRoot!.querySelector('rtc-device-picker')?.shadowRoot?.querySelector('select') != null, 'the device panel');
    await audit(el, 'stats and device panel open');
    el.devicesVisible = false;
    await el.leave();
    await el.updateComplete;
    await audit(el, 'left');
  });

  it('<rtc-room>: an owned call left ("You left the call. Rejoin") and a failed join ("Try again")', async () => {
    const el = await fixture<RtcRoomElement>(html`<rtc-room
      style="height: 400px"
      room=${uniqueRoom('a11y-owned')}
      signaling="broadcast-channel"
      .roomOptions=${SMALL}
    ></rtc-room>`);
    await waitFor(() => el.roomInstance?.state === 'connected', 'joined');
    await el.leave();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~=join-button]')!.textContent).to.equal('Rejoin');
    await audit(el, 'left, Rejoin');

    const descriptor = Object.getOwnPropertyDescriptor(window, 'RTCPeerConnection')!;
    delete (window as { RTCPeerConnection?: unknown }).RTCPeerConnection;
    try {
      const errored = oneEvent(el, 'rtc-error');
      await el.join().catch(() => undefined);
      await errored;
    } finally {
      Object.defineProperty(window, 'RTCPeerConnection', descriptor);
    }
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~=join-button]')!.textContent).to.equal('Try again');
    await audit(el, 'failed join with its error');
  });

  it('<rtc-room prejoin>: the pre-join screen', async () => {
    const el = await fixture<RtcRoomElement>(html`<rtc-room style="height: 480px; width: 800px" prejoin room="standup" signaling="broadcast-channel"></rtc-room>`);
    await waitFor(() => el.shadowRoot!.querySelector('rtc-prejoin')?.shadowRoot?.querySelector('video') != null, 'the preview');
    await audit(el, 'pre-join');
  });

  it('<rtc-chat> with messages, and <rtc-preflight> before and after its run', async () => {
    await loadChat();
    const hub = new MemorySignalingHub();
    const name = uniqueRoom('a11y-chat');
    const ann = memoryRoom(hub, name, 'Ann');
    const bob = memoryRoom(hub, name, 'Bob');
    await ann.join();
    await bob.join();
    const chat = await fixture(html`<rtc-chat .room=${ann}></rtc-chat>`);
    await audit(chat, 'chat, empty');
    const received = new Promise<void>((resolve) => ann.on('messageReceived', () => resolve()));
    await waitFor(() => ann.participants.size === 1, 'Ann sees Bob');
    await bob.send('Hello Ann', { topic: 'rtc-chat' });
    await received;
    await waitFor(() => chat.shadowRoot!.textContent!.includes('Hello Ann'), 'the message shown');
    await audit(chat, 'chat with a message');

    const preflight = await fixture(html`<rtc-preflight .options=${{ uplinkDurationMs: 500 }}></rtc-preflight>`);
    await audit(preflight, 'preflight, not run');
    const done = oneEvent(preflight, 'rtc-preflight-complete');
    preflight.shadowRoot!.querySelector('button')!.click();
    await done;
    await audit(preflight, 'preflight results');
  });
});
