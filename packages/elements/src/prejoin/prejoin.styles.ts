import { css } from 'lit';

export default css`
  :host {
    display: block;
  }

  [part~='base'] {
    display: grid;
    grid-template-columns: minmax(0, 3fr) minmax(220px, 2fr);
    gap: calc(var(--_gap) * 2);
    align-items: center;
    max-width: 960px;
    margin: 0 auto;
    padding: calc(var(--_gap) * 2);
    color: var(--_text);
  }

  @media (max-width: 640px) {
    [part~='base'] {
      grid-template-columns: 1fr;
    }
  }

  [part~='preview'] {
    position: relative;
    aspect-ratio: var(--rtc-tile-aspect-ratio, 16 / 9);
    overflow: hidden;
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  video {
    width: 100%;
    height: 100%;
    object-fit: cover;
    transform: scaleX(-1);
  }

  [part~='camera-off'] {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    color: var(--_text-muted);
  }

  [part~='toggles'] {
    position: absolute;
    inset-block-end: 12px;
    inset-inline: 0;
    display: flex;
    justify-content: center;
    gap: 12px;
  }

  [part~='toggle'] {
    display: inline-grid;
    place-items: center;
    width: 48px;
    height: 48px;
    border: 0;
    border-radius: 50%;
    background: var(--_surface-raised);
    color: var(--_text);
    cursor: pointer;
  }

  [part~='toggle'][aria-pressed='false'] {
    background: var(--_danger);
    color: var(--_on-danger);
  }

  [part~='form'] {
    display: flex;
    flex-direction: column;
    gap: 12px;
  }

  [part~='title'] {
    margin: 0;
    font-size: 22px;
    font-weight: 500;
  }

  label {
    display: flex;
    flex-direction: column;
    gap: 4px;
    color: var(--_text-muted);
    font-size: 13px;
  }

  input {
    padding: 8px 10px;
    border: 1px solid var(--_text-muted);
    border-radius: 8px;
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
    font-size: 15px;
  }

  meter {
    width: 100%;
    height: 8px;
  }

  [part~='join-button'] {
    align-self: flex-start;
    padding: 10px 24px;
    border: 0;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }

  button:focus-visible,
  input:focus-visible {
    outline: none;
    box-shadow: var(--_focus-ring);
  }
`;
