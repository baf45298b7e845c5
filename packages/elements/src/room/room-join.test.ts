// Issue 17: <rtc-room> while joining — attributes changed mid-join end in the state the last attributes describe
// (no blank box, no leaked connection, no second participant), and a join that fails shows a typed error state.
// Real signaling server on loopback; a core Room watches each room from the server's side.
import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import { Room, WebSocketSignaling } from '@rtc-room/core';
import { uniqueRoom, waitFor } from '@rtc-room/core/testing';
import '../index.js';
import type { RtcRoomElement } from './room.component.js';

const SMALL = { video: { width: 320, height: 240, frameRate: 15 } };
const url = (): string => window.RTC_TEST_SIGNALING_URL!;

const watchers: Room[] = [];
/** A participant already in `room`, and the names of everyone it has seen join. */
async function watch(room: string, name = 'Watcher'): Promise<{ room: Room; seen: string[] }> {
  const r = new Room({ room, name, signaling: new WebSocketSignaling(url()), audio: false, video: false });
  watchers.push(r);
  const seen: string[] = [];
  r.on('participantJoined', (p) => seen.push(p.name));
  await r.join();
  return { room: r, seen };
}
const names = (room: Room): string[] => [...room.participants.values()].map((p) => p.name);

function element(props: Partial<RtcRoomElement>): RtcRoomElement {
  const el = document.createElement('rtc-room');
  Object.assign(el, { roomOptions: SMALL, ...props });
  el.style.height = '360px';
  return el;
}

