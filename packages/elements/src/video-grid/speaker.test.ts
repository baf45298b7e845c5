// The active speaker in the UI: <rtc-room> marks the speaker's tile (attribute, part, outline) and the grid's
// speaker layout puts it on the stage. Driven by a FakeRoom emitting activeSpeakerChanged as a Room does.
import { expect, fixture, fixtureCleanup, html, nextFrame } from '@open-wc/testing';
import '../index.js';
import type { RtcRoomElement } from '../room/room.component.js';
import { waitFor } from '@rtc-room/core/testing';
import { FakeParticipant, FakeRoom } from '../test-support/fake-room.js';
import type { RtcVideoTileElement } from '../video-tile/video-tile.component.js';
import type { RtcVideoGridElement } from './video-grid.component.js';

function setup(): { room: FakeRoom; bob: FakeParticipant; cat: FakeParticipant } {
  const room = new FakeRoom();
  const bob = new FakeParticipant('bob', 'Bob');
  const cat = new FakeParticipant('cat', 'Cat');
  room.participants.set(bob.id, bob);
  room.participants.set(cat.id, cat);
  return { room, bob, cat };
}

function grid(el: RtcRoomElement): RtcVideoGridElement {
  return el.shadowRoot!.querySelector('rtc-video-grid')!;
}

function tileOf(el: RtcRoomElement, id: string): RtcVideoTileElement {
  return el.shadowRoot!.querySelector<RtcVideoTileElement>(`rtc-video-tile[data-participant-id="${id}"]`)!;
}

function stageTiles(g: RtcVideoGridElement): Element[] {
  return g.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="stage"]')?.assignedElements() ?? [];
}

async function mountRoom(room: FakeRoom, layout: 'grid' | 'speaker'): Promise<RtcRoomElement> {
  const el = await fixture<RtcRoomElement>(
    html`<rtc-room style="height: 480px; width: 800px" layout=${layout} .room=${room.asRoom()}></rtc-room>`,
  );
  await el.updateComplete;
  return el;
}

