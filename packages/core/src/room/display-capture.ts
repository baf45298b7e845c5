import { MediaError } from '../errors/MediaError.js';
import type { ScreenShareOptions } from './ScreenShare.js';

/**
 * Asks the user what to share (`getDisplayMedia`, W3C Screen Capture). Kept out of the screen-share chunk: the first
 * `startScreenShare()` calls it before that chunk has loaded, while the click's transient user activation lasts
 * (Firefox refuses `getDisplayMedia` once it lapsed).
 * @throws {MediaError} `device-not-found` without `getDisplayMedia`; as `MediaError.fromGetDisplayMedia` otherwise.
 * @internal
 */
export function captureDisplay(options: ScreenShareOptions): Promise<MediaStream> {
  const devices = globalThis.navigator?.mediaDevices;
  if (!devices?.getDisplayMedia) return Promise.reject(new MediaError('device-not-found', 'Screen sharing is not available in this browser.'));
  return devices.getDisplayMedia({ video: options.video ?? true, audio: options.audio ?? true }).catch((error: unknown) => {
    throw MediaError.fromGetDisplayMedia(error);
  });
}
