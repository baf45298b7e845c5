import { RtcError } from './RtcError.js';

/**
 * Awaits the dynamic `import()` of a part of the SDK that loads on first use. In the self-contained bundles that
 * part is a file in `chunks/` next to the bundle; deployed without it, the browser's own error ("Failed to fetch
 * dynamically imported module") does not say what is missing.
 * @param load - the `import()`
 * @param what - the API that needs it, for the message, e.g. `'Room.preflight()'`
 * @throws {RtcError} `load-failed`, naming `what` and the `chunks/` folder; the browser's error is the `cause`
 * @internal
 */
export function loadLazy<T>(load: Promise<T>, what: string): Promise<T> {
  return load.catch((error: unknown) => {
    throw new RtcError('load-failed', `${what} could not load its code: copy the bundle's chunks/ folder next to it (${String(error)}).`, { cause: error });
  });
}
