import { toRtcError } from '../internal/errors.js';

let loading: Promise<void> | undefined;

/**
 * Loads and defines `<rtc-prejoin>` for `<rtc-room prejoin>`: a chunk of its own, so calls without a pre-join screen
 * do not carry it (from `rtc-room.bundle.js`: a file in the bundle's `chunks/` folder).
 * @throws {RtcError} `load-failed` when the chunk cannot be fetched.
 */
export function loadPrejoin(): Promise<void> {
  loading ??= import('../prejoin/prejoin.js').then(
    () => undefined,
    (error: unknown) => {
      loading = undefined;
      const failed = toRtcError(error, 'load-failed');
      failed.message = `<rtc-room prejoin> could not load its pre-join screen: copy the bundle's chunks/ folder next to it (${String(error)}).`;
      throw failed;
    },
  );
  return loading;
}
