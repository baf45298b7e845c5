import type { RtcError } from '../errors/RtcError.js';

/** Polls `condition` every `intervalMs` (default 20) until it is true; rejects after `timeoutMs` naming `what`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
  intervalMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The error `promise` rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<RtcError> {
  try {
    await promise;
  } catch (e) {
    return e as RtcError;
  }
  throw new Error('expected a rejection');
}
