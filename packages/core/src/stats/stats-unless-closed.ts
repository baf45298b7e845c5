import type { StatsSource } from './types.js';

/** How often a pending `getStats()` looks whether its connection was closed meanwhile, in ms. */
const CLOSED_CHECK_MS = 100;

/**
 * `source.getStats()`, or `undefined` when the connection is closed (`connectionState` `closed`) before or while the
 * report is gathered. WebRTC 1.0 §8.2 resolves a `getStats()` called before `close()`; Firefox ESR 153 never settles
 * it (measured: a `getStats()` pending when `close()` is called stays pending, with or without a remote peer), so an
 * `await` on it would hang forever whenever a connection closes under a stats poll: a peer leaving, an ICE or SFU
 * reconnection replacing a connection, a `topology: 'auto'` switch closing the old path. `close()` fires no event
 * (WebRTC 1.0 §4.4.1.5), so the state is checked every {@link CLOSED_CHECK_MS} ms while the call is pending.
 * @throws whatever `getStats()` rejects with.
 * @internal
 */
export function statsUnlessClosed(source: StatsSource): Promise<RTCStatsReport | undefined> {
  if (source.connectionState === 'closed') return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (source.connectionState !== 'closed') return;
      clearInterval(timer);
      resolve(undefined);
    }, CLOSED_CHECK_MS);
    source.getStats().then(
      (report) => (clearInterval(timer), resolve(report)),
      (error: unknown) => (clearInterval(timer), reject(error)),
    );
  });
}
