import { css } from 'lit';

export default css`
  :host {
    display: block;
    position: relative;
    min-width: 0;
    min-height: 0;
    container-type: inline-size;
  }

  :host([hidden]) {
    display: none;
  }

  [part~='base'] {
    position: relative;
    width: 100%;
    height: 100%;
    overflow: hidden;
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: 0 0 0 1px rgb(255 255 255 / 6%) inset;
    isolation: isolate;
  }

  /* The active speaker: an outline inside the tile's rounded box. */
  :host([speaking]) [part~='base'] {
    outline: 3px solid var(--rtc-speaking-color, var(--_accent));
    outline-offset: -3px;
  }

  [part~='video'] {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: var(--rtc-video-object-fit, cover);
    background: var(--_surface);
  }

  :host([local]) [part~='video'] {
    transform: var(--rtc-local-mirror, scaleX(-1));
  }

  /* A screen share: the whole screen, never mirrored. */
  :host([source='screen']) [part~='video'] {
    object-fit: contain;
    transform: none;
  }

  /* Camera off: the video keeps playing (it carries the participant's audio) but is not shown. */
  .camera-off [part~='video'] {
    visibility: hidden;
  }

  [part~='avatar'] {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    background: radial-gradient(circle at 50% 40%, var(--_surface-raised), var(--_surface));
  }

  [part~='initials'] {
    display: grid;
    place-items: center;
    width: clamp(40px, 28cqi, 120px);
    aspect-ratio: 1;
    border-radius: 50%;
    background: var(--rtc-avatar-bg, color-mix(in srgb, var(--_accent) 35%, var(--_surface-raised)));
    color: var(--_text);
    font-size: clamp(16px, 10cqi, 48px);
    font-weight: 500;
    letter-spacing: 0.02em;
    user-select: none;
  }

  [part~='info'] {
    position: absolute;
    inset-inline-start: 8px;
    inset-block-end: 8px;
    max-width: calc(100% - 16px);
    display: flex;
    align-items: center;
    gap: 6px;
    padding: 3px 10px 3px 6px;
    border-radius: 999px;
    background: rgb(0 0 0 / 55%);
    backdrop-filter: blur(6px);
    font-size: 13px;
    line-height: 1.4;
  }

  [part~='name'] {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  [part~='indicator'] {
    display: inline-grid;
    place-items: center;
    flex: none;
    width: 20px;
    height: 20px;
    border-radius: 50%;
    background: var(--_danger);
    color: var(--_on-danger);
  }

  [part~='indicator'] .icon {
    width: 14px;
    height: 14px;
  }

  /* Connection quality: signal bars in the level's color, on the pill's own background. */
  [part~='quality'] {
    background: none;
    color: var(--rtc-quality-good-color, #34a853);
  }

  [part~='quality-fair'] {
    color: var(--rtc-quality-fair-color, #fbbc04);
  }

  [part~='quality-poor'] {
    color: var(--rtc-quality-poor-color, var(--_danger));
  }

  [part~='quality-lost'] {
    color: var(--rtc-quality-lost-color, var(--_danger));
  }

  [part~='indicator'].quality .icon {
    width: 16px;
    height: 16px;
  }

  [part~='stats'] {
    position: absolute;
    inset-inline-start: 8px;
    inset-block-start: 8px;
    max-width: calc(100% - 16px);
  }
`;
