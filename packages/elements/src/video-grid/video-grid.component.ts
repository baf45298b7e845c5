import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { tokens } from '../internal/theme.styles.js';
import { computeGridLayout, parseAspectRatio, type GridLayout } from './layout.js';
import styles from './video-grid.styles.js';

/**
 * The column count is recomputed only when the element's size or tile count changes (a `ResizeObserver` and
 * `slotchange`), and written to the `--rtc-grid-columns` / `--rtc-grid-rows` custom properties; the sizes follow
 * in CSS (container query units), with no per-frame script.
 *
 * The element fills its container (`width` and `height` 100%), so give that container a height.
 *
 * `layout="speaker"` shows one tile large (the `stage`) and the others in a row below it (the `strip`): the child
 * with the `speaking` attribute (which `<rtc-room>` sets on the active speaker's tile), else the last one that had
 * it, else the first child without `local`. The stage changes only when another child starts speaking, so a
 * silent room does not flicker.
 *
 * **Presentation.** While a child has `source="screen"` (a `<rtc-video-tile source="screen">`: someone shares a
 * screen), the element uses the stage and strip whatever `layout` says: the share on the stage (a remote one before
 * your own; the one already there while it lasts), everyone else in the strip. When the last share goes, the
 * `layout` in force comes back. The element has the `presenting` attribute meanwhile.
 *
 * @tagname rtc-video-grid
 * @summary Lays out video tiles (its children, usually `<rtc-video-tile>`s) in a CSS grid that fills the element:
 * 1–25 tiles, kept at a fixed aspect ratio, with the column count chosen from the tile count and the element's own
 * aspect ratio (two side by side on a wide screen, stacked on a tall phone). An incomplete last row is centred.
 *
 * @attr layout - `grid` (default): every tile the same size. `speaker`: the speaker large, the others in a strip.
 * @attr presenting - Set by the element while a screen share is on the stage (read it, do not set it).
 *
 * @slot - The tiles.
 *
 * @csspart base - The grid (in the speaker layout: the box holding `stage` and `strip`).
 * @csspart stage - Speaker layout: the large area holding the featured tile.
 * @csspart strip - Speaker layout: the row of the other tiles (scrolls sideways when they do not fit).
 *
 * @cssproperty --rtc-tile-aspect-ratio - Aspect ratio of every tile, as for `aspect-ratio`. Default `16 / 9`.
 * @cssproperty --rtc-gap - Space between tiles. Default `8px`.
 * @cssproperty --rtc-grid-min-height - Minimum height of the element. Default `160px`.
 * @cssproperty --rtc-grid-columns - Set by the element: the chosen column count (read it, do not set it).
 * @cssproperty --rtc-grid-rows - Set by the element: the resulting row count.
 * @cssproperty --rtc-strip-height - Speaker layout: height of the strip. Default `20%`.
 */