describe('<rtc-room> while joining', function () {
  this.timeout(60_000);
  afterEach(async () => {
    fixtureCleanup();
    await Promise.all(watchers.splice(0).map((r) => r.leave()));
  });

  for (const change of ['room', 'name', 'server'] as const) {
    it(`ends in the call the last attributes describe when ${change} changes mid-join`, async () => {
      const first = uniqueRoom(`mid-${change}-a`);
      const last = change === 'room' ? uniqueRoom(`mid-${change}-b`) : first;
      const before = await watch(first, 'Ann');
      const after = last === first ? before : await watch(last, 'Ann');
      // server: the first URL is one nothing answers (the join would hang in retries), the last one is real.
      const el = element({ room: first, name: 'Bob', server: change === 'server' ? 'ws://127.0.0.1:9/ws' : url() });
      await fixture(html`<div>${el}</div>`);
      await waitFor(() => el.roomInstance?.state === 'connecting', 'the first join to start');
      const abandoned = el.roomInstance!;
      const joined = oneEvent(el, 'rtc-join');
      if (change === 'room') el.room = last;
      if (change === 'name') el.name = 'Bobby';
      if (change === 'server') el.server = url();
      const { detail } = await joined;
      expect(detail.room).to.equal(last);
      const room = el.roomInstance!;
      expect(room).to.not.equal(abandoned);
      expect(room.state).to.equal('connected');
      expect(room.localParticipant.name).to.equal(change === 'name' ? 'Bobby' : 'Bob');
      expect(abandoned.state, 'the first Room was left').to.equal('disconnected');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('rtc-controls'), 'the call UI, not a blank box').to.exist;
      // A sentinel joins after: once the watchers see it, every earlier join reached them.
      const sentinel = await watch(last, 'Cid');
      await waitFor(() => names(after.room).includes('Cid'), 'the sentinel');
      const expected = change === 'name' ? 'Bobby' : 'Bob';
      await waitFor(() => names(after.room).length === 2, () => `only ${expected} and Cid in ${names(after.room).join(', ')}`, 15_000);
      expect(names(after.room).sort()).to.deep.equal([expected, 'Cid'].sort());
      expect(names(sentinel.room)).to.deep.equal(['Ann', expected]);
      if (change === 'room') await waitFor(() => before.room.participants.size === 0, 'nobody left in the first room', 15_000);
    });
  }

  it('a failed join shows a typed error state with "Try again", not "You left the call"', async () => {
    const el = element({ room: uniqueRoom('fail-state'), name: 'Bob', server: url() });
    const errored = oneEvent(el, 'rtc-error');
    const descriptor = Object.getOwnPropertyDescriptor(window, 'RTCPeerConnection')!;
    delete (window as { RTCPeerConnection?: unknown }).RTCPeerConnection;
    try {
      await fixture(html`<div>${el}</div>`);
      expect((await errored).detail.error.code).to.equal('unsupported-browser');
    } finally {
      Object.defineProperty(window, 'RTCPeerConnection', descriptor);
    }
    await el.updateComplete;
    const base = el.shadowRoot!.querySelector<HTMLElement>('[part~=base]')!;
    expect(base.dataset.state).to.equal('disconnected');
    const region = el.shadowRoot!.querySelector<HTMLElement>('[part~=status]')!;
    expect(region.querySelector('[part~=error]')!.getAttribute('data-code')).to.equal('unsupported-browser');
    expect(region.textContent).to.contain('cannot make video calls');
    expect(region.textContent).to.contain('Could not join the call');
    expect(region.textContent).to.not.contain('You left the call');
    const retry = region.querySelector<HTMLButtonElement>('[part~=join-button]')!;
    expect(retry.textContent!.trim()).to.equal('Try again');
    // With WebRTC back, "Try again" joins.
    const joined = oneEvent(el, 'rtc-join');
    retry.click();
    await joined;
    expect(el.roomInstance!.state).to.equal('connected');
  });

  it('says "You left the call" after its leave button, "The call ended" when the Room ended without it', async () => {
    const el = element({ room: uniqueRoom('ended'), signaling: 'broadcast-channel' });
    await fixture(html`<div>${el}</div>`);
    await oneEvent(el, 'rtc-join');
    await el.updateComplete;
    const controls = el.shadowRoot!.querySelector('rtc-controls')!;
    await controls.updateComplete;
    controls.shadowRoot!.querySelector<HTMLButtonElement>('[part~=leave-button]')!.click();
    await oneEvent(el, 'rtc-leave');
    await el.updateComplete;
    const region = (): HTMLElement => el.shadowRoot!.querySelector<HTMLElement>('[part~=status]')!;
    expect(region().textContent).to.contain('You left the call.');
    expect(region().querySelector('[data-outcome]')!.getAttribute('data-outcome')).to.equal('left');
    const rejoined = oneEvent(el, 'rtc-join');
    region().querySelector<HTMLButtonElement>('[part~=join-button]')!.click();
    await rejoined;
    // Ended from outside the element (the app, or the Room after signaling gave up): not "You left".
    await el.roomInstance!.leave();
    await el.updateComplete;
    expect(region().textContent).to.contain('The call ended.');
    expect(region().querySelector('[part~=join-button]')!.textContent).to.equal('Rejoin');
    // Localised: the strings property replaces the sentences it names.
    el.strings = { ended: 'Der Anruf wurde beendet.', rejoin: 'Erneut beitreten' };
    await el.updateComplete;
    expect(region().textContent).to.contain('Der Anruf wurde beendet.');
    expect(region().querySelector('[part~=join-button]')!.textContent).to.equal('Erneut beitreten');
  });

  it('shows both messages when neither the camera nor the microphone can be captured', async () => {
    const el = element({
      room: uniqueRoom('no-devices'),
      signaling: 'broadcast-channel',
      roomOptions: { audio: { deviceId: { exact: 'no-such-microphone' } }, video: { deviceId: { exact: 'no-such-camera' } } },
    });
    const codes: string[] = [];
    el.addEventListener('rtc-error', (e) => codes.push(e.detail.error.code));
    await fixture(html`<div>${el}</div>`);
    await waitFor(() => codes.length === 2, 'two device errors');
    await el.updateComplete;
    const shown = el.shadowRoot!.querySelector('[part~=error]')!;
    expect(shown.getAttribute('data-code')).to.equal('device-not-found');
    expect(shown.textContent).to.contain('camera').and.to.contain('microphone');
  });
});