describe('active speaker in <rtc-room> and <rtc-video-grid>', () => {
  afterEach(fixtureCleanup);

  it('marks the speaker’s tile: speaking attribute, part `tile speaking`, one tile at a time', async () => {
    const { room, bob, cat } = setup();
    const el = await mountRoom(room, 'grid');
    expect(room.listenersOf('activeSpeakerChanged'), '<rtc-room> listens (that starts level sampling)').to.equal(1);
    expect(el.shadowRoot!.querySelectorAll('rtc-video-tile[speaking]')).to.have.length(0);

    room.speak(bob);
    await waitFor(() => tileOf(el, 'bob').hasAttribute('speaking'), 'Bob’s tile marked');
    const bobTile = tileOf(el, 'bob');
    await bobTile.updateComplete;
    expect(bobTile.shadowRoot!.querySelector('[part~=base]')!.getAttribute('part')).to.equal('base speaking');
    expect(tileOf(el, 'cat').hasAttribute('speaking')).to.equal(false);

    room.speak(cat);
    await waitFor(() => tileOf(el, 'cat').hasAttribute('speaking') && !tileOf(el, 'bob').hasAttribute('speaking'), 'Cat marked, Bob not');
    room.speak(null);
    await waitFor(() => el.shadowRoot!.querySelectorAll('rtc-video-tile[speaking]').length === 0, 'nobody marked');
  });

  it('can be styled from outside: --rtc-speaking-color, rtc-video-tile[speaking], ::part(tile speaking)', async () => {
    const style = document.createElement('style');
    style.textContent = `
      rtc-room.themed { --rtc-speaking-color: rgb(1, 2, 3); }
      rtc-room.themed::part(tile speaking) { border-radius: 5px; }
      rtc-video-tile.plain[speaking] { opacity: 0.5; }
    `;
    document.head.append(style);
    try {
      const { room, bob } = setup();
      const el = await mountRoom(room, 'grid');
      el.classList.add('themed');
      room.speak(bob);
      await waitFor(() => tileOf(el, 'bob').hasAttribute('speaking'), 'Bob’s tile marked');
      const tile = tileOf(el, 'bob');
      await tile.updateComplete;
      const base = tile.shadowRoot!.querySelector('[part~=base]')!;
      expect(getComputedStyle(base).outlineColor).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(base).outlineStyle).to.equal('solid');
      expect(getComputedStyle(base).borderTopLeftRadius).to.equal('5px');
      const other = tileOf(el, 'cat').shadowRoot!.querySelector('[part~=base]')!;
      expect(getComputedStyle(other).outlineStyle, 'no outline on a silent tile').to.equal('none');
      expect(getComputedStyle(other).borderTopLeftRadius).to.not.equal('5px');

      // A tile used alone: the attribute is the styling hook.
      const alone = await fixture<RtcVideoTileElement>(html`<rtc-video-tile class="plain" speaking></rtc-video-tile>`);
      expect(getComputedStyle(alone).opacity).to.equal('0.5');
      expect(getComputedStyle(alone.shadowRoot!.querySelector('[part~=base]')!).outlineStyle).to.equal('solid');
    } finally {
      style.remove();
    }
  });

  it('speaker layout: the first remote tile on the stage until someone speaks, then the speaker, kept while silent', async () => {
    const { room, cat } = setup();
    const el = await mountRoom(room, 'speaker');
    const g = grid(el);
    expect(g.getAttribute('layout')).to.equal('speaker');
    await waitFor(() => stageTiles(g).length === 1, 'a tile on the stage');
    expect(stageTiles(g)[0], 'nobody spoke yet: the first remote').to.equal(tileOf(el, 'bob'));
    expect(g.stageTile).to.equal(tileOf(el, 'bob'));

    room.speak(cat);
    await waitFor(() => stageTiles(g)[0] === tileOf(el, 'cat'), 'Cat on the stage');
    await nextFrame();
    // The stage is the large slot: Cat's tile is larger than every tile in the strip, which holds the others.
    const strip = g.shadowRoot!.querySelector<HTMLSlotElement>('[part~=strip] slot')!.assignedElements();
    expect(strip).to.have.length(2);
    const big = tileOf(el, 'cat').getBoundingClientRect();
    for (const t of strip) expect(t.getBoundingClientRect().width).to.be.lessThan(big.width / 2);
    expect(big.width / big.height).to.be.closeTo(16 / 9, 0.05);

    // The speaker left the spotlight (nobody speaks): the stage keeps Cat, no flicker back to Bob.
    room.speak(null);
    await waitFor(() => !tileOf(el, 'cat').hasAttribute('speaking'), 'Cat unmarked');
    await nextFrame();
    expect(stageTiles(g)[0]).to.equal(tileOf(el, 'cat'));

    // Back to the grid layout: every tile in the one slot, same size.
    el.layout = 'grid';
    await waitFor(() => g.getAttribute('layout') === 'grid' && stageTiles(g).length === 0, 'grid layout');
    await g.updateComplete;
    expect(g.shadowRoot!.querySelector<HTMLSlotElement>('slot:not([name])')!.assignedElements()).to.have.length(3);
  });

  it('a grid alone: layout="speaker" stages the child with the speaking attribute', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`
      <div style="width: 800px; height: 450px">
        <rtc-video-grid layout="speaker">
          <div class="t" local>me</div><div class="t">a</div><div class="t">b</div>
        </rtc-video-grid>
      </div>
    `);
    const g = wrapper.querySelector('rtc-video-grid')!;
    const [, a, b] = [...g.querySelectorAll('.t')];
    await waitFor(() => stageTiles(g)[0] === a, 'the first child without `local` on the stage');
    b!.setAttribute('speaking', '');
    await waitFor(() => stageTiles(g)[0] === b, 'the speaking child on the stage');
    b!.removeAttribute('speaking');
    b!.setAttribute('hidden', '');
    await waitFor(() => stageTiles(g)[0] === a, 'a hidden child leaves the stage');
  });
});
