import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import './video-grid.js';
import { computeGridLayout, parseAspectRatio } from './layout.js';
import type { RtcVideoGridElement } from './video-grid.component.js';

async function mountGrid(count: number, width: number, height: number): Promise<RtcVideoGridElement> {
  const wrapper = await fixture<HTMLDivElement>(html`
    <div style="width: ${width}px; height: ${height}px; --rtc-gap: 0px">
      <rtc-video-grid>
        ${Array.from({ length: count }, (_, i) => html`<div class="tile" style="background: #345">${i + 1}</div>`)}
      </rtc-video-grid>
    </div>
  `);
  const grid = wrapper.querySelector('rtc-video-grid')!;
  await grid.updateComplete;
  // The ResizeObserver reports on the next frame.
  await nextFrame();
  await nextFrame();
  return grid;
}

const WIDE = { width: 1600, height: 900 };
const TALL = { width: 400, height: 900 };

describe('<rtc-video-grid>', () => {
  it('renders a base part with a default slot', async () => {
    const grid = await mountGrid(2, 800, 450);
    expect(grid.shadowRoot!.querySelector('[part~=base] slot:not([name])')).to.exist;
  });

  const expected: Array<[count: number, wide: number, tall: number]> = [
    [1, 1, 1],
    [2, 2, 1],
    [4, 2, 1],
    [9, 3, 2],
    [25, 5, 3],
  ];
  for (const [count, wide, tall] of expected) {
    it(`uses ${wide} column(s) for ${count} tile(s) when wide and ${tall} when tall`, async () => {
      const g1 = await mountGrid(count, WIDE.width, WIDE.height);
      expect(g1.columns, 'wide').to.equal(wide);
      expect(getComputedStyle(g1).getPropertyValue('--rtc-grid-columns').trim()).to.equal(String(wide));
      const g2 = await mountGrid(count, TALL.width, TALL.height);
      expect(g2.columns, 'tall').to.equal(tall);
      expect(g2.gridLayout.rows).to.equal(Math.ceil(count / tall));
    });
  }

  it('sizes tiles at 16:9, inside the container, as large as the layout allows', async () => {
    const grid = await mountGrid(4, 1600, 900);
    const box = grid.getBoundingClientRect();
    const tiles = [...grid.querySelectorAll<HTMLElement>('.tile')].map((t) => t.getBoundingClientRect());
    for (const t of tiles) {
      expect(t.width / t.height).to.be.closeTo(16 / 9, 0.02);
      expect(t.left).to.be.at.least(box.left - 0.5);
      expect(t.right).to.be.at.most(box.right + 0.5);
      expect(t.top).to.be.at.least(box.top - 0.5);
      expect(t.bottom).to.be.at.most(box.bottom + 0.5);
    }
    // 2×2 in 1600×900: each tile is limited by the height, 450px tall.
    expect(tiles[0]!.height).to.be.closeTo(450, 1);
  });

  it('follows a configurable aspect ratio', async () => {
    const grid = await mountGrid(1, 800, 800);
    grid.style.setProperty('--rtc-tile-aspect-ratio', '4 / 3');
    grid.relayout();
    await nextFrame();
    const t = grid.querySelector('.tile')!.getBoundingClientRect();
    expect(t.width / t.height).to.be.closeTo(4 / 3, 0.02);
  });

  it('centres an incomplete last row', async () => {
    const grid = await mountGrid(3, 1600, 900); // 2 columns: two tiles, then one centred below
    const [a, b, c] = [...grid.querySelectorAll('.tile')].map((t) => t.getBoundingClientRect());
    expect(grid.columns).to.equal(2);
    expect(c!.top).to.be.greaterThan(a!.top);
    const rowCentre = (a!.left + b!.right) / 2;
    expect((c!.left + c!.right) / 2).to.be.closeTo(rowCentre, 1);
  });

  it('recomputes when tiles are added and when it is resized', async () => {
    const grid = await mountGrid(1, 1600, 900);
    expect(grid.columns).to.equal(1);
    for (let i = 0; i < 3; i += 1) grid.append(Object.assign(document.createElement('div'), { className: 'tile' }));
    await nextFrame();
    expect(grid.columns).to.equal(2);
    (grid.parentElement as HTMLElement).style.width = '400px';
    await nextFrame();
    await nextFrame();
    expect(grid.columns).to.equal(1);
  });

  it('passes an accessibility audit', async () => {
    const grid = await mountGrid(2, 800, 450);
    await expect(grid).to.be.accessible();
  });
});

describe('computeGridLayout', () => {
  it('accounts for the gap and handles an unmeasured box', () => {
    expect(computeGridLayout(2, 1000, 1000, 16 / 9, 0).columns).to.equal(1);
    expect(computeGridLayout(6, 1920, 1080, 16 / 9, 8)).to.include({ columns: 3, rows: 2 });
    expect(computeGridLayout(9, 0, 0).columns).to.equal(3);
    expect(computeGridLayout(0, 800, 600).columns).to.equal(1);
  });

  it('parses aspect ratios', () => {
    expect(parseAspectRatio('16 / 9')).to.be.closeTo(16 / 9, 1e-9);
    expect(parseAspectRatio(' 1.5 ')).to.equal(1.5);
    expect(parseAspectRatio('nonsense', 2)).to.equal(2);
  });
});
