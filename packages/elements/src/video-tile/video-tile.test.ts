import { expect, fixture, html } from '@open-wc/testing';
import { waitFor } from '@rtc-room/core/testing';
import { captureFake, FakeParticipant, waitForDecodedFrames } from '../test-support/fake-room.js';
import './video-tile.js';
import { initialsOf, type RtcVideoTileElement } from './video-tile.component.js';

const streams: MediaStream[] = [];
async function fakeStream(video = true, audio = true): Promise<MediaStream> {
  const s = await captureFake(video, audio);
  streams.push(s);
  return s;
}

function part(el: RtcVideoTileElement, name: string): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
}

describe('<rtc-video-tile>', () => {
  afterEach(() => {
    for (const s of streams.splice(0)) for (const t of s.getTracks()) t.stop();
  });

  it('renders its parts and labels the tile with the participant name', async () => {
    const p = new FakeParticipant('p1', 'Bob Stone', await fakeStream());
    const el = await fixture<RtcVideoTileElement>(html`<rtc-video-tile .participant=${p}></rtc-video-tile>`);
    expect(part(el, 'base')!.getAttribute('aria-label')).to.equal('Bob Stone');
    expect(part(el, 'video')).to.be.instanceOf(HTMLVideoElement);
    expect(part(el, 'name')!.textContent).to.equal('Bob Stone');
    expect(part(el, 'video')!.getAttribute('aria-label')).to.equal('Video of Bob Stone');
    // The avatar covers the tile until the first frame, then gives way to the video.
    await waitForDecodedFrames(el.videoElement!, 'tile video');
    await waitFor(() => part(el, 'avatar') === null, 'avatar removed once frames arrive');
    expect(part(el, 'mic-off-indicator')).to.be.null;
  });

  it('plays a remote participant’s stream with sound, unmirrored', async () => {
    const stream = await fakeStream();
    const p = new FakeParticipant('p1', 'Bob', stream);
    const el = await fixture<RtcVideoTileElement>(html`<rtc-video-tile .participant=${p}></rtc-video-tile>`);
    const video = el.videoElement!;
    expect(video.srcObject).to.equal(stream);
    expect(video.muted).to.be.false;
    expect(video.autoplay).to.be.true;
    expect(video.hasAttribute('playsinline')).to.be.true; // Firefox has the attribute but no playsInline property
    expect(getComputedStyle(video).transform).to.equal('none');
    await waitForDecodedFrames(video, 'remote tile');
    expect(video.paused).to.be.false;
  });

  it('mutes and mirrors the local view, and the mirror can be turned off', async () => {
    const p = new FakeParticipant('me', 'Ann', await fakeStream());
    const el = await fixture<RtcVideoTileElement>(html`<rtc-video-tile local .participant=${p}></rtc-video-tile>`);
    const video = el.videoElement!;
    expect(video.muted).to.be.true;
    expect(getComputedStyle(video).transform).to.equal('matrix(-1, 0, 0, 1, 0, 0)');
    expect(part(el, 'name')!.textContent).to.equal('Ann (you)');
    el.style.setProperty('--rtc-local-mirror', 'none');
    expect(getComputedStyle(video).transform).to.equal('none');
    await waitForDecodedFrames(video, 'local tile');
  });

  it('shows initials and accessible indicators when camera and microphone are off', async () => {
    const p = new FakeParticipant('p1', 'Bob Stone', await fakeStream(false, true));
    p.isCameraEnabled = false;
    p.isMicrophoneEnabled = false;
    const el = await fixture<RtcVideoTileElement>(html`<rtc-video-tile .participant=${p}></rtc-video-tile>`);
    expect(part(el, 'initials')!.textContent).to.equal('BS');
    expect(part(el, 'mic-off-indicator')!.getAttribute('aria-label')).to.equal('Microphone off');
    expect(part(el, 'camera-off-indicator')!.getAttribute('aria-label')).to.equal('Camera off');
    expect(getComputedStyle(el.videoElement!).visibility).to.equal('hidden');
    // The hidden video still plays the participant's audio.
    expect(el.videoElement!.srcObject).to.equal(p.stream);
    expect(el.videoElement!.muted).to.be.false;

    p.isCameraEnabled = true;
    p.isMicrophoneEnabled = true;
    el.revision += 1;
    await el.updateComplete;
    expect(part(el, 'camera-off-indicator')).to.be.null;
    expect(part(el, 'mic-off-indicator')).to.be.null;
  });

  it('re-attaches the stream when its tracks change; a stream without tracks is not attached', async () => {
    const stream = new MediaStream();
    const p = new FakeParticipant('p1', 'Bob', stream);
    const el = await fixture<RtcVideoTileElement>(html`<rtc-video-tile .participant=${p}></rtc-video-tile>`);
    const video = el.videoElement!;
    // Issue 17: a media element loading a stream without tracks never finishes, and delays the page's load event.
    expect(video.srcObject, 'no tracks yet: nothing attached').to.equal(null);
    expect(video.videoWidth).to.equal(0);
    const source = await fakeStream(true, false);
    stream.addTrack(source.getVideoTracks()[0]!);
    el.revision += 1;
    await el.updateComplete;
    expect(video.srcObject).to.equal(stream);
    await waitForDecodedFrames(video, 'after a track was added');
    // Another track added to the attached stream: the element is reloaded (`emptied`) and plays on.
    let loads = 0;
    video.addEventListener('emptied', () => (loads += 1));
    stream.addTrack((await fakeStream(false, true)).getAudioTracks()[0]!);
    el.revision += 1;
    await el.updateComplete;
    await waitFor(() => loads > 0, 'reloaded after a second track');
    await waitForDecodedFrames(video, 'after the second track');
  });

  it('shows the stats overlay on request', async () => {
    const p = new FakeParticipant('p1', 'Bob', new MediaStream());
    const el = await fixture<RtcVideoTileElement>(
      html`<rtc-video-tile .participant=${p} .stats=${{ roundTripTimeMs: 12 }}></rtc-video-tile>`,
    );
    expect(part(el, 'stats')).to.be.null;
    el.showStats = true;
    await el.updateComplete;
    const overlay = part(el, 'stats')!;
    expect(overlay.tagName).to.equal('RTC-STATS-OVERLAY');
    // The overlay is a lazy chunk, loaded when stats are first shown: its tag says so until it is defined.
    if (!customElements.get('rtc-stats-overlay')) expect(overlay.textContent).to.contain('Loading');
    await waitFor(() => overlay.shadowRoot?.textContent?.includes('12 ms') ?? false, 'the overlay shows the round trip');
  });

  it('routes a remote tile’s audio to the chosen speaker with setSinkId', async () => {
    expect('setSinkId' in HTMLMediaElement.prototype, 'Chromium supports setSinkId').to.be.true;
    const p = new FakeParticipant('p1', 'Bob', new MediaStream());
    const el = await fixture<RtcVideoTileElement>(html`<rtc-video-tile .participant=${p}></rtc-video-tile>`);
    // This machine has no real audio outputs, so record the call instead of routing audio.
    const sinks: string[] = [];
    Object.defineProperty(el.videoElement!, 'setSinkId', { value: async (id: string) => void sinks.push(id) });
    el.sinkId = 'speaker-2';
    await el.updateComplete;
    expect(sinks).to.deep.equal(['speaker-2']);
    el.revision += 1; // re-rendering does not re-apply an unchanged sink
    await el.updateComplete;
    expect(sinks).to.deep.equal(['speaker-2']);

    const local = await fixture<RtcVideoTileElement>(html`<rtc-video-tile local .participant=${p}></rtc-video-tile>`);
    const localSinks: string[] = [];
    Object.defineProperty(local.videoElement!, 'setSinkId', { value: async (id: string) => void localSinks.push(id) });
    local.sinkId = 'speaker-2';
    await local.updateComplete;
    expect(localSinks, 'the muted self-view needs no output').to.deep.equal([]);
  });

  it('computes initials', () => {
    expect(initialsOf('ann')).to.equal('A');
    expect(initialsOf('  Ann  Marie Lee ')).to.equal('AL');
    expect(initialsOf('')).to.equal('?');
  });

  it('passes an accessibility audit with and without camera', async () => {
    const p = new FakeParticipant('p1', 'Bob', await fakeStream());
    const el = await fixture<RtcVideoTileElement>(html`<rtc-video-tile .participant=${p} show-stats></rtc-video-tile>`);
    await expect(el).to.be.accessible();
    p.isCameraEnabled = false;
    p.isMicrophoneEnabled = false;
    el.revision += 1;
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
