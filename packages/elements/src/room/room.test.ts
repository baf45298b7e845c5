import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import { MemorySignaling, MemorySignalingHub, Room } from '@rtc-room/core';
import { uniqueRoom, waitFor } from '@rtc-room/core/testing';
import { waitForDecodedFrames } from '../test-support/fake-room.js';
import type { RtcVideoTileElement } from '../video-tile/video-tile.component.js';
import '../index.js';
import type { RtcRoomElement } from './room.component.js';
import { FIREFOX, FIREFOX_CANNOT, skipInFirefox } from '../test-support/browser.js';

declare global {
  interface Window {
    /** Set by web-test-runner.config.mjs: the real signaling server of the test run. */
    RTC_TEST_SIGNALING_URL?: string;
  }
}

const SMALL = { video: { width: 320, height: 240, frameRate: 15 } };

function tiles(el: RtcRoomElement): RtcVideoTileElement[] {
  return [...el.shadowRoot!.querySelectorAll('rtc-video-tile')];
}

function status(el: RtcRoomElement): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('[part~=status]')!;
}

/** Mounts `<rtc-room>` and resolves with it once `rtc-join` fired (the listener is in place before it connects). */
async function mountJoined(roomName: string, name: string, extra: Partial<RtcRoomElement> = {}): Promise<RtcRoomElement> {
  const el = document.createElement('rtc-room');
  Object.assign(el, { room: roomName, name, server: window.RTC_TEST_SIGNALING_URL!, roomOptions: SMALL, ...extra });
  el.style.height = '360px';
  const joined = oneEvent(el, 'rtc-join');
  const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 640px"></div>`);
  wrapper.append(el);
  await joined;
  await el.updateComplete;
  return el;
}

const followed: Room[] = [];
function memoryRoom(hub: MemorySignalingHub, roomName: string, name: string): Room {
  const room = new Room({ room: roomName, name, signaling: new MemorySignaling(hub), ...SMALL });
  followed.push(room);
  return room;
}

