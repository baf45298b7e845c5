// Screen share in the UI: <rtc-video-grid> presents a `source="screen"` child on the stage (people in the strip) and
// goes back when it leaves; <rtc-room> renders a screen tile per sharer; <rtc-controls> has the share toggle.
// Driven by a FakeRoom that emits what a Room emits.
import { expect, fixture, fixtureCleanup, html, nextFrame } from '@open-wc/testing';
import '../index.js';
import type { RtcControlsElement } from '../controls/controls.component.js';
import type { RtcRoomElement } from '../room/room.component.js';
import { waitFor } from '@rtc-room/core/testing';
import { canvasTrack, FakeParticipant, FakeRoom } from '../test-support/fake-room.js';
import type { RtcVideoTileElement } from '../video-tile/video-tile.component.js';
import type { RtcVideoGridElement } from './video-grid.component.js';

function stageOf(grid: RtcVideoGridElement): Element[] {
  return grid.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="stage"]')?.assignedElements() ?? [];
}

function stripOf(grid: RtcVideoGridElement): Element[] {
  return grid.shadowRoot!.querySelector<HTMLSlotElement>('slot:not([name])')!.assignedElements();
}

describe('presentation (screen share) in <rtc-video-grid>', () => {
  afterEach(fixtureCleanup);

  for (const layout of ['grid', 'speaker'] as const) {
    it(`layout="${layout}": a screen tile goes on the stage, the others in the strip; back to ${layout} when it leaves`, async () => {
      const grid = await fixture<RtcVideoGridElement>(html`<rtc-video-grid layout=${layout} style="width: 800px; height: 450px">
        <div local id="me"></div>
        <div id="bob"></div>
        <div id="cat"></div>
      </rtc-video-grid>`);
      const screen = Object.assign(document.createElement('div'), { id: 'screen' });
      screen.setAttribute('source', 'screen');
      grid.append(screen);
      await waitFor(() => grid.presenting && stageOf(grid)[0] === screen, 'the screen on the stage');
      expect(grid.hasAttribute('presenting')).to.equal(true);
      expect(grid.stageTile).to.equal(screen);
      expect(stripOf(grid).map((e) => e.id)).to.deep.equal(['me', 'bob', 'cat']);
      const stage = grid.shadowRoot!.querySelector('[part~=stage]')!.getBoundingClientRect();
      expect(stage.height, 'the stage is the large area').to.be.greaterThan(250);

      screen.remove();
      await waitFor(() => !grid.presenting, 'presentation to end');
      await grid.updateComplete;
      await nextFrame();
      expect(grid.hasAttribute('presenting')).to.equal(false);
      if (layout === 'grid') {
        expect(grid.shadowRoot!.querySelector('[part~=stage]')).to.equal(null);
        expect(grid.stageTile).to.equal(undefined);
        expect(stripOf(grid)).to.have.length(3);
      } else {
        expect(stageOf(grid).map((e) => e.id)).to.deep.equal(['bob']);
      }
    });
  }

  it('a remote share is presented before your own; the one on the stage stays while it lasts', async () => {
    const grid = await fixture<RtcVideoGridElement>(html`<rtc-video-grid style="width: 800px; height: 450px">
      <div id="bob"></div>
      <div id="mine" local source="screen"></div>
    </rtc-video-grid>`);
    await waitFor(() => stageOf(grid)[0]?.id === 'mine', 'your own share on the stage');
    const bobs = Object.assign(document.createElement('div'), { id: 'bobs' });
    bobs.setAttribute('source', 'screen');
    grid.append(bobs);
    await nextFrame();
    await grid.updateComplete;
    expect(stageOf(grid)[0]?.id, 'stable while the first share lasts').to.equal('mine');
    grid.querySelector('#mine')!.remove();
    await waitFor(() => stageOf(grid)[0]?.id === 'bobs', "Bob's share on the stage");
  });
});

