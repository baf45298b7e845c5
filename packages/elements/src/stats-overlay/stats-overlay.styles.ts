import { css } from 'lit';

export default css`
  :host {
    display: block;
    font-size: var(--rtc-stats-font-size, 11px);
    line-height: 1.35;
    pointer-events: none;
  }

  [part~='base'] {
    display: inline-block;
    margin: 0;
    padding: 6px 8px;
    border-radius: calc(var(--_radius) * 0.6);
    background: var(--rtc-stats-bg, rgb(12 14 18 / 84%));
    color: var(--_text);
    font-variant-numeric: tabular-nums;
    backdrop-filter: blur(6px);
  }

  .title {
    margin: 0 0 2px;
    font-size: inherit;
    font-weight: 600;
  }

  dl {
    display: grid;
    grid-template-columns: auto auto;
    column-gap: 10px;
    margin: 0;
  }

  dt {
    color: var(--_text-muted);
  }

  dd {
    margin: 0;
    text-align: end;
  }

  [part~='empty'] {
    margin: 0;
    color: var(--_text-muted);
  }
`;