describe('<rtc-room>', () => {
  afterEach(async () => {
    fixtureCleanup();
    await Promise.all(followed.splice(0).map((r) => r.leave()));
  });

  it('joins over the signaling server, announces it and shows the local tile', async () => {
    const roomName = uniqueRoom('join');
    const el = document.createElement('rtc-room');
    Object.assign(el, { room: roomName, name: 'Ann', server: window.RTC_TEST_SIGNALING_URL!, roomOptions: SMALL });
    const states: string[] = [];
    el.addEventListener('rtc-state-change', (e) => states.push(e.detail.state));
    const joined = oneEvent(el, 'rtc-join');
    await fixture(html`<div style="height: 400px">${el}</div>`);
    const event = await joined;
    expect(event.bubbles && event.composed).to.be.true;
    expect(event.detail.room).to.equal(roomName);
    expect(event.detail.participantId).to.be.a('string').and.not.equal('');
    expect(states).to.deep.equal(['connecting', 'connected']);
    expect(el.roomInstance?.state).to.equal('connected');
    await el.updateComplete;

    const [local] = tiles(el);
    expect(tiles(el)).to.have.length(1);
    expect(local!.local).to.be.true;
    await local!.updateComplete;
    expect(local!.videoElement!.muted).to.be.true;
    expect(local!.shadowRoot!.querySelector('[part~=name]')!.textContent).to.equal('Ann (you)');
    await waitForDecodedFrames(local!.videoElement!, 'local preview');
    expect(el.shadowRoot!.querySelector('[part~=empty]')!.textContent).to.contain('Waiting for others');
    expect(el.shadowRoot!.querySelector('rtc-controls')).to.exist;
  });

  it('two <rtc-room>s on one page meet and decode each other’s video', async () => {
    const roomName = uniqueRoom('pair');
    const ann = await mountJoined(roomName, 'Ann');
    const bobJoinSeen = oneEvent(ann, 'rtc-participant-join');
    const bob = await mountJoined(roomName, 'Bob');
    const { detail } = await bobJoinSeen;
    expect(detail.participant.name).to.equal('Bob');
    expect(detail.participant.id).to.equal(bob.roomInstance!.localParticipant.id);

    for (const [el, other] of [
      [ann, 'Bob'],
      [bob, 'Ann'],
    ] as const) {
      await waitFor(() => tiles(el).length === 2, `${other}'s tile on the other side`);
      const remote = tiles(el)[1]!;
      expect(remote.local).to.be.false;
      expect(remote.participant!.name).to.equal(other);
      await waitFor(() => remote.videoElement?.srcObject instanceof MediaStream, 'stream attached');
      const video = remote.videoElement!;
      await waitForDecodedFrames(video, `${other}'s video`);
      expect(video.muted, 'remote audio plays').to.be.false;
      expect((video.srcObject as MediaStream).getAudioTracks()).to.have.length(1);
      expect(el.shadowRoot!.querySelector('[part~=empty]')).to.be.null;
    }

    // Statistics: toggled from the controls, fed from room.startStats() into each remote tile.
    const statsButton = ann.shadowRoot!.querySelector('rtc-controls')!.shadowRoot!.querySelector<HTMLButtonElement>(
      '[part~=stats-button]',
    )!;
    statsButton.click();
    await ann.updateComplete;
    expect(ann.statsVisible).to.be.true;
    const remote = tiles(ann)[1]!;
    await waitFor(() => {
      const overlay = remote.shadowRoot!.querySelector('rtc-stats-overlay');
      return Boolean(overlay?.shadowRoot?.textContent?.includes('fps'));
    }, 'stats overlay filled');
    const overlayText = remote.shadowRoot!.querySelector('rtc-stats-overlay')!.shadowRoot!.textContent!;
    expect(overlayText).to.match(/host|srflx|prflx|relay/);

    // Bob leaves with his leave button: Ann sees him go, Bob sees the rejoin prompt.
    const bobLeft = oneEvent(ann, 'rtc-participant-leave');
    const bobLeave = oneEvent(bob, 'rtc-leave');
    bob.shadowRoot!.querySelector('rtc-controls')!.shadowRoot!.querySelector<HTMLButtonElement>('[part~=leave-button]')!.click();
    expect((await bobLeave).detail.room).to.equal(roomName);
    expect((await bobLeft).detail.participant.name).to.equal('Bob');
    await bob.updateComplete;
    expect(status(bob).textContent).to.contain('You left the call');
    expect(tiles(bob)).to.have.length(0);
    await waitFor(() => tiles(ann).length === 1, 'Bob’s tile removed');

    // Rejoin creates a fresh Room (a Room is single-use).
    const first = bob.roomInstance;
    const rejoined = oneEvent(bob, 'rtc-join');
    bob.shadowRoot!.querySelector<HTMLButtonElement>('[part~=join-button]')!.click();
    await rejoined;
    expect(bob.roomInstance).to.not.equal(first);
    await waitFor(() => tiles(ann).length === 2, 'Bob back');
  });

  it('ice-transport-policy="relay" sends everything through TURN, and the stats overlay says relay', async () => {
    const turn = (window as { RTC_TEST_TURN?: { signalingUrl: string } | null }).RTC_TEST_TURN;
    if (!turn) throw new Error('coturn is not running (apt-get install -y coturn)');
    const roomName = uniqueRoom('relay');
    const mount = async (name: string): Promise<RtcRoomElement> => {
      const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 640px"></div>`);
      wrapper.innerHTML = `<rtc-room ice-transport-policy="relay" stats-visible style="height: 360px"></rtc-room>`;
      const el = wrapper.querySelector('rtc-room')!;
      const joined = oneEvent(el, 'rtc-join');
      Object.assign(el, { roomOptions: SMALL, name, server: turn.signalingUrl });
      el.setAttribute('room', roomName);
      await joined;
      return el;
    };
    const ann = await mount('Ann');
    const bob = await mount('Bob');
    await waitFor(() => tiles(ann).length === 2, 'Bob on Ann');
    const remote = tiles(ann)[1]!;
    await waitForDecodedFrames(remote.videoElement!, 'Bob through TURN');
    await waitFor(() => {
      const text = remote.shadowRoot!.querySelector('rtc-stats-overlay')?.shadowRoot?.textContent ?? '';
      return text.includes('relay');
    }, 'stats overlay showing relay');
    // Each side's own candidate is the proof: Ann's remote candidate is Bob's local one, but when Bob's connectivity
    // check reaches Ann before his signaled relay candidate does (a loaded machine), Ann learns that same TURN
    // address as peer-reflexive (RFC 8445 §7.3.1.3) and Firefox keeps calling it `prflx`.
    const annStats = (await ann.roomInstance!.getStats()).get(remote.participant!.id);
    const bobStats = (await bob.roomInstance!.getStats()).get(ann.roomInstance!.localParticipant.id);
    expect([annStats?.localCandidateType, bobStats?.localCandidateType]).to.deep.equal(['relay', 'relay']);
    expect(['relay', 'prflx']).to.include(annStats?.remoteCandidateType);
  });

  it('leaves the room it owns when removed from the page', async () => {
    const roomName = uniqueRoom('remove');
    const ann = await mountJoined(roomName, 'Ann');
    const bob = await mountJoined(roomName, 'Bob');
    await waitFor(() => tiles(ann).length === 2, 'Bob in Ann’s grid');
    const bobRoom = bob.roomInstance!;
    const gone = oneEvent(ann, 'rtc-participant-leave');
    const left = oneEvent(bob, 'rtc-leave');
    bob.remove();
    await left;
    await gone;
    await waitFor(() => bobRoom.state === 'disconnected', 'Bob’s room left');
  });

  it('says so when a camera stops and another one takes over, and shows an error when none is left', async function () {
    skipInFirefox(this, FIREFOX_CANNOT.switchCameras);
    const probe = await navigator.mediaDevices.getUserMedia({ video: true });
    probe.getTracks().forEach((t) => t.stop());
    const cameras = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    const start = cameras.find((c) => c.label === 'fake_device_2')!;
    const room = new Room({
      room: uniqueRoom('unplug'),
      name: 'Ann',
      signaling: new MemorySignaling(new MemorySignalingHub()),
      video: { ...SMALL.video, deviceId: { exact: start.deviceId } },
    });
    followed.push(room);
    const el = await fixture<RtcRoomElement>(html`<rtc-room style="height: 360px" .room=${room}></rtc-room>`);
    await room.join();
    await room.listDevices();
    const unplug = (): void => {
      const track = room.localParticipant.cameraTrack!.mediaStreamTrack!;
      track.dispatchEvent(new Event('ended')); // first: Firefox delivers no event to a stopped track
      track.stop();
    };
    unplug();
    await waitFor(() => Boolean(status(el).querySelector('[part~=device-notice]')), 'the device notice');
    expect(status(el).querySelector('[part~=device-notice]')!.textContent).to.match(/camera stopped; now using fake_device_0/);
    expect(room.localParticipant.isCameraEnabled).to.equal(true);

    // No camera left at all: the camera goes off and the error is shown.
    const realEnumerate = navigator.mediaDevices.enumerateDevices.bind(navigator.mediaDevices);
    navigator.mediaDevices.enumerateDevices = async () => (await realEnumerate()).filter((d) => d.kind !== 'videoinput');
    try {
      unplug();
      await waitFor(() => status(el).querySelector('[part~=error]')?.getAttribute('data-code') === 'device-not-found', 'the error');
    } finally {
      navigator.mediaDevices.enumerateDevices = realEnumerate;
    }
    expect(room.localParticipant.isCameraEnabled).to.equal(false);
  });

  it('follows a Room assigned to its room property without owning it', async () => {
    const hub = new MemorySignalingHub();
    const roomName = uniqueRoom('follow');
    const a = memoryRoom(hub, roomName, 'Ann');
    const b = memoryRoom(hub, roomName, 'Bob');
    const el = await fixture<RtcRoomElement>(html`<rtc-room style="height: 360px" .room=${a}></rtc-room>`);
    expect(el.roomInstance).to.equal(a);
    const joined = oneEvent(el, 'rtc-join');
    await a.join();
    expect((await joined).detail.participantId).to.equal(a.localParticipant.id);
    const bobSeen = oneEvent(el, 'rtc-participant-join');
    await b.join();
    expect((await bobSeen).detail.participant.name).to.equal('Bob');
    await waitFor(() => tiles(el).length === 2, 'two tiles');
    await waitForDecodedFrames(tiles(el)[1]!.videoElement!, 'Bob over MemorySignaling');

    // The mic button drives the Room.
    const mic = el.shadowRoot!.querySelector('rtc-controls')!.shadowRoot!.querySelector<HTMLButtonElement>('[part~=mic-button]')!;
    mic.click();
    await waitFor(() => !a.localParticipant.isMicrophoneEnabled, 'microphone off');
    await waitFor(() => mic.getAttribute('aria-pressed') === 'false', 'aria-pressed follows');
    await waitFor(() => {
      const bobsViewOfAnn = b.participants.get(a.localParticipant.id);
      return bobsViewOfAnn?.isMicrophoneEnabled === false;
    }, 'Bob sees Ann muted');

    el.remove();
    await new Promise((r) => setTimeout(r, 50));
    expect(a.state, 'a followed room is not left').to.equal('connected');
  });

  it('shows "room full" in its status region and dispatches rtc-error', async () => {
    const hub = new MemorySignalingHub({ maxParticipantsPerRoom: 1 });
    const roomName = uniqueRoom('full');
    await memoryRoom(hub, roomName, 'Ann').join();
    const el = await fixture<RtcRoomElement>(html`<rtc-room style="height: 360px" .room=${memoryRoom(hub, roomName, 'Bob')}></rtc-room>`);
    const errored = oneEvent(el, 'rtc-error');
    const rejected = el.join().then(
      () => null,
      (e: unknown) => e,
    );
    const { detail } = await errored;
    expect(detail.error.code).to.equal('room-full');
    expect(((await rejected) as { code?: string }).code).to.equal('room-full');
    await el.updateComplete;
    const region = status(el);
    expect(region.getAttribute('role')).to.equal('status');
    expect(region.getAttribute('aria-live')).to.equal('polite');
    expect(region.querySelector('[part~=error]')!.textContent).to.contain('This room is full');
    region.querySelector<HTMLButtonElement>('button[aria-label="Dismiss message"]')!.click();
    await el.updateComplete;
    expect(region.querySelector('[part~=error]')).to.be.null;
  });

  // Issue 15: a peer's text reached the victim's error banner (the browser's SDP parse error quotes the line).
  it("never shows another participant's text in its error banner", async () => {
    const hub = new MemorySignalingHub();
    const roomName = uniqueRoom('peer-text');
    const el = await fixture<RtcRoomElement>(html`<rtc-room style="height: 360px" .room=${memoryRoom(hub, roomName, 'Bob')}></rtc-room>`);
    await el.join();
    const mallory = new MemorySignaling(hub);
    mallory.setHandlers({ peerJoined: () => undefined, peerLeft: () => undefined, stateChanged: () => undefined, error: () => undefined });
    const bait = 'YOUR ACCOUNT IS LOCKED - CALL +1 555 0100';
    const errored = oneEvent(el, 'rtc-error');
    await mallory.join({ room: roomName, name: 'Mallory' });
    mallory.peer(() => undefined).broadcast({ t: 'sdp', description: { type: 'offer', sdp: `${bait}\r\n` } });
    const { detail } = await errored;
    expect(detail.error.code).to.equal('negotiation-failed');
    // Chromium quotes the offending SDP line in the error (so the banner must not show the message); Firefox's SIPCC
    // parser says only "Attempt to parse text not recognized as SDP text". The banner is checked in both.
    if (!FIREFOX) expect(detail.error.message, 'the hostile text is in the message').to.contain(bait);
    await el.updateComplete;
    const banner = status(el).querySelector('[part~=error]')!.textContent!;
    expect(banner).to.contain('Could not set up the call with another participant.');
    expect(banner).to.not.contain('ACCOUNT');
    await mallory.leave();
  });

  it('waits for join() in manual mode and shows "Connecting…" while joining', async () => {
    const roomName = uniqueRoom('manual');
    const el = await fixture<RtcRoomElement>(html`<rtc-room
      style="height: 360px"
      manual
      room=${roomName}
      name="Ann"
      server=${window.RTC_TEST_SIGNALING_URL!}
      .roomOptions=${SMALL}
    ></rtc-room>`);
    await new Promise((r) => setTimeout(r, 100));
    expect(el.roomInstance).to.be.undefined;
    const joinButton = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~=join-button]')!;
    expect(joinButton.textContent).to.equal('Join');
    const connecting = oneEvent(el, 'rtc-state-change');
    joinButton.click();
    expect((await connecting).detail).to.deep.equal({ state: 'connecting', previous: 'idle' });
    await el.updateComplete;
    expect(status(el).textContent).to.contain('Connecting…');
    await oneEvent(el, 'rtc-join');
    await el.updateComplete;
    expect(status(el).textContent).to.not.contain('Connecting');
  });

  it('meets over BroadcastChannel when there is no server', async () => {
    const roomName = uniqueRoom('bc');
    const ann = await mountJoined(roomName, 'Ann', { server: '', signaling: 'broadcast-channel' });
    const seen = oneEvent(ann, 'rtc-participant-join');
    const bob = await mountJoined(roomName, 'Bob', { server: '', signaling: 'broadcast-channel' });
    expect((await seen).detail.participant.name).to.equal('Bob');
    await waitFor(() => tiles(bob).length === 2, 'Ann in Bob’s grid');
  });

  it('can be styled from outside with --rtc-* properties and ::part()', async () => {
    const style = document.createElement('style');
    style.textContent = `
      rtc-room.themed { --rtc-color-danger: rgb(1, 2, 3); --rtc-radius: 3px; }
      rtc-room.themed::part(video) { outline: 4px solid rgb(255, 0, 0); }
      rtc-room.themed::part(name) { color: rgb(0, 128, 0); }
      rtc-room.themed::part(button) { width: 40px; }
      rtc-room.themed::part(tile) { border-radius: 0px; }
    `;
    document.head.append(style);
    try {
      const el = await mountJoined(uniqueRoom('theme'), 'Ann', { className: 'themed' } as Partial<RtcRoomElement>);
      const local = tiles(el)[0]!;
      await local.updateComplete;
      expect(getComputedStyle(local.videoElement!).outlineColor).to.equal('rgb(255, 0, 0)');
      expect(getComputedStyle(local.shadowRoot!.querySelector('[part~=name]')!).color).to.equal('rgb(0, 128, 0)');
      expect(getComputedStyle(local.shadowRoot!.querySelector('[part~=base]')!).borderTopLeftRadius).to.equal('0px');
      const controls = el.shadowRoot!.querySelector('rtc-controls')!;
      await controls.updateComplete;
      const leave = controls.shadowRoot!.querySelector('[part~=leave-button]')!;
      expect(getComputedStyle(leave).backgroundColor).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(controls.shadowRoot!.querySelector('[part~=mic-button]')!).width).to.equal('40px');
    } finally {
      style.remove();
    }
  });

  it('passes an accessibility audit while in a call', async () => {
    const el = await mountJoined(uniqueRoom('a11y'), 'Ann');
    await expect(el).to.be.accessible();
  });
});
