// Issue 18, "SFU video sharp by default": a two-person SFU call (real signaling server driving the run's Janus) in
// <rtc-room> at a 1000×700 viewport, both cameras at the default `video: true`. Each remote tile must decode a layer
// at least as wide as it is rendered in device pixels. Before the fix cameras opened at 640×480, layers were chosen
// for a 1280×720 publisher, and the ~485 px tile got the 320 px layer.
//
// Janus forwards the top layer until a subscriber asks otherwise, so each tile is first hidden (lowest layer) and
// shown again: the layer then decoded is the one the tile chose.
// The two <rtc-room> elements overlap (both fill the viewport), so each lays out its two tiles side by side at the
// viewport's size. Layers need Chromium's bandwidth estimate to ramp up (seconds on a loaded machine): a failure
// says what each side was sending per rid.
import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { testSfu } from '../../packages/core/src/test-support/env.js';
import { simulcastLayers, trackPeerConnections, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import '../../packages/elements/src/index.js';
import type { RtcRoomElement } from '../../packages/elements/src/room/room.component.js';
import type { RtcVideoTileElement } from '../../packages/elements/src/video-tile/video-tile.component.js';

const STEP_TIMEOUT_MS = 60_000;

const { created, start, stop } = trackPeerConnections();
before(start);
after(stop);

/** What the page's connections send per simulcast layer. */
async function sent(): Promise<string> {
  const layers = [...(await simulcastLayers(created))].map(([rid, l]) => `${rid}: ${l.frameWidth} px × ${l.framesSent} frames (${l.qualityLimitationReason})`);
  return layers.sort().join(', ') || 'no simulcast layer';
}

async function remoteTile(el: RtcRoomElement): Promise<RtcVideoTileElement> {
  let tile: RtcVideoTileElement | null = null;
  await waitFor(() => (tile = el.shadowRoot?.querySelector<RtcVideoTileElement>('rtc-video-tile:not([local])') ?? null) !== null, `${el.name}'s remote tile`, STEP_TIMEOUT_MS);
  return tile!;
}

describe('SFU video sharp by default (issue 18)', function () {
  this.timeout(3 * STEP_TIMEOUT_MS);
  const sfu = testSfu();
  before(function () {
    if (!sfu) this.skip(); // Janus not installed, or not inside the test's network namespace (npm test sets it up)
  });
  afterEach(() => fixtureCleanup());

  it('at a 1000×700 viewport each remote tile decodes a layer at least as wide as it is rendered', async () => {
    await setViewport({ width: 1000, height: 700 });
    const room = uniqueRoom('sharp');
    const els = ['Ann', 'Bob'].map((name) => {
      const el = document.createElement('rtc-room');
      el.setAttribute('topology', 'sfu');
      Object.assign(el, { room, name, server: sfu!.signalingUrl, roomOptions: { audio: false } });
      Object.assign(el.style, { position: 'fixed', inset: '0', width: '100vw', height: '100vh' });
      return el;
    });
    const joined = els.map((el) => oneEvent(el, 'rtc-join'));
    await fixture(html`<div>${els}</div>`);
    await Promise.all(joined);

    const captured = els.map((el) => el.roomInstance!.localParticipant.cameraTrack?.mediaStreamTrack?.getSettings());
    console.log(`viewport ${innerWidth}×${innerHeight}; captured: ${captured.map((s) => `${s?.width}×${s?.height}`).join(', ')}`);
    for (const el of els) {
      const room = el.roomInstance!;
      const tile = await remoteTile(el);
      const peerId = [...room.participants.keys()][0]!;
      let need = 0;
      let decoded = 0;
      // Janus starts a subscriber on the top layer: first make the tile ask for a narrow one (hidden → lowest),
      // so that what is measured next is the layer the tile chose, not Janus's default.
      need = Math.ceil(tile.getBoundingClientRect().width * devicePixelRatio);
      tile.hidden = true;
      await waitFor(
        async () => {
          decoded = (await room.getStats()).get(peerId)?.frameWidth ?? 0;
          return decoded > 0 && decoded < need;
        },
        async () => `${el.name}'s hidden remote tile to decode a layer narrower than ${need} px (decoding ${decoded} px; sending ${await sent()})`,
        STEP_TIMEOUT_MS,
        250,
      );
      tile.hidden = false;
      await waitFor(
        async () => {
          need = Math.ceil(tile.getBoundingClientRect().width * devicePixelRatio);
          decoded = (await room.getStats()).get(peerId)?.frameWidth ?? 0;
          return need > 0 && decoded >= need;
        },
        async () => `${el.name}'s ${need} px remote tile to decode a layer at least that wide (decoding ${decoded} px; sending ${await sent()})`,
        STEP_TIMEOUT_MS,
        250,
      );
      expect(decoded).to.be.at.least(need);
      console.log(`${el.name}: remote tile ${need} device px wide decodes ${decoded} px`);
    }
  });
});
