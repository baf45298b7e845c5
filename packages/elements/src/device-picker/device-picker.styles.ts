import { css } from 'lit';

export default css`
  :host {
    display: block;
  }

  [part~='base'] {
    display: grid;
    gap: 12px;
    margin: 0;
    padding: 16px;
    min-width: min(320px, 100%);
    border: 0;
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: 0 10px 30px rgb(0 0 0 / 45%);
  }

  [part~='title'] {
    margin: 0;
    padding: 0;
    font-size: 15px;
    font-weight: 600;
  }

  [part~='field'] {
    display: grid;
    gap: 4px;
  }

  [part~='label'] {
    color: var(--_text-muted);
    font-size: 12px;
  }

  select {
    width: 100%;
    min-height: 36px;
    padding: 6px 10px;
    border: 1px solid color-mix(in srgb, var(--_text) 20%, transparent);
    border-radius: calc(var(--_radius) * 0.6);
    background: var(--_surface-raised);
    color: var(--_text);
    font: inherit;
    font-size: 14px;
  }

  select:focus {
    outline: none;
  }

  select:focus-visible {
    box-shadow: var(--_focus-ring);
    border-color: var(--_accent);
  }

  select:disabled {
    opacity: 0.6;
  }
`;
