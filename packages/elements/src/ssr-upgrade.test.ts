// Issue 17: `next dev` logged a hydration mismatch on `layout="grid"`: <rtc-room> reflected its default layout as an
// attribute on upgrade, so the DOM React hydrated had `layout="grid"` where the server's HTML (React's own) had none
// (React reports attributes it did not render). The same for <rtc-video-tile source="camera"> and <rtc-chat
// unread="0">. Now every element leaves the attributes it was served with as they are, until its state really changes.
// Server-like HTML is parsed inert (a <template>), then inserted: the elements upgrade as on a hydrated page.
import { expect } from '@open-wc/testing';
import { uniqueRoom, waitFor } from '@rtc-room/core/testing';
import './index.js';
import './chat/chat.js';
import type { RtcRoomElement } from './room/room.component.js';

type Snapshot = Record<string, Record<string, string>>;

/** Each element's attributes, keyed by its `id`. */
function snapshot(root: ParentNode): Snapshot {
  const out: Snapshot = {};
  for (const el of root.querySelectorAll('[id]')) out[el.id] = Object.fromEntries([...el.attributes].map((a) => [a.name, a.value]));
  return out;
}

async function settle(elements: Element[]): Promise<void> {
  for (const el of elements) await (el as Element & { updateComplete?: Promise<unknown> }).updateComplete;
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}

describe('server-rendered HTML: upgrading changes no attribute of the element', function () {
  this.timeout(60_000);
  let host: HTMLDivElement;
  let errors: unknown[][];
  let consoleError: typeof console.error;
  beforeEach(() => {
    errors = [];
    consoleError = console.error;
    console.error = (...args: unknown[]) => {
      errors.push(args);
      consoleError.apply(console, args);
    };
    host = document.createElement('div');
    host.style.cssText = 'width: 800px; height: 450px';
    document.body.append(host);
  });
  afterEach(async () => {
    console.error = consoleError;
    for (const room of host.querySelectorAll<RtcRoomElement>('rtc-room')) await room.leave();
    host.remove();
  });

  /** Parses `markup` inert, inserts it, and returns the attributes before and after the elements upgraded and rendered. */
  async function serve(markup: string): Promise<{ before: Snapshot; after: Snapshot; mutations: string[] }> {
    const template = document.createElement('template');
    template.innerHTML = markup;
    const before = snapshot(template.content);
    expect(Object.keys(before).length, 'the markup has elements with ids').to.be.greaterThan(0);
    const mutations: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) if ((r.target as Element).id) mutations.push(`${(r.target as Element).id}: ${r.attributeName}`);
    });
    observer.observe(host, { attributes: true, subtree: true });
    host.append(template.content);
    const elements = [...host.querySelectorAll('[id]')];
    for (const el of elements) expect(customElements.get(el.localName), `${el.localName} upgraded`).to.not.equal(undefined);
    await settle(elements);
    observer.disconnect();
    return { before, after: snapshot(host), mutations };
  }

  it('<rtc-room layout="grid"> and <rtc-room> without layout keep their attributes', async () => {
    const { before, after, mutations } = await serve(`
      <rtc-room id="with-layout" room="ssr" server="ws://127.0.0.1:9/ws" name="Ann" layout="grid" manual></rtc-room>
      <rtc-room id="without-layout" room="ssr" server="ws://127.0.0.1:9/ws" name="Ann" manual></rtc-room>
      <rtc-room id="speaker" room="ssr" server="ws://127.0.0.1:9/ws" layout="speaker" manual stats-visible=""></rtc-room>`);
    expect(after).to.deep.equal(before);
    expect(mutations, 'no attribute written, even with the same value').to.deep.equal([]);
    const room = host.querySelector<RtcRoomElement>('#without-layout')!;
    expect(room.layout, 'the default still applies').to.equal('grid');
    expect(host.querySelector<RtcRoomElement>('#speaker')!.layout).to.equal('speaker');
    expect(errors).to.deep.equal([]);

    // Real changes are still reflected, and a removed attribute goes back to the default.
    room.layout = 'speaker';
    await room.updateComplete;
    expect(room.getAttribute('layout')).to.equal('speaker');
    room.layout = 'grid';
    await room.updateComplete;
    expect(room.getAttribute('layout')).to.equal('grid');
    room.removeAttribute('layout');
    await room.updateComplete;
    expect(room.layout).to.equal('grid');
  });

  it('a joining <rtc-room> (auto join, local tile shown) keeps its attributes', async () => {
    const name = uniqueRoom('ssr');
    const { before, after } = await serve(`<rtc-room id="joined" room="${name}" name="Ann" signaling="broadcast-channel" layout="grid"></rtc-room>`);
    const room = host.querySelector<RtcRoomElement>('#joined')!;
    await waitFor(() => room.roomInstance?.state === 'connected', 'joined over BroadcastChannel');
    await settle([room]);
    expect(after).to.deep.equal(before);
    expect(snapshot(host)).to.deep.equal(before);
    expect(errors).to.deep.equal([]);
  });

  it('the smaller elements served alone keep their attributes', async () => {
    const { before, after, mutations } = await serve(`
      <rtc-video-tile id="tile"></rtc-video-tile>
      <rtc-video-tile id="screen" source="screen" local></rtc-video-tile>
      <rtc-controls id="controls"></rtc-controls>
      <rtc-chat id="chat"></rtc-chat>`);
    expect(after).to.deep.equal(before);
    expect(mutations).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });

  it('<rtc-video-grid> adds no layout attribute (it does set data-columns and its column custom properties)', async () => {
    const { before, after } = await serve(`<rtc-video-grid id="grid"><div></div></rtc-video-grid>`);
    expect(after['grid']!['layout']).to.equal(undefined);
    expect(before['grid']).to.deep.equal({ id: 'grid' });
    expect(errors).to.deep.equal([]);
  });
});
