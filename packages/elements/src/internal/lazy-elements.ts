import { RtcError } from '@rtc-room/core';
import type { RtcDevicePickerElement } from '../device-picker/device-picker.component.js';
import type { RtcStatsOverlayElement } from '../stats-overlay/stats-overlay.component.js';

/**
 * The `load-failed` error for a part loaded on first use: with a bundler it is a lazy chunk of the app; from
 * `rtc-room.bundle.js` a file in the bundle's `chunks/` folder, which must be deployed next to it.
 * @internal
 */
export const loadFailed =
  (what: string) =>
  (error: unknown): never => {
    throw new RtcError('load-failed', `${what} could not load its code: copy the bundle's chunks/ folder next to it (${String(error)}).`, { cause: error });
  };

/**
 * Loads and defines `<rtc-device-picker>`. `<rtc-room>` calls it when its device panel first opens; pages using
 * `rtc-room.bundle.js` call it before using the tag alone (the bundle defines it only on demand). Safe to call more
 * than once.
 * @returns the `RtcDevicePickerElement` class, once `<rtc-device-picker>` is defined
 * @throws {RtcError} `load-failed` when the chunk cannot be fetched (the bundle deployed without `chunks/`)
 */
export function loadDevicePicker(): Promise<typeof RtcDevicePickerElement> {
  return import('../device-picker/device-picker.js').then((m) => m.RtcDevicePickerElement, loadFailed('loadDevicePicker()'));
}

/**
 * Loads and defines `<rtc-stats-overlay>`. `<rtc-video-tile>` calls it when `show-stats` is first set; pages using
 * `rtc-room.bundle.js` call it before using the tag alone. Safe to call more than once.
 * @returns the `RtcStatsOverlayElement` class, once `<rtc-stats-overlay>` is defined
 * @throws {RtcError} `load-failed` when the chunk cannot be fetched (the bundle deployed without `chunks/`)
 */
export function loadStatsOverlay(): Promise<typeof RtcStatsOverlayElement> {
  return import('../stats-overlay/stats-overlay.js').then((m) => m.RtcStatsOverlayElement, loadFailed('loadStatsOverlay()'));
}
