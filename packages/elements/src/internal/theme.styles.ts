import { css } from 'lit';

/**
 * Shared design tokens. Each public `--rtc-*` property is read with its default into a private `--_*` property on
 * every element's `:host`, so a value set by the page on any ancestor (`rtc-room { --rtc-color-accent: hotpink }`)
 * reaches every nested element, and an element used alone still looks right.
 */
export const tokens = css`
  :host {
    --_bg: var(--rtc-color-bg, #111318);
    --_surface: var(--rtc-color-surface, #1f2228);
    --_surface-raised: var(--rtc-color-surface-raised, #2b2f37);
    --_text: var(--rtc-color-text, #e8eaed);
    --_text-muted: var(--rtc-color-text-muted, #a4a9b3);
    --_accent: var(--rtc-color-accent, #8ab4f8);
    --_on-accent: var(--rtc-color-on-accent, #0b1a33);
    --_danger: var(--rtc-color-danger, #ea4335);
    --_on-danger: var(--rtc-color-on-danger, #ffffff);
    --_radius: var(--rtc-radius, 12px);
    --_gap: var(--rtc-gap, 8px);
    --_font: var(--rtc-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_focus-ring: var(--rtc-focus-ring, 0 0 0 3px color-mix(in srgb, var(--_accent) 70%, transparent));
    font-family: var(--_font);
    color: var(--_text);
    box-sizing: border-box;
  }

  :host([hidden]) {
    display: none !important;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;
