import { RtcError } from '@rtc-room/core';
import type { RtcParticipantListElement } from './participant-list.component.js';

/**
 * Loads and defines `<rtc-participant-list>`: `<rtc-room>` calls it the first time its people panel opens, so the
 * list is a lazy chunk (with a bundler: of your app; from `rtc-room.bundle.js`: a file in its `chunks/` folder).
 * Safe to call more than once.
 * @returns the `RtcParticipantListElement` class, once `<rtc-participant-list>` is defined
 * @throws {RtcError} `load-failed` when the chunk cannot be fetched (the bundle deployed without `chunks/`)
 */
export function loadParticipantList(): Promise<typeof RtcParticipantListElement> {
  return import('./participant-list.js').then(
    (m) => m.RtcParticipantListElement,
    (error: unknown) => {
      throw new RtcError('load-failed', `The participant list could not load its code: copy the bundle's chunks/ folder next to it (${String(error)}).`, { cause: error });
    },
  );
}
