import { css } from 'lit';

export default css`
  :host {
    display: block;
    height: var(--rtc-chat-height, 320px);
  }

  [part~='base'] {
    display: flex;
    flex-direction: column;
    height: 100%;
    border-radius: var(--_radius);
    background: var(--_surface);
    overflow: hidden;
  }

  [part~='log'] {
    flex: 1;
    margin: 0;
    padding: var(--_gap);
    overflow-y: auto;
  }

  [part~='line'] {
    margin: 0 0 var(--_gap);
    padding: 6px 10px;
    border-radius: calc(var(--_radius) * 0.6);
    background: var(--_surface-raised);
  }

  [part~='line-mine'] {
    background: var(--rtc-chat-mine-bg, color-mix(in srgb, var(--_accent) 22%, var(--_surface-raised)));
  }

  [part~='name'] {
    font-weight: 600;
  }

  [part~='time'] {
    margin-inline-start: 6px;
    color: var(--_text-muted);
    font-size: 0.8em;
  }

  [part~='text'] {
    margin: 2px 0 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  [part~='empty'] {
    margin: auto;
    color: var(--_text-muted);
  }

  [part~='form'] {
    display: flex;
    gap: var(--_gap);
    padding: var(--_gap);
    border-top: 1px solid var(--_surface-raised);
  }

  input,
  button {
    font: inherit;
    color: inherit;
    border: 0;
    border-radius: calc(var(--_radius) * 0.6);
    padding: 8px 12px;
  }

  input {
    flex: 1;
    min-width: 0;
    background: var(--_bg);
  }

  button {
    background: var(--_accent);
    color: var(--_on-accent);
    cursor: pointer;
  }

  input:focus,
  button:focus {
    outline: none;
  }

  input:focus-visible,
  button:focus-visible {
    box-shadow: var(--_focus-ring);
  }
`;
