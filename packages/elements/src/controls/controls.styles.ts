import { css } from 'lit';

export default css`
  :host {
    --_button-size: 48px;
    --_controls-gap: 12px;
    display: block;
  }

  /* A phone (390 px wide and less, up to small tablets in portrait): smaller buttons, closer, on one row. */
  @media (max-width: 480px) {
    :host {
      --_button-size: 40px;
      --_controls-gap: 6px;
    }

    [part~='base'] {
      flex-wrap: nowrap;
    }

    button {
      flex: none;
    }
  }

  [part~='base'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: center;
    gap: var(--rtc-controls-gap, var(--_controls-gap));
  }

  button {
    --_btn-bg: var(--_surface-raised);
    --_btn-fg: var(--_text);
    display: inline-grid;
    place-items: center;
    width: var(--rtc-button-size, var(--_button-size));
    height: var(--rtc-button-size, var(--_button-size));
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: var(--_btn-bg);
    color: var(--_btn-fg);
    font: inherit;
    cursor: pointer;
    transition:
      background-color 120ms ease,
      transform 120ms ease,
      filter 120ms ease;
  }

  button[hidden] {
    display: none;
  }

  button:hover {
    filter: brightness(1.15);
  }

  button:active {
    transform: scale(0.95);
  }

  button:focus {
    outline: none;
  }

  button:focus-visible {
    box-shadow: var(--_focus-ring);
  }

  /* A device that is off is shown in the danger colour, as in most call apps. */
  [part~='mic-button'][aria-pressed='false'],
  [part~='camera-button'][aria-pressed='false'] {
    --_btn-bg: var(--_danger);
    --_btn-fg: var(--_on-danger);
  }

  [part~='stats-button'][aria-pressed='true'],
  [part~='devices-button'][aria-pressed='true'] {
    --_btn-bg: var(--_accent);
    --_btn-fg: var(--_on-accent);
  }

  [part~='record-button'][aria-pressed='true'] {
    --_btn-bg: var(--_danger);
    --_btn-fg: var(--_on-danger);
  }

  [part~='download'] {
    color: var(--_accent);
    font-size: 0.875rem;
  }

  [part~='leave-button'] {
    --_btn-bg: var(--_danger);
    --_btn-fg: var(--_on-danger);
    width: calc(var(--rtc-button-size, var(--_button-size)) * 1.4);
    border-radius: 999px;
  }

  button[aria-busy='true'] {
    cursor: progress;
    opacity: 0.7;
  }

  .icon {
    width: 22px;
    height: 22px;
  }

  @media (prefers-reduced-motion: reduce) {
    button {
      transition: none;
    }
  }
`;
