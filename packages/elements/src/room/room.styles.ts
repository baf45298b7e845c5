import { css } from 'lit';

export default css`
  :host {
    display: block;
    position: relative;
    height: var(--rtc-room-height, 100%);
    min-height: var(--rtc-room-min-height, 360px);
    overflow: hidden;
    border-radius: var(--_radius);
    background: var(--_bg);
  }

  [part~='base'] {
    display: flex;
    flex-direction: column;
    height: 100%;
    padding: var(--_gap);
    gap: var(--_gap);
  }

  [part~='stage'] {
    position: relative;
    flex: 1 1 auto;
    min-height: 0;
  }

  [part~='grid'] {
    height: 100%;
  }

  [part~='status'] {
    position: absolute;
    inset-block-start: 12px;
    inset-inline: 0;
    z-index: 3;
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 8px;
    pointer-events: none;
  }

  .notice,
  [part~='error'],
  [part~='empty'] {
    display: flex;
    align-items: center;
    gap: 10px;
    max-width: min(560px, calc(100% - 24px));
    padding: 8px 14px;
    border-radius: 999px;
    background: color-mix(in srgb, var(--_surface-raised) 92%, transparent);
    box-shadow: 0 4px 18px rgb(0 0 0 / 35%);
    font-size: 14px;
    pointer-events: auto;
  }

  [part~='error'] {
    border-radius: calc(var(--_radius) * 0.8);
    background: color-mix(in srgb, var(--_danger) 22%, var(--_surface-raised));
    box-shadow:
      0 0 0 1px color-mix(in srgb, var(--_danger) 60%, transparent) inset,
      0 4px 18px rgb(0 0 0 / 35%);
  }

  [part~='empty'] ::slotted(*) {
    margin: 0;
  }

  [part~='empty'] {
    position: absolute;
    inset-block-end: 16px;
    inset-inline-start: 50%;
    transform: translateX(-50%);
    z-index: 2;
    color: var(--_text-muted);
  }

  .spinner {
    width: 14px;
    height: 14px;
    border: 2px solid color-mix(in srgb, var(--_text) 30%, transparent);
    border-top-color: var(--_accent);
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }

  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }

  .text-button,
  .icon-button {
    padding: 4px 12px;
    border: 0;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }

  .icon-button {
    display: inline-grid;
    place-items: center;
    padding: 2px;
    background: transparent;
    color: inherit;
  }

  .icon-button .icon {
    width: 18px;
    height: 18px;
  }

  button:focus {
    outline: none;
  }

  button:focus-visible {
    box-shadow: var(--_focus-ring);
  }

  [part~='device-picker'] {
    position: absolute;
    inset-inline-end: 12px;
    inset-block-end: 12px;
    z-index: 4;
    width: min(340px, calc(100% - 24px));
  }

  [part~='participant-list'] {
    position: absolute;
    inset-inline-start: 12px;
    inset-block-start: 12px;
    z-index: 4;
    max-height: calc(100% - 24px);
    width: min(320px, calc(100% - 24px));
  }

  [part~='footer'] {
    display: grid;
    grid-template-columns: 1fr auto 1fr;
    align-items: center;
    gap: var(--_gap);
    padding-block: 4px;
  }

  .footer-start {
    justify-self: start;
  }

  .footer-end {
    justify-self: end;
  }

  @media (max-width: 540px) {
    [part~='footer'] {
      grid-template-columns: 1fr;
      justify-items: center;
    }

    .footer-start,
    .footer-end {
      justify-self: center;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 3s;
    }
  }
`;
