// <rtc-video-tile>'s adaptive layers without a network: a fake remote camera track records the qualities the tile
// asks for as it is resized, hidden, scrolled away, removed. The real SFU path is in adaptive-quality.sfu.test.ts.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { RtcError, type VideoQuality } from '@rtc-room/core';
import { waitFor } from '@rtc-room/core/testing';
import { FakeParticipant } from '../test-support/fake-room.js';
import './video-tile.js';
import { ADAPTIVE_QUALITY_DEBOUNCE_MS } from './adaptive-quality.js';
import type { RtcVideoTileElement } from './video-tile.component.js';

/** A remote camera track that records `setVideoQuality` calls (and can be made to refuse them). */
class FakeVideoTrack {
  readonly kind = 'video' as const;
  readonly source = 'camera' as const;
  readonly mediaStreamTrack = null;
  readonly muted = false;
  readonly requests: VideoQuality[] = [];
  fail: Error | undefined;
  async setVideoQuality(quality: VideoQuality): Promise<void> {
    this.requests.push(quality);
    if (this.fail) throw this.fail;
  }
}

class RemoteFake extends FakeParticipant {
  cameraTrack = new FakeVideoTrack();
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Longer than the debounce plus a ResizeObserver/IntersectionObserver round. */
const SETTLE_MS = ADAPTIVE_QUALITY_DEBOUNCE_MS + 250;

async function mount(p: FakeParticipant, width: number, height: number, adaptive?: string): Promise<RtcVideoTileElement> {
  const el = document.createElement('rtc-video-tile');
  el.participant = p;
  if (adaptive !== undefined) el.setAttribute('adaptive-quality', adaptive);
  resize(el, width, height);
  await fixture(html`<div>${el}</div>`);
  await el.updateComplete;
  return el;
}

function resize(el: HTMLElement, width: number, height: number): void {
  el.style.width = `${width}px`;
  el.style.height = `${height}px`;
}

async function requestsSettle(track: FakeVideoTrack, expected: VideoQuality[], what: string): Promise<void> {
  await waitFor(() => track.requests.length >= expected.length, what, 10_000); // an upper bound for a loaded machine
  await sleep(SETTLE_MS); // nothing more comes
  expect(track.requests, what).to.deep.equal(expected);
}

describe('<rtc-video-tile> adaptive layers', () => {
  afterEach(() => fixtureCleanup());

  it('asks for the layer that fits its size, once per settled size (debounced)', async () => {
    const p = new RemoteFake('p1', 'Bob');
    const el = await mount(p, 160, 90);
    await sleep(ADAPTIVE_QUALITY_DEBOUNCE_MS / 2);
    expect(p.cameraTrack.requests, 'nothing before the debounce delay').to.deep.equal([]);
    await requestsSettle(p.cameraTrack, ['low'], 'a 160 px tile asks for the low layer');

    // A resize gesture: three sizes within the debounce delay give one request, for the last size. On a stalled
    // machine a 60 ms sleep can outlast the delay; then the sizes were not one gesture and an in-between layer
    // may be asked for: only the gaps actually measured decide which verdict applies.
    const t0 = performance.now();
    resize(el, 600, 338);
    await sleep(60);
    const t1 = performance.now();
    resize(el, 300, 169);
    await sleep(60);
    const t2 = performance.now();
    resize(el, 1000, 562);
    if (t1 - t0 < ADAPTIVE_QUALITY_DEBOUNCE_MS - 50 && t2 - t1 < ADAPTIVE_QUALITY_DEBOUNCE_MS - 50) {
      await requestsSettle(p.cameraTrack, ['low', 'high'], 'a 1000 px tile asks for the high layer, once');
    } else {
      await waitFor(() => p.cameraTrack.requests.at(-1) === 'high', 'a 1000 px tile asks for the high layer', 10_000);
      await sleep(SETTLE_MS);
      expect(p.cameraTrack.requests.at(-1), 'nothing after the last size').to.equal('high');
      p.cameraTrack.requests.splice(1, p.cameraTrack.requests.length - 2); // the rest of the test as on a quiet machine
    }

    resize(el, 600, 338);
    await requestsSettle(p.cameraTrack, ['low', 'high', 'medium'], 'a 600 px tile asks for the medium layer');
    resize(el, 640, 360); // another size, same layer: no request
    await sleep(SETTLE_MS);
    expect(p.cameraTrack.requests).to.deep.equal(['low', 'high', 'medium']);
  });

  it('asks for the lowest layer while hidden, zero-size, offscreen or in a background page, and for the fitting one again after', async () => {
    const p = new RemoteFake('p1', 'Bob');
    const el = await mount(p, 1000, 562);
    const expected: VideoQuality[] = ['high'];
    await requestsSettle(p.cameraTrack, expected, 'a large tile asks for the high layer');
    const step = async (change: () => void, quality: VideoQuality, what: string): Promise<void> => {
      change();
      expected.push(quality);
      await requestsSettle(p.cameraTrack, [...expected], what);
    };

    await step(() => (el.hidden = true), 'low', 'hidden attribute → low');
    expect(getComputedStyle(el).display, 'a hidden tile is not displayed').to.equal('none');
    await step(() => (el.hidden = false), 'high', 'shown again → high');
    await step(() => (el.style.display = 'none'), 'low', 'display: none → low');
    await step(() => (el.style.display = ''), 'high', 'displayed again → high');
    await step(() => resize(el, 0, 0), 'low', 'zero size → low');
    await step(() => resize(el, 1000, 562), 'high', 'large again → high');
    await step(() => Object.assign(el.style, { position: 'fixed', left: '-3000px', top: '0' }), 'low', 'offscreen → low');
    await step(() => Object.assign(el.style, { position: '', left: '', top: '' }), 'high', 'on screen again → high');

    // The page goes to the background (a tab switch): Chromium headless never hides it, so pretend.
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    try {
      await step(() => document.dispatchEvent(new Event('visibilitychange')), 'low', 'background page → low');
    } finally {
      delete (document as { visibilityState?: unknown }).visibilityState; // back to the prototype's getter
    }
    await step(() => document.dispatchEvent(new Event('visibilitychange')), 'high', 'foreground again → high');
  });

  it('makes no requests with adaptive-quality="off", for the local view, or without a layered track', async () => {
    const off = new RemoteFake('p1', 'Bob');
    const el = await mount(off, 160, 90, 'off');
    expect(el.adaptiveQuality).to.equal(false);
    const local = new RemoteFake('me', 'Ann');
    const localEl = await fixture<RtcVideoTileElement>(html`<rtc-video-tile local .participant=${local}></rtc-video-tile>`);
    resize(localEl, 160, 90);
    const plain = new FakeParticipant('p2', 'Cat'); // no cameraTrack (plain data, or a mesh-only custom object)
    await mount(plain, 160, 90);
    await sleep(SETTLE_MS);
    expect(off.cameraTrack.requests, 'adaptive-quality="off"').to.deep.equal([]);
    expect(local.cameraTrack.requests, 'local tile').to.deep.equal([]);

    // Turning it back on (removing the attribute) starts the requests: the silence above was the opt-out.
    el.removeAttribute('adaptive-quality');
    await el.updateComplete;
    expect(el.adaptiveQuality).to.equal(true);
    await requestsSettle(off.cameraTrack, ['low'], 'requests once adaptive quality is on again');
    el.adaptiveQuality = false;
    await el.updateComplete;
    resize(el, 1000, 562);
    await sleep(SETTLE_MS);
    expect(off.cameraTrack.requests, 'no requests after turning it off').to.deep.equal(['low']);
  });

  it('asks again for the track that replaces the participant’s camera track', async () => {
    const p = new RemoteFake('p1', 'Bob');
    const el = await mount(p, 160, 90);
    await requestsSettle(p.cameraTrack, ['low'], 'first track');
    const first = p.cameraTrack;
    p.cameraTrack = new FakeVideoTrack();
    el.revision += 1;
    await requestsSettle(p.cameraTrack, ['low'], 'the new track gets the current layer');
    expect(first.requests).to.deep.equal(['low']);
  });

  it('reports a refused request as a warning, never as an unhandled rejection, and asks again on the next change', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: PromiseRejectionEvent): void => {
      unhandled.push(e.reason);
      e.preventDefault();
    };
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
    window.addEventListener('unhandledrejection', onUnhandled);
    try {
      const p = new RemoteFake('p1', 'Bob');
      p.cameraTrack.fail = new RtcError('sfu-unavailable', 'Media server: gone.');
      const el = await mount(p, 160, 90);
      await requestsSettle(p.cameraTrack, ['low'], 'the refused request');
      expect(unhandled).to.deep.equal([]);
      expect(warnings.some((w) => w.includes('[rtc-room:adaptive-quality]') && w.includes('gone'))).to.equal(true);

      // Not in force, so the next size change asks again, even for the same layer.
      p.cameraTrack.fail = undefined;
      resize(el, 200, 112);
      await requestsSettle(p.cameraTrack, ['low', 'low'], 'asks again after a refusal');
      // A track whose method throws synchronously is handled the same way.
      (p.cameraTrack as { setVideoQuality: (q: VideoQuality) => Promise<void> }).setVideoQuality = () => {
        throw new Error('sync failure');
      };
      resize(el, 1000, 562);
      await sleep(SETTLE_MS);
      expect(unhandled).to.deep.equal([]);
    } finally {
      window.removeEventListener('unhandledrejection', onUnhandled);
      console.warn = warn;
    }
  });

