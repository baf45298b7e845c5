// <rtc-room topology>: the attribute reaches the Room it creates, and SFU calls work from the tag (real signaling
// server driving the run's Janus; skipped without Janus, as the core SFU suite is).
import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import { uniqueRoom } from '@rtc-room/core/testing';
import { waitForDecodedFrames } from '../test-support/fake-room.js';
import type { RtcVideoTileElement } from '../video-tile/video-tile.component.js';
import '../index.js';

declare global {
  interface Window {
    /** Set by web-test-runner.config.mjs (see core's test-support/env.ts); null without Janus. */
    RTC_TEST_SFU?: { signalingUrl: string; restartableSignalingUrl: string; janusUrl: string } | null;
  }
}

const SMALL = { video: { width: 320, height: 240, frameRate: 15 } };

describe('<rtc-room topology>', function () {
  this.timeout(60_000);
  afterEach(() => fixtureCleanup());

  it('passes the topology to the Room: "sfu" over BroadcastChannel and an unknown value are refused', async () => {
    for (const [topology, words] of [['sfu', 'SFU channel'], ['bus', 'Unknown topology']] as const) {
      const el = document.createElement('rtc-room');
      el.setAttribute('topology', topology);
      Object.assign(el, { room: uniqueRoom(`el-topo-${topology}`), name: 'Ann', signaling: 'broadcast-channel', roomOptions: SMALL });
      expect(el.topology).to.equal(topology);
      const failed = oneEvent(el, 'rtc-error');
      await fixture(html`<div style="height: 360px">${el}</div>`);
      const { error } = (await failed).detail;
      expect(error.code).to.equal('invalid-argument');
      expect(error.message).to.contain(words);
      fixtureCleanup();
    }
  });

  it('joins an SFU room from the tag: two elements see each other’s video', async function () {
    const sfu = window.RTC_TEST_SFU;
    if (!sfu) this.skip();
    const room = uniqueRoom('el-topo-sfu');
    const els = ['Ann', 'Bob'].map((name) => {
      const el = document.createElement('rtc-room');
      el.setAttribute('topology', 'sfu');
      Object.assign(el, { room, name, server: sfu!.signalingUrl, roomOptions: SMALL });
      el.style.height = '300px';
      return el;
    });
    const joined = els.map((el) => oneEvent(el, 'rtc-join'));
    await fixture(html`<div style="width: 640px">${els}</div>`);
    await Promise.all(joined);
    for (const el of els) {
      await el.updateComplete;
      let remote: RtcVideoTileElement | null = null;
      const deadline = Date.now() + 20_000;
      while (!(remote = el.shadowRoot!.querySelector<RtcVideoTileElement>('rtc-video-tile:not([local])')) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(remote, `${el.name} shows a remote tile`).to.not.equal(null);
      await waitForDecodedFrames(remote!.videoElement!, `${el.name}'s remote tile`);
    }
  });
});
