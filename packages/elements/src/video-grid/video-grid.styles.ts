import { css } from 'lit';

export default css`
  :host {
    --_aspect: var(--rtc-tile-aspect-ratio, 16 / 9);
    --_cols: var(--rtc-grid-columns, 1);
    --_rows: var(--rtc-grid-rows, 1);
    display: block;
    position: relative;
    width: 100%;
    height: 100%;
    min-height: var(--rtc-grid-min-height, 160px);
    container-type: size;
  }

  [part~='base'] {
    /* The tile width that fits both the columns across and the rows down, from the container's size. */
    --_tile-w: max(
      0px,
      min(
        calc((100cqw - (var(--_cols) - 1) * var(--_gap)) / var(--_cols)),
        calc((100cqh - (var(--_rows) - 1) * var(--_gap)) / var(--_rows) * (var(--_aspect)))
      )
    );
    display: grid;
    width: 100%;
    height: 100%;
    gap: var(--_gap);
    /* Two half-width tracks per column, so an incomplete last row can be centred (see below). */
    grid-template-columns: repeat(var(--_tracks, 2), calc((var(--_tile-w) - var(--_gap)) / 2));
    grid-auto-rows: calc(var(--_tile-w) / (var(--_aspect)));
    place-content: center;
  }

  ::slotted(*) {
    grid-column: span 2;
    min-width: 0;
    min-height: 0;
    width: 100%;
    height: 100%;
  }

  ::slotted([hidden]) {
    display: none !important;
  }

  /* Speaker layout: the featured tile as large as the stage allows at the tile aspect ratio, the others in a strip. */
  [part~='base'].speaker {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }

  [part~='stage'] {
    flex: 1;
    min-height: 0;
    display: grid;
    place-items: center;
    container-type: size;
  }

  slot[name='stage']::slotted(*) {
    width: min(100cqw, 100cqh * (var(--_aspect)));
    height: auto;
    aspect-ratio: var(--_aspect);
  }

  [part~='strip'] {
    flex: none;
    height: var(--rtc-strip-height, 20%);
    display: flex;
    justify-content: safe center;
    gap: var(--_gap);
    overflow-x: auto;
  }

  [part~='strip'] slot::slotted(*) {
    flex: none;
    width: auto;
    height: 100%;
    aspect-ratio: var(--_aspect);
  }

  :host([data-columns='2']) ::slotted(:nth-child(2n + 1):nth-last-child(1)) {
    grid-column: 2 / span 2;
  }
  :host([data-columns='3']) ::slotted(:nth-child(3n + 1):nth-last-child(1)) {
    grid-column: 3 / span 2;
  }
  :host([data-columns='3']) ::slotted(:nth-child(3n + 1):nth-last-child(2)) {
    grid-column: 2 / span 2;
  }
  :host([data-columns='4']) ::slotted(:nth-child(4n + 1):nth-last-child(1)) {
    grid-column: 4 / span 2;
  }
  :host([data-columns='4']) ::slotted(:nth-child(4n + 1):nth-last-child(2)) {
    grid-column: 3 / span 2;
  }
  :host([data-columns='4']) ::slotted(:nth-child(4n + 1):nth-last-child(3)) {
    grid-column: 2 / span 2;
  }
  :host([data-columns='5']) ::slotted(:nth-child(5n + 1):nth-last-child(1)) {
    grid-column: 5 / span 2;
  }
  :host([data-columns='5']) ::slotted(:nth-child(5n + 1):nth-last-child(2)) {
    grid-column: 4 / span 2;
  }
  :host([data-columns='5']) ::slotted(:nth-child(5n + 1):nth-last-child(3)) {
    grid-column: 3 / span 2;
  }
  :host([data-columns='5']) ::slotted(:nth-child(5n + 1):nth-last-child(4)) {
    grid-column: 2 / span 2;
  }
  :host([data-columns='6']) ::slotted(:nth-child(6n + 1):nth-last-child(1)) {
    grid-column: 6 / span 2;
  }
  :host([data-columns='6']) ::slotted(:nth-child(6n + 1):nth-last-child(2)) {
    grid-column: 5 / span 2;
  }
  :host([data-columns='6']) ::slotted(:nth-child(6n + 1):nth-last-child(3)) {
    grid-column: 4 / span 2;
  }
  :host([data-columns='6']) ::slotted(:nth-child(6n + 1):nth-last-child(4)) {
    grid-column: 3 / span 2;
  }
  :host([data-columns='6']) ::slotted(:nth-child(6n + 1):nth-last-child(5)) {
    grid-column: 2 / span 2;
  }
  :host([data-columns='7']) ::slotted(:nth-child(7n + 1):nth-last-child(1)) {
    grid-column: 7 / span 2;
  }
  :host([data-columns='7']) ::slotted(:nth-child(7n + 1):nth-last-child(2)) {
    grid-column: 6 / span 2;
  }
  :host([data-columns='7']) ::slotted(:nth-child(7n + 1):nth-last-child(3)) {
    grid-column: 5 / span 2;
  }
  :host([data-columns='7']) ::slotted(:nth-child(7n + 1):nth-last-child(4)) {
    grid-column: 4 / span 2;
  }
  :host([data-columns='7']) ::slotted(:nth-child(7n + 1):nth-last-child(5)) {
    grid-column: 3 / span 2;
  }
  :host([data-columns='7']) ::slotted(:nth-child(7n + 1):nth-last-child(6)) {
    grid-column: 2 / span 2;
  }
  :host([data-columns='8']) ::slotted(:nth-child(8n + 1):nth-last-child(1)) {
    grid-column: 8 / span 2;
  }
  :host([data-columns='8']) ::slotted(:nth-child(8n + 1):nth-last-child(2)) {
    grid-column: 7 / span 2;
  }
  :host([data-columns='8']) ::slotted(:nth-child(8n + 1):nth-last-child(3)) {
    grid-column: 6 / span 2;
  }
  :host([data-columns='8']) ::slotted(:nth-child(8n + 1):nth-last-child(4)) {
    grid-column: 5 / span 2;
  }
  :host([data-columns='8']) ::slotted(:nth-child(8n + 1):nth-last-child(5)) {
    grid-column: 4 / span 2;
  }
  :host([data-columns='8']) ::slotted(:nth-child(8n + 1):nth-last-child(6)) {
    grid-column: 3 / span 2;
  }
  :host([data-columns='8']) ::slotted(:nth-child(8n + 1):nth-last-child(7)) {
    grid-column: 2 / span 2;
  }
`;
