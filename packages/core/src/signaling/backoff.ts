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

/**
 * WebSocket close codes by which a server asks its clients to reconnect now: 1001 Going Away (RFC 6455 §7.4.1,
 * a server shutting down) and 1012 Service Restart (IANA WebSocket close code registry; `@rtc-room/server` sends
 * it when it drains on SIGTERM). Another node behind the same address can take the session at once.
 * @internal
 */
export function isReconnectHint(code: number): boolean {
  return code === 1001 || code === 1012;
}

/**
 * Attempts made at once after a reconnect hint (the first ones may still reach the node on its way out); after
 * these, the usual backoff.
 * @internal
 */
export const HINTED_RETRIES = 3;

/**
 * Delay of a reconnection asked for by a {@link isReconnectHint} close, in ms: 0–250, no backoff. The spread keeps
 * the clients of a draining node from all arriving on the others in the same millisecond.
 * @internal
 */
export function hintedDelay(random: () => number = Math.random): number {
  return Math.round(250 * random());
}
