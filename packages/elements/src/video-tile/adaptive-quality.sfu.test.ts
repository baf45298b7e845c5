// Adaptive layers end to end: real Chromium, the real signaling server driving the run's Janus VideoRoom
// (web-test-runner.config.mjs). Ann publishes a 1280×720 camera (three simulcast layers: 1280, 640, 320); Small and
// Large each show her in an <rtc-video-tile>, one 160 px wide, one 1000 px. Only the tiles choose layers here: the
// test never calls setVideoQuality. What is measured is what each subscriber decodes (`inbound-rtp` frameWidth).
//
// Chromium starts the publish connection with a low bandwidth estimate and sends only the 320 layer until it has
// ramped up (seconds; longer on a loaded machine): a failure message includes what Ann was sending per layer.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { Room, WebSocketSignaling, type RoomOptions } from '@rtc-room/core';
import { simulcastLayers, trackPeerConnections, waitFor as waitUntil } from '@rtc-room/core/testing';
import './video-tile.js';
import type { RtcVideoTileElement } from './video-tile.component.js';

declare global {
  interface Window {
    /** Set by web-test-runner.config.mjs (see core's test-support/env.ts); null without Janus. */
    RTC_TEST_SFU?: { signalingUrl: string; restartableSignalingUrl: string; janusUrl: string } | null;
  }
}

/** The lowest simulcast layer of a 1280-wide camera (scaleResolutionDownBy 4). */
const LOWEST_LAYER_WIDTH = 320;
const STEP_TIMEOUT_MS = 45_000;

/** Every RTCPeerConnection the page creates, to report Ann's outbound layers when a step times out. */
const { created, start, stop } = trackPeerConnections();
before(start);
after(stop);

const rooms: Room[] = [];
function sfuRoom(room: string, name: string, options: Partial<RoomOptions>): Room {
  const signaling = new WebSocketSignaling(window.RTC_TEST_SFU!.signalingUrl);
  const r = new Room({ room, name, signaling, topology: 'sfu', ...options });
  rooms.push(r);
  return r;
}

/** Width of the video `room` decodes from `peerId` (0 before the first frame). */
async function frameWidth(room: Room, peerId: string): Promise<number> {
  return (await room.getStats()).get(peerId)?.frameWidth ?? 0;
}

/** What the page's connections send per simulcast layer: `rid: width × frames (limitation)`. */
async function sentLayers(): Promise<string> {
  const layers = [...(await simulcastLayers(created))].map(
    ([rid, l]) => `${rid}: ${l.frameWidth} px × ${l.framesSent} frames (${l.qualityLimitationReason})`,
  );
  return layers.sort().join(', ') || 'nothing';
}

/** Polls `check` every 250 ms (getStats is not free on 2 cores); on timeout fails naming `what` and Ann's layers. */
function waitFor(check: () => Promise<boolean>, what: () => string): Promise<void> {
  return waitUntil(check, async () => `${what()}. Ann was sending ${await sentLayers()}`, STEP_TIMEOUT_MS, 250);
}

/** A tile at a fixed place on screen (both stay in the viewport, so only their size differs). */
function tile(room: Room, peerId: string, width: number): RtcVideoTileElement {
  const el = document.createElement('rtc-video-tile');
  el.participant = room.participants.get(peerId);
  Object.assign(el.style, { position: 'fixed', top: '0', left: '0', width: `${width}px`, height: `${Math.round((width * 9) / 16)}px` });
  return el;
}

describe('<rtc-video-tile> adaptive layers through Janus', function () {
  this.timeout(4 * STEP_TIMEOUT_MS);
  before(function () {
    if (!window.RTC_TEST_SFU) this.skip(); // Janus not installed, or not inside the run's network namespace
  });
  afterEach(async () => {
    fixtureCleanup();
    await Promise.all(rooms.splice(0).map((r) => r.leave()));
  });

  it('a small tile receives a narrower layer than a large one; growing or hiding a tile switches its layer', async () => {
    const name = `tile-layers-${Date.now().toString(36)}`;
    const ann = sfuRoom(name, 'Ann', { video: { width: 1280, height: 720, frameRate: 15 }, audio: false });
    const small = sfuRoom(name, 'Small', { video: false, audio: false });
    const large = sfuRoom(name, 'Large', { video: false, audio: false });
    await ann.join();
    await small.join();
    await large.join();
    const id = ann.localParticipant.id;
    await waitFor(
      async () => small.participants.get(id)?.cameraTrack !== undefined && large.participants.get(id)?.cameraTrack !== undefined,
      () => 'both subscribers to receive Ann’s camera',
    );

    const smallTile = tile(small, id, 160);
    const largeTile = tile(large, id, 1000);
    await fixture(html`<div>${smallTile}${largeTile}</div>`);

    let s = 0;
    let l = 0;
    await waitFor(
      async () => {
        [s, l] = [await frameWidth(small, id), await frameWidth(large, id)];
        return s > 0 && s <= LOWEST_LAYER_WIDTH && s < l;
      },
      () => `the 160 px tile to decode the lowest layer and the 1000 px tile a wider one (decoding ${s} and ${l} px)`,
    );
    expect(s).to.be.lessThan(l);
    console.log(`decoded: 160 px tile ${s} px, 1000 px tile ${l} px`);

    // The ResizeObserver path: the small tile grows and its subscriber gets a wider layer.
    const before = s;
    Object.assign(smallTile.style, { width: '1000px', height: '562px' });
    await waitFor(
      async () => (s = await frameWidth(small, id)) > before,
      () => `the tile grown from 160 to 1000 px to decode wider than ${before} px (decoding ${s} px)`,
    );
    expect(s).to.be.greaterThan(before);
    console.log(`decoded: the tile grown to 1000 px ${s} px`);

    // Hidden: the lowest layer.
    const shown = await frameWidth(large, id);
    largeTile.hidden = true;
    await waitFor(
      async () => {
        l = await frameWidth(large, id);
        return l > 0 && l <= LOWEST_LAYER_WIDTH && l < shown;
      },
      () => `the hidden tile to drop from ${shown} px to the lowest layer (decoding ${l} px)`,
    );
    expect(l).to.be.at.most(LOWEST_LAYER_WIDTH);
    console.log(`decoded: the hidden tile ${l} px (was ${shown} px)`);
  });
});