describe('screen share in <rtc-room> and <rtc-controls>', () => {
  afterEach(fixtureCleanup);

  it("a participant's share gets its own tile, presented large, showing the screen track; it goes when the share ends", async () => {
    const room = new FakeRoom();
    const bob = new FakeParticipant('bob', 'Bob');
    room.participants.set(bob.id, bob);
    const el = await fixture<RtcRoomElement>(html`<rtc-room style="height: 480px; width: 800px" .room=${room.asRoom()}></rtc-room>`);
    const grid = el.shadowRoot!.querySelector<RtcVideoGridElement>('rtc-video-grid')!;
    const track = canvasTrack();
    room.share(bob, track);
    await waitFor(() => el.shadowRoot!.querySelector('rtc-video-tile[source="screen"]') !== null, 'a screen tile');
    const tile = el.shadowRoot!.querySelector<RtcVideoTileElement>('rtc-video-tile[source="screen"]')!;
    await waitFor(() => grid.presenting && grid.stageTile === tile, 'the grid to present it');
    expect(tile.getAttribute('part')).to.equal('screen-tile');
    await tile.updateComplete;
    const video = tile.videoElement!;
    expect((video.srcObject as MediaStream).getVideoTracks()).to.deep.equal([track]);
    expect(getComputedStyle(video).objectFit).to.equal('contain');
    expect(tile.shadowRoot!.querySelector('[part~=name]')!.textContent).to.equal('Bob: screen');
    await waitFor(() => video.videoWidth > 0, 'the screen tile to show frames');

    room.share(bob, null);
    await waitFor(() => el.shadowRoot!.querySelector('rtc-video-tile[source="screen"]') === null, 'the screen tile to go');
    await waitFor(() => !grid.presenting, 'the grid to stop presenting');
    track.stop();
  });

  it('the share button toggles the share (aria-pressed), follows a share the browser ended, and ignores a cancelled picker', async () => {
    const room = new FakeRoom();
    const el = await fixture<RtcControlsElement>(html`<rtc-controls .room=${room.asRoom()}></rtc-controls>`);
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~=screen-share-button]')!;
    expect(button.hidden).to.equal(false);
    expect(button.getAttribute('aria-label')).to.equal('Share screen');
    expect(button.getAttribute('aria-pressed')).to.equal('false');
    const toggles: boolean[] = [];
    el.addEventListener('rtc-toggle-screen-share', (e) => toggles.push(e.detail.enabled));

    button.click();
    await waitFor(() => button.getAttribute('aria-pressed') === 'true', 'pressed while sharing');
    expect(room.calls.at(-1)).to.deep.equal(['startScreenShare']);
    expect(el.screenSharing).to.equal(true);

    // The browser's "Stop sharing": the Room ends the share by itself.
    await room.stopScreenShare();
    await waitFor(() => button.getAttribute('aria-pressed') === 'false', 'released when the share ended');

    const errors: unknown[] = [];
    el.addEventListener('rtc-error', (e) => errors.push(e.detail.error));
    room.failNext = Object.assign(new Error('Permission denied'), { code: 'device-denied', name: 'MediaError' });
    button.click();
    await nextFrame();
    await el.updateComplete;
    expect(errors, 'cancelling the picker is not an error').to.have.length(0);
    expect(button.getAttribute('aria-pressed')).to.equal('false');
    expect(toggles).to.deep.equal([true, true]);
  });

  it('the share button is hidden where the browser cannot share screens', async () => {
    Object.defineProperty(navigator.mediaDevices, 'getDisplayMedia', { value: undefined, configurable: true });
    try {
      const el = await fixture<RtcControlsElement>(html`<rtc-controls></rtc-controls>`);
      const button = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~=screen-share-button]')!;
      expect(button.hidden).to.equal(true);
      expect(getComputedStyle(button).display).to.equal('none');
    } finally {
      delete (navigator.mediaDevices as { getDisplayMedia?: unknown }).getDisplayMedia;
    }
  });
});
