import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { Room, WebSocketSignaling } from '@rtc-room/core';
import { uniqueRoom, waitFor } from '@rtc-room/core/testing';
import { signalingUrl, testAuth } from '../../../core/src/test-support/env.js';
import { signToken } from '../../../core/src/test-support/media-probe.js';
import { seriousViolations } from '../test-support/axe.js';
import type { RtcParticipantListElement } from './participant-list.component.js';
import './participant-list.js';
import '../index.js';


/** The focused element, inside open shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

const rooms: Room[] = [];
async function joinAs(room: string, name: string, role: 'publisher' | 'moderator'): Promise<Room> {
  const { secret, signalingUrl: url } = testAuth();
  const token = await signToken(secret, { room, name, role, jti: `${name}-${Math.random()}` });
  const r = new Room({ room, name, signaling: new WebSocketSignaling(url, { token }), video: false });
  rooms.push(r);
  await r.join();
  return r;
}
const parts = (list: RtcParticipantListElement, part: string): HTMLElement[] => [...list.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${part}"]`)];

// Issue 17 (participant list) and 19 (its moderator menu).
describe('<rtc-participant-list>', function () {
  this.timeout(60_000);
  afterEach(async () => {
    fixtureCleanup();
    await Promise.all(rooms.splice(0).map((r) => r.leave()));
  });

  it('lists everyone (you first, roles, mic state); arrows move between rows; the moderator menu is for moderators only', async () => {
    const name = uniqueRoom('people');
    const mod = await joinAs(name, 'Mona', 'moderator');
    const ada = await joinAs(name, 'Ada', 'publisher');
    await waitFor(() => mod.participants.size === 1 && ada.participants.size === 1, 'both in the room');
    const modList = await fixture<RtcParticipantListElement>(html`<rtc-participant-list .room=${mod}></rtc-participant-list>`);
    const adaList = await fixture<RtcParticipantListElement>(html`<rtc-participant-list .room=${ada}></rtc-participant-list>`);

    const rows = parts(modList, 'participant');
    expect(rows.map((r) => r.querySelector('[part~="name"]')!.textContent)).to.deep.equal(['Mona', 'Ada']);
    expect(rows[0]!.getAttribute('part')).to.contain('local');
    expect(rows[0]!.getAttribute('aria-label')).to.match(/^Mona \(you\), microphone on/);
    expect(parts(adaList, 'participant')[1]!.textContent).to.contain('Moderator');
    expect(modList.shadowRoot!.querySelector('[role="list"]')).to.exist;
    // Only a moderator gets the per-participant menu (not on its own row) and the lock toggle.
    expect(parts(modList, 'menu-button')).to.have.length(1);
    expect(parts(modList, 'lock-button')).to.have.length(1);
    expect(parts(adaList, 'menu-button')).to.have.length(0);
    expect(parts(adaList, 'lock-button')).to.have.length(0);
    expect(await seriousViolations(modList)).to.deep.equal([]);

    // Keyboard: rows take the focus with the arrows (roving tabindex).
    rows[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    expect(deepActive()).to.equal(rows[1]);
    expect(rows.map((r) => r.tabIndex)).to.deep.equal([-1, 0]);
    await sendKeys({ press: 'Home' });
    expect(deepActive()).to.equal(rows[0]);

    // The menu button opens its menu from the keyboard; Escape closes it and gives the focus back.
    const menuButton = parts(modList, 'menu-button')[0]!;
    menuButton.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => parts(modList, 'menu').length === 1, 'the menu opens');
    expect(menuButton.getAttribute('aria-expanded')).to.equal('true');
    expect(deepActive()).to.equal(parts(modList, 'mute-item')[0]);
    await sendKeys({ press: 'ArrowDown' });
    expect(deepActive()).to.equal(parts(modList, 'remove-item')[0]);
    await sendKeys({ press: 'Escape' });
    await waitFor(() => parts(modList, 'menu').length === 0, 'Escape closes the menu');
    expect(deepActive()).to.equal(menuButton);

    // Mute from the menu: Ada's microphone goes off, and her row says so.
    menuButton.click();
    await waitFor(() => parts(modList, 'mute-item').length === 1, 'the menu opens');
    parts(modList, 'mute-item')[0]!.click();
    await waitFor(() => ada.localParticipant.microphoneTrack?.muted === true, "Ada's microphone is off");
    await waitFor(() => /microphone off/.test(parts(modList, 'participant')[1]!.getAttribute('aria-label') ?? ''), "Ada's row shows it");

    // Lock room.
    parts(modList, 'lock-button')[0]!.click();
    await waitFor(() => parts(modList, 'lock-button')[0]!.getAttribute('aria-pressed') === 'true', 'the room is locked');
  });

  it('<rtc-room> opens it lazily from the people button; it takes the focus and Escape closes it', async () => {
    const el = document.createElement('rtc-room');
    Object.assign(el, { room: uniqueRoom('people-panel'), name: 'Ann', server: signalingUrl(), roomOptions: { video: false } });
    const joined = oneEvent(el, 'rtc-join');
    await fixture(html`<div style="width: 640px; height: 360px">${el}</div>`);
    await joined;
    await el.updateComplete;
    const controls = el.shadowRoot!.querySelector('rtc-controls')!;
    await controls.updateComplete;
    const button = controls.shadowRoot!.querySelector<HTMLButtonElement>('[part~="participants-button"]')!;
    button.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => el.shadowRoot!.querySelector('rtc-participant-list')?.shadowRoot?.contains(deepActive()) === true, 'the panel opens with the focus');
    expect(el.participantsVisible).to.equal(true);
    await sendKeys({ press: 'Escape' });
    await waitFor(() => el.shadowRoot!.querySelector('rtc-participant-list') === null, 'Escape closes it');
    expect(deepActive()).to.equal(button);
  });
});
