import { loadFailed } from '../internal/lazy-elements.js';
import type { RtcChatElement } from './chat.component.js';

/**
 * Loads and defines `<rtc-chat>` (not in `index.js` nor in `rtc-room.bundle.js`, to keep them small). With a
 * bundler it is a lazy chunk of your app; from `rtc-room.bundle.js` it is a file in the bundle's `chunks/` folder,
 * which must be deployed next to it. Safe to call more than once.
 *
 * @example
 * ```html
 * <script type="module" src="rtc-room.bundle.js"></script>
 * <script type="module">
 *   import { loadChat } from './rtc-room.bundle.js';
 *   await loadChat(); // <rtc-chat> is defined
 * </script>
 * ```
 * @returns the `RtcChatElement` class, once `<rtc-chat>` is defined
 * @throws {RtcError} `load-failed` when the chunk cannot be fetched (the bundle deployed without `chunks/`)
 */
export function loadChat(): Promise<typeof RtcChatElement> {
  return import('./chat.js').then((m) => m.RtcChatElement, loadFailed('loadChat()'));
}
