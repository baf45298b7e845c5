/** Reconnection timing of {@link WebSocketSignaling}. */
export interface ReconnectOptions {
  /** First delay, in ms. Default 250. */
  initialDelayMs?: number;
  /** Largest delay, in ms. Default 5000. */
  maxDelayMs?: number;
  /** Growth factor per attempt. Default 2. */
  factor?: number;
  /** Random spread, 0–1: each delay is multiplied by a factor in [1 − jitter, 1]. Default 0.5. */
  jitter?: number;
  /** Give up after this long without a connection, in ms. Default 60000. */
  giveUpAfterMs?: number;
}

/**
 * Exponential backoff with jitter ("equal jitter" variant): `min(max, initial · factor^n) · (1 − jitter·random)`.
 * @internal
 */
export function backoffDelay(attempt: number, options: ReconnectOptions, random: () => number = Math.random): number {
  const initial = options.initialDelayMs ?? 250;
  const max = options.maxDelayMs ?? 5000;
  const factor = options.factor ?? 2;
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.5));
  const base = Math.min(max, initial * factor ** attempt);
  return Math.round(base * (1 - jitter * random()));
}
