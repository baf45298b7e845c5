import { css } from 'lit';

export default css`
  :host {
    display: block;
    --_ok: var(--rtc-preflight-ok-color, #34a853);
    --_warning: var(--rtc-preflight-warning-color, #fbbc04);
    --_failed: var(--rtc-preflight-failed-color, var(--_danger));
  }

  [part~='base'] {
    padding: calc(var(--_gap) * 2);
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  h2 {
    margin: 0 0 var(--_gap);
    font-size: 1.1em;
  }

  ul {
    display: grid;
    gap: var(--_gap);
    margin: 0 0 calc(var(--_gap) * 2);
    padding: 0;
    list-style: none;
  }

  li {
    display: grid;
    grid-template-columns: 6.5em 1fr;
    column-gap: var(--_gap);
  }

  .status {
    grid-row: span 3;
    font-weight: 600;
    color: var(--_text-muted);
  }

  .ok .status {
    color: var(--_ok);
  }

  .warning .status {
    color: var(--_warning);
  }

  .failed .status {
    color: var(--_failed);
  }

  .label {
    font-weight: 600;
  }

  .detail,
  .remedy {
    color: var(--_text-muted);
    font-size: 0.9em;
  }

  .remedy {
    color: var(--_text);
  }

  button {
    padding: 0.5em 1.2em;
    border: 0;
    border-radius: calc(var(--_radius) * 0.6);
    background: var(--_accent);
    color: var(--_on-accent);
    font: inherit;
    cursor: pointer;
  }

  button:focus-visible {
    outline: none;
    box-shadow: var(--_focus-ring);
  }

  button:disabled {
    opacity: 0.6;
    cursor: progress;
  }
`;