  it('stops observing when removed from the document, and picks up again when put back', async () => {
    const live = new Set<object>();
    const NativeResize = window.ResizeObserver;
    const NativeIntersection = window.IntersectionObserver;
    window.ResizeObserver = class extends NativeResize {
      constructor(callback: ResizeObserverCallback) {
        super(callback);
        live.add(this);
      }
      override disconnect(): void {
        live.delete(this);
        super.disconnect();
      }
    };
    window.IntersectionObserver = class extends NativeIntersection {
      constructor(callback: IntersectionObserverCallback, options?: IntersectionObserverInit) {
        super(callback, options);
        live.add(this);
      }
      override disconnect(): void {
        live.delete(this);
        super.disconnect();
      }
    };
    try {
      const p = new RemoteFake('p1', 'Bob');
      const el = await mount(p, 160, 90);
      expect(live.size, 'one ResizeObserver and one IntersectionObserver').to.equal(2);
      const parent = el.parentElement!;
      expect(parent.tagName).to.equal('DIV');
      // Usually before the debounced request fired (a loaded machine may have sent it during mount): whatever was
      // sent by the time of removal, nothing comes after it, pending or new.
      el.remove();
      const atRemoval = [...p.cameraTrack.requests];
      expect(live.size, 'both disconnected on removal').to.equal(0);
      await sleep(SETTLE_MS);
      expect(p.cameraTrack.requests, 'no request from a removed tile').to.deep.equal(atRemoval);

      resize(el, 1000, 562);
      parent.append(el);
      expect(live.size).to.equal(2);
      await requestsSettle(p.cameraTrack, [...atRemoval, 'high'], 'observes again once back in the document');
    } finally {
      window.ResizeObserver = NativeResize;
      window.IntersectionObserver = NativeIntersection;
    }
  });
});
