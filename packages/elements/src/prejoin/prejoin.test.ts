// Issue 17: the pre-join screen (`<rtc-room prejoin>`): preview, level, devices, name, toggles, Join — from the
// keyboard, with an axe audit — then a real join through the signaling server with what was chosen.
import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { Room, WebSocketSignaling } from '@rtc-room/core';
import { uniqueRoom, waitFor } from '@rtc-room/core/testing';
import '../index.js';
import type { RtcRoomElement } from '../room/room.component.js';
import { seriousViolations } from '../test-support/axe.js';
import { waitForDecodedFrames } from '../test-support/fake-room.js';
import type { RtcPrejoinElement } from './prejoin.component.js';

const SMALL = { video: { width: 320, height: 240, frameRate: 15 } };

function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

describe('<rtc-room prejoin>', function () {
  this.timeout(60_000);
  const rooms: Room[] = [];
  afterEach(async () => {
    fixtureCleanup();
    await Promise.all(rooms.splice(0).map((r) => r.leave()));
  });

  it('shows the pre-join screen instead of joining, then joins from the keyboard with the name and toggles chosen', async () => {
    const roomName = uniqueRoom('prejoin');
    const watcher = new Room({ room: roomName, name: 'Ann', signaling: new WebSocketSignaling(window.RTC_TEST_SIGNALING_URL!), audio: false, video: false });
    rooms.push(watcher);
    await watcher.join();

    const el = await fixture<RtcRoomElement>(html`<rtc-room
      style="height: 480px; width: 800px"
      prejoin
      room=${roomName}
      name="Guest 1"
      server=${window.RTC_TEST_SIGNALING_URL!}
      .roomOptions=${SMALL}
    ></rtc-room>`);
    await waitFor(() => el.shadowRoot!.querySelector('rtc-prejoin') !== null, 'the pre-join screen');
    const screen = el.shadowRoot!.querySelector<RtcPrejoinElement>('rtc-prejoin')!;
    await screen.updateComplete;
    const part = (name: string): HTMLElement | null => screen.shadowRoot!.querySelector<HTMLElement>(`[part~=${name}]`);

    // Nothing joined yet; the preview plays and the microphone level moves (the fake microphone beeps).
    expect(el.roomInstance).to.equal(undefined);
    expect(watcher.participants.size).to.equal(0);
    await waitFor(() => screen.shadowRoot!.querySelector('video') !== null, 'the preview video');
    await waitForDecodedFrames(screen.shadowRoot!.querySelector('video')!, 'camera preview');
    await waitFor(() => Number((part('level') as HTMLMeterElement).value) > 0, 'the microphone level to move');
    expect(part('title')!.textContent).to.equal('Ready to join?');
    const picker = part('device-picker')!.shadowRoot!;
    await waitFor(() => picker.querySelectorAll('select').length >= 2, 'camera and microphone selects');
    expect(await seriousViolations(el)).to.deep.equal([]);

    // Keyboard: the name field has the focus; type a name; Enter on the camera toggle (a native button) turns it off.
    await waitFor(() => deepActive() === part('name-input'), 'the name field focused');
    (part('name-input') as HTMLInputElement).select();
    await sendKeys({ type: 'Bea' });
    const camera = part('camera-toggle')!;
    expect(camera.getAttribute('aria-pressed')).to.equal('true');
    camera.focus();
    await sendKeys({ press: 'Enter' });
    await screen.updateComplete;
    expect(camera.getAttribute('aria-pressed')).to.equal('false');
    await waitFor(() => part('camera-off') !== null, '"Camera is off" in the preview');
    expect(screen.previewStream?.getVideoTracks() ?? [], 'the camera light is off').to.have.length(0);
    expect(await seriousViolations(el)).to.deep.equal([]);

    // Enter in the name field submits: the call starts with the name typed, camera off, microphone on.
    (part('name-input') as HTMLInputElement).focus();
    const joined = oneEvent(el, 'rtc-join');
    await sendKeys({ press: 'Enter' });
    await joined;
    const room = el.roomInstance!;
    expect(room.localParticipant.name).to.equal('Bea');
    expect(room.localParticipant.cameraTrack?.mediaStreamTrack ?? null, 'no camera captured').to.equal(null);
    expect(room.localParticipant.microphoneTrack?.mediaStreamTrack?.readyState).to.equal('live');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('rtc-prejoin'), 'the screen is gone in the call').to.equal(null);
    expect(screen.previewStream, 'the preview was stopped').to.equal(undefined);
    await waitFor(() => [...watcher.participants.values()].some((p) => p.name === 'Bea'), 'Ann to see Bea');
    expect(watcher.participants.size).to.equal(1);
  });
});
