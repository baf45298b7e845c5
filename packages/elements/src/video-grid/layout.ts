/** The result of {@link computeGridLayout}. */
export interface GridLayout {
  /** Number of columns. */
  columns: number;
  /** Number of rows. */
  rows: number;
  /** Width of one tile in CSS pixels. */
  tileWidth: number;
  /** Height of one tile in CSS pixels. */
  tileHeight: number;
}

/**
 * Chooses how many columns `count` tiles of the given aspect ratio need to be as large as possible in a
 * `width` × `height` box with `gap` pixels between tiles. Ties go to the layout with fewer empty cells, then to
 * more columns in a landscape box and fewer in a portrait one.
 *
 * @example
 * ```ts
 * computeGridLayout(4, 1600, 900).columns; // 2 (a 2×2 grid)
 * computeGridLayout(4, 400, 900).columns;  // 1 (a tall phone screen stacks them)
 * ```
 */
export function computeGridLayout(count: number, width: number, height: number, aspectRatio = 16 / 9, gap = 0): GridLayout {
  const n = Math.max(1, Math.floor(count));
  const ratio = aspectRatio > 0 && Number.isFinite(aspectRatio) ? aspectRatio : 16 / 9;
  if (!(width > 0) || !(height > 0)) {
    const columns = Math.ceil(Math.sqrt(n));
    return { columns, rows: Math.ceil(n / columns), tileWidth: 0, tileHeight: 0 };
  }
  let best: GridLayout & { empty: number } = { columns: 1, rows: n, tileWidth: -1, tileHeight: 0, empty: 0 };
  for (let columns = 1; columns <= n; columns += 1) {
    const rows = Math.ceil(n / columns);
    const cellWidth = (width - gap * (columns - 1)) / columns;
    const cellHeight = (height - gap * (rows - 1)) / rows;
    const tileWidth = Math.max(0, Math.min(cellWidth, cellHeight * ratio));
    const empty = columns * rows - n;
    const tie = Math.abs(tileWidth - best.tileWidth) <= 0.5;
    // On a tie, fewer empty cells win; then the shape of the box: side by side when wide, stacked when tall.
    const better =
      tileWidth > best.tileWidth + 0.5 || (tie && (empty < best.empty || (empty === best.empty && width > height)));
    if (better) best = { columns, rows, tileWidth, tileHeight: tileWidth / ratio, empty };
  }
  const { columns, rows, tileWidth, tileHeight } = best;
  return { columns, rows, tileWidth, tileHeight };
}

/** Parses a CSS `aspect-ratio`-style value (`16 / 9`, `1.5`) to a number; `fallback` when it is not one. */
export function parseAspectRatio(value: string, fallback = 16 / 9): number {
  const parts = value.split('/').map((p) => Number.parseFloat(p.trim()));
  const [a, b] = parts;
  if (parts.length === 1 && a !== undefined && a > 0) return a;
  if (parts.length === 2 && a !== undefined && b !== undefined && a > 0 && b > 0) return a / b;
  return fallback;
}
