import { html, LitElement, type TemplateResult } from 'lit';
import { tokens } from '../internal/theme.styles.js';
import { computeGridLayout, parseAspectRatio, type GridLayout } from './layout.js';
import styles from './video-grid.styles.js';

/**
 * @summary Lays out video tiles (its children, usually `<rtc-video-tile>`s) in a CSS grid that fills the element:
 * 1–25 tiles, kept at a fixed aspect ratio, with the column count chosen from the tile count and the element's own
 * aspect ratio (two side by side on a wide screen, stacked on a tall phone). An incomplete last row is centred.
 *
 * The column count is recomputed only when the element's size or tile count changes (a `ResizeObserver` and
 * `slotchange`), and written to the `--rtc-grid-columns` / `--rtc-grid-rows` custom properties; the sizes follow
 * in CSS (container query units), with no per-frame script.
 *
 * The element fills its container (`width` and `height` 100%), so give that container a height.
 *
 * @slot - The tiles.
 *
 * @csspart base - The grid.
 *
 * @cssproperty --rtc-tile-aspect-ratio - Aspect ratio of every tile, as for `aspect-ratio`. Default `16 / 9`.
 * @cssproperty --rtc-gap - Space between tiles. Default `8px`.
 * @cssproperty --rtc-grid-min-height - Minimum height of the element. Default `160px`.
 * @cssproperty --rtc-grid-columns - Set by the element: the chosen column count (read it, do not set it).
 * @cssproperty --rtc-grid-rows - Set by the element: the resulting row count.
 */
export class RtcVideoGridElement extends LitElement {
  static override styles = [tokens, styles];

  private resizeObserver: ResizeObserver | undefined;
  private tileCount = 0;
  private size = { width: 0, height: 0 };
  private currentLayout: GridLayout = { columns: 1, rows: 1, tileWidth: 0, tileHeight: 0 };

  /** The layout in use: column and row counts and the tile size in CSS pixels. */
  get layout(): Readonly<GridLayout> {
    return this.currentLayout;
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
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
  }

  override render(): TemplateResult {
    return html`<div part="base"><slot @slotchange=${this.onSlotChange}></slot></div>`;
  }

  private onSlotChange(event: Event): void {
    const slot = event.target as HTMLSlotElement;
    this.tileCount = slot.assignedElements().filter((el) => !el.hasAttribute('hidden')).length;
    this.relayout();
  }

  /**
   * Recomputes the columns now (after a tile is hidden or shown with the `hidden` attribute, which `slotchange`
   * does not report). Size and child-list changes are picked up by themselves.
   */
  relayout(): void {
    const slot = this.renderRoot.querySelector('slot');
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
