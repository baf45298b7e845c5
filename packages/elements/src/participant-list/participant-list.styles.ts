import { css } from 'lit';

export default css`
  :host {
    display: block;
    --_width: var(--rtc-participant-list-width, min(320px, 100%));
  }

  [part~='base'] {
    display: grid;
    gap: 8px;
    width: var(--_width);
    max-height: 100%;
    overflow: auto;
    padding: 12px;
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: 0 10px 30px rgb(0 0 0 / 45%);
  }

  [part~='header'] {
    display: flex;
    align-items: center;
    gap: 8px;
  }

  [part~='title'] {
    flex: 1;
    margin: 0;
    font-size: 15px;
    font-weight: 600;
  }

  .count {
    color: var(--_text-muted);
    font-weight: 400;
  }

  [part~='list'] {
    display: grid;
    gap: 2px;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  [part~='participant'] {
    display: flex;
    align-items: center;
    gap: 6px;
    min-height: 40px;
    padding: 4px 8px;
    border-radius: calc(var(--_radius) * 0.6);
  }

  [part~='participant']:focus {
    outline: none;
  }

  [part~='participant']:focus-visible,
  button:focus-visible {
    outline: none;
    box-shadow: var(--_focus-ring);
  }

  [part~='speaking'] {
    background: color-mix(in srgb, var(--_accent) 14%, transparent);
  }

  [part~='name'] {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  [part~='badge'] {
    padding: 1px 6px;
    border-radius: 999px;
    background: var(--_surface-raised);
    color: var(--_text-muted);
    font-size: 11px;
  }

  .indicators {
    display: flex;
    align-items: center;
    gap: 4px;
    margin-inline-start: auto;
    color: var(--_text-muted);
  }

  [part~='indicator'] svg {
    width: 18px;
    height: 18px;
    fill: currentColor;
  }

  [part~='mic-off'],
  [part~='camera-off'] {
    color: var(--_danger);
  }

  [part~='quality'] {
    font-size: 11px;
  }

  .speaking-dot {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--rtc-speaking-color, var(--_accent));
  }

  button {
    min-height: 32px;
    padding: 4px 10px;
    border: 0;
    border-radius: calc(var(--_radius) * 0.6);
    background: var(--_surface-raised);
    color: var(--_text);
    font: inherit;
    font-size: 13px;
    cursor: pointer;
  }

  .icon-button {
    min-width: 32px;
    padding: 4px;
  }

  .icon-button svg {
    width: 18px;
    height: 18px;
    fill: currentColor;
  }

  [part~='lock-button'][aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
  }

  .menu-anchor {
    position: relative;
  }

  [part~='menu'] {
    position: absolute;
    inset-inline-end: 0;
    top: 100%;
    z-index: 1;
    display: grid;
    min-width: 160px;
    padding: 4px;
    border-radius: calc(var(--_radius) * 0.6);
    background: var(--_surface-raised);
    box-shadow: 0 6px 18px rgb(0 0 0 / 45%);
  }

  [part~='menu-item'] {
    text-align: start;
    background: transparent;
  }

  [part~='menu-item']:hover,
  [part~='menu-item']:focus-visible {
    background: var(--_surface);
  }

  [part~='remove-item'] {
    color: var(--_danger);
  }

  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
`;
