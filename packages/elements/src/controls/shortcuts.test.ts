import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { MemorySignaling, MemorySignalingHub, Room } from '@rtc-room/core';
import { uniqueRoom, waitFor } from '@rtc-room/core/testing';
import '../index.js';
import type { RtcRoomElement } from '../room/room.component.js';
import type { RtcControlsElement } from './controls.component.js';

function controls(el: RtcRoomElement): RtcControlsElement {
  return el.shadowRoot!.querySelector('rtc-controls')!;
}

function button(el: RtcRoomElement, part: string): HTMLButtonElement {
  return controls(el).shadowRoot!.querySelector<HTMLButtonElement>(`[part~="${part}"]`)!;
}

/** Ctrl + `key`, held down as a person would (puppeteer's Firefox knows no "Control+d" chord). */
async function ctrl(key: string): Promise<void> {
  await sendKeys({ down: 'Control' });
  await sendKeys({ press: key });
  await sendKeys({ up: 'Control' });
}

/** Ctrl + Alt + `key`. */
async function ctrlAlt(key: string): Promise<void> {
  await sendKeys({ down: 'Control' });
  await sendKeys({ down: 'Alt' });
  await sendKeys({ press: key });
  await sendKeys({ up: 'Alt' });
  await sendKeys({ up: 'Control' });
}

describe('keyboard shortcuts (Ctrl/⌘+D microphone, Ctrl/⌘+E camera, Ctrl/⌘+Alt+P people)', () => {
  const rooms: Room[] = [];
  afterEach(async () => {
    fixtureCleanup();
    await Promise.all(rooms.splice(0).map((r) => r.leave()));
  });

  async function inCall(): Promise<{ el: RtcRoomElement; room: Room; input: HTMLInputElement; textarea: HTMLTextAreaElement }> {
    const room = new Room({ room: uniqueRoom('keys'), name: 'Ann', signaling: new MemorySignaling(new MemorySignalingHub()), video: { width: 320, height: 240 } });
    rooms.push(room);
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <input aria-label="Message" /><textarea aria-label="Notes"></textarea>
      <rtc-room style="height: 360px" .room=${room}></rtc-room>
    </div>`);
    await room.join();
    const el = wrapper.querySelector<RtcRoomElement>('rtc-room')!;
    await waitFor(() => Boolean(el.shadowRoot!.querySelector('rtc-controls')), 'the controls');
    await waitFor(() => room.localParticipant.isMicrophoneEnabled && room.localParticipant.isCameraEnabled, 'microphone and camera on');
    return { el, room, input: wrapper.querySelector('input')!, textarea: wrapper.querySelector('textarea')! };
  }

  it('announces the shortcuts on the buttons and toggles the microphone and camera', async () => {
    const { el, room } = await inCall();
    expect(button(el, 'mic-button').getAttribute('aria-keyshortcuts')).to.equal('Control+D Meta+D');
    expect(button(el, 'camera-button').getAttribute('aria-keyshortcuts')).to.equal('Control+E Meta+E');
    document.body.focus();
    await ctrl('d');
    await waitFor(() => !room.localParticipant.isMicrophoneEnabled, 'the microphone off');
    await waitFor(() => button(el, 'mic-button').getAttribute('aria-pressed') === 'false', 'the button to follow');
    await ctrl('e');
    await waitFor(() => !room.localParticipant.isCameraEnabled, 'the camera off');
    await ctrl('d');
    await waitFor(() => room.localParticipant.isMicrophoneEnabled, 'the microphone on again');
    expect(room.localParticipant.isCameraEnabled).to.equal(false);
  });

  it('shows and hides the people panel with Ctrl+Alt+P, not while typing, not with no-shortcuts', async () => {
    const { el, input } = await inCall();
    expect(button(el, 'participants-button').getAttribute('aria-keyshortcuts')).to.equal('Control+Alt+P Meta+Alt+P');
    document.body.focus();
    await ctrlAlt('p');
    await waitFor(() => el.participantsVisible && button(el, 'participants-button').getAttribute('aria-pressed') === 'true', 'the panel shown');
    await waitFor(() => Boolean(el.shadowRoot!.querySelector('rtc-participant-list')), 'the participant list');
    await ctrlAlt('p');
    await waitFor(() => !el.participantsVisible, 'the panel hidden');
    input.focus();
    await ctrlAlt('p');
    input.blur();
    controls(el).noShortcuts = true;
    await controls(el).updateComplete;
    expect(button(el, 'participants-button').hasAttribute('aria-keyshortcuts')).to.equal(false);
    await ctrlAlt('p');
    await el.updateComplete;
    await controls(el).updateComplete;
    expect(el.participantsVisible).to.equal(false);
  });

  it('leaves key presses to a text field being typed in, and is off with no-shortcuts', async () => {
    const { el, room, input, textarea } = await inCall();
    input.focus();
    await sendKeys({ type: 'de' });
    await ctrl('d');
    textarea.focus();
    await ctrl('e');
    expect(input.value).to.equal('de');
    controls(el).noShortcuts = true;
    await controls(el).updateComplete;
    expect(button(el, 'mic-button').hasAttribute('aria-keyshortcuts')).to.equal(false);
    input.blur();
    await ctrl('d');
    // A press that is handled toggles within a task or two; wait for the updates the room would have made.
    await el.updateComplete;
    await controls(el).updateComplete;
    expect(room.localParticipant.isMicrophoneEnabled).to.equal(true);
    expect(room.localParticipant.isCameraEnabled).to.equal(true);
    expect(button(el, 'mic-button').getAttribute('aria-pressed')).to.equal('true');
  });
});