export class RtcVideoGridElement extends LitElement {
  static override styles = [tokens, styles];
  // Children are assigned to the default slot or the stage by this element (`HTMLSlotElement.assign`).
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, slotAssignment: 'manual' };
  static override properties = { layout: { type: String, reflect: true, useDefault: true }, presenting: { type: Boolean, reflect: true, useDefault: true } };

  /** `grid` (default) or `speaker` (attribute `layout`). */
  declare layout: 'grid' | 'speaker';
  /** True while a `source="screen"` child is presented on the stage. Set by the element. */
  declare presenting: boolean;

  private resizeObserver: ResizeObserver | undefined;
  private readonly childObserver = new MutationObserver((records) => {
    if (records.some((r) => r.target === this || r.target.parentNode === this)) this.assignTiles();
  });
  private featured: Element | undefined;
  private tileCount = 0;
  private firstAssign = true;
  private size = { width: 0, height: 0 };
  private currentLayout: GridLayout = { columns: 1, rows: 1, tileWidth: 0, tileHeight: 0 };

  constructor() {
    super();
    this.layout = 'grid';
    this.presenting = false;
  }

  /** The grid layout in use: column and row counts and the tile size in CSS pixels. */
  get gridLayout(): Readonly<GridLayout> {
    return this.currentLayout;
  }

  /** Speaker layout: the child shown on the stage (`undefined` in the grid layout or without children). */
  get stageTile(): Element | undefined {
    return this.staged() ? this.featured : undefined;
  }

  /** The chosen number of columns. */
  get columns(): number {
    return this.currentLayout.columns;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver ??= new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (!box) return;
      this.size = { width: box.width, height: box.height };
      this.relayout();
    });
    this.resizeObserver.observe(this);
    this.childObserver.observe(this, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['speaking', 'hidden', 'local', 'source'],
    });
    if (this.hasUpdated) this.assignTiles();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.childObserver.disconnect();
  }

  override render(): TemplateResult {
    if (!this.staged()) return html`<div part="base"><slot @slotchange=${this.relayout}></slot></div>`;
    return html`<div part="base" class="speaker">
      <div part="stage"><slot name="stage"></slot></div>
      <div part="strip"><slot @slotchange=${this.relayout}></slot></div>
    </div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The first update too: a default `layout` is not a change (`useDefault`: it is not reflected either).
    if (this.firstAssign || changed.has('layout') || changed.has('presenting')) this.assignTiles();
    this.firstAssign = false;
  }

  /** Stage and strip: the speaker layout, or a screen share being presented. */
  private staged(): boolean {
    return this.layout === 'speaker' || this.presenting;
  }

  /** Puts the children into the slots: all in the default slot, or (speaker layout) one on the stage. */
  private assignTiles(): void {
    const main = this.renderRoot.querySelector<HTMLSlotElement>('slot:not([name])');
    const stage = this.renderRoot.querySelector<HTMLSlotElement>('slot[name="stage"]');
    if (!main) return;
    const children = [...this.children];
    const visible = children.filter((el) => !el.hasAttribute('hidden'));
    const screens = visible.filter((el) => el.getAttribute('source') === 'screen');
    if (this.presenting !== screens.length > 0) {
      this.presenting = screens.length > 0; // renders stage and strip (or not), then assigns again
      return;
    }
    // A screen share: the one on the stage already, else a remote one, else ours. Otherwise the speaker; else the
    // one on the stage already (stable while nobody speaks); else the first remote tile.
    const pool = this.presenting ? screens : visible;
    this.featured =
      (this.presenting ? undefined : visible.find((el) => el.hasAttribute('speaking'))) ??
      (this.featured && pool.includes(this.featured) ? this.featured : undefined) ??
      pool.find((el) => !el.hasAttribute('local')) ??
      pool[0];
    const featured = stage ? this.featured : undefined;
    stage?.assign(...(featured ? [featured] : []));
    main.assign(...children.filter((el) => el !== featured));
    this.relayout();
  }

  /**
   * Recomputes the columns now. Size, child-list and `hidden` changes of the children are picked up by themselves;
   * call it after changing `--rtc-tile-aspect-ratio` or the gap.
   */
  relayout(): void {
    const slot = this.renderRoot.querySelector('slot:not([name])') as HTMLSlotElement | null;
    if (slot) this.tileCount = slot.assignedElements().filter((el) => !el.hasAttribute('hidden')).length;
    const base = this.renderRoot.querySelector<HTMLElement>('[part~="base"]');
    const style = getComputedStyle(this);
    const aspect = parseAspectRatio(style.getPropertyValue('--_aspect'));
    const gap = base ? Number.parseFloat(getComputedStyle(base).columnGap) || 0 : 0;
    const layout = computeGridLayout(this.tileCount, this.size.width, this.size.height, aspect, gap);
    this.currentLayout = layout;
    this.style.setProperty('--rtc-grid-columns', String(layout.columns));
    this.style.setProperty('--rtc-grid-rows', String(layout.rows));
    this.style.setProperty('--_tracks', String(layout.columns * 2));
    this.setAttribute('data-columns', String(layout.columns));
  }
}
