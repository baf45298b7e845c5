/**
 * Short-lived TURN credentials in the TURN REST API form that coturn accepts with
 * `--use-auth-secret --static-auth-secret=SECRET`: username `"<unix-expiry>:<user>"`, credential
 * `base64(HMAC-SHA1(SECRET, username))`.
 *
 * @packageDocumentation
 */
import { createHmac } from 'node:crypto';
import type { IceServer } from './protocol.js';

/** Options of {@link mintTurnCredentials}. */
export interface TurnCredentialOptions {
  /** The shared secret, the same string as coturn's `--static-auth-secret`. */
  secret: string;
  /** TURN/STUN URLs the credentials are for, e.g. `['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349']`. */
  urls: string[];
  /** Who the credentials are for (any string without `:`, e.g. a user or participant id); it ends up in coturn's logs. */
  user: string;
  /** Lifetime in seconds. Default `1800` (30 minutes). */
  ttlSeconds?: number;
  /** Current time in ms since the epoch (for tests). Default `Date.now()`. */
  now?: number;
}

/** Result of {@link mintTurnCredentials}. */
export interface TurnCredentials {
  /** `"<unix-expiry>:<user>"`. */
  username: string;
  /** `base64(HMAC-SHA1(secret, username))`. */
  credential: string;
  /** Expiry as Unix time in seconds (the number in `username`). */
  expiresAt: number;
  /** Milliseconds from `now` until expiry. */
  ttlMs: number;
  /** Ready to hand to `RTCPeerConnection`: one entry with every URL and the credentials. */
  iceServer: IceServer;
}

/** Default lifetime of TURN credentials, in seconds. */
export const DEFAULT_TURN_TTL_SECONDS = 1800;

const TURN_URL = /^(turns?|stuns?):[^\s]+$/i;

/** Whether `url` looks like a `turn:`, `turns:`, `stun:` or `stuns:` URI (RFC 7064/7065). */
export function isIceUrl(url: unknown): url is string {
  return typeof url === 'string' && url.length <= 512 && TURN_URL.test(url);
}

/**
 * Mints TURN REST API credentials. Use it in an app backend to hand out TURN credentials yourself,
 * or let the signaling server do it on every `join` (`turnUrls` + `turnSecret`).
 *
 * @example
 * ```ts
 * import { mintTurnCredentials } from '@rtc-room/server';
 * const { iceServer, ttlMs } = mintTurnCredentials({
 *   secret: process.env.TURN_SECRET!, urls: ['turn:turn.example.org:3478'], user: 'user-42', ttlSeconds: 600,
 * });
 * // new RTCPeerConnection({ iceServers: [iceServer] }) in the browser; refresh before ttlMs runs out
 * ```
 * @throws {TypeError} for an empty secret, no or malformed URLs, a `user` containing `:`, or a bad TTL
 */
export function mintTurnCredentials(options: TurnCredentialOptions): TurnCredentials {
  const { secret, urls, user, ttlSeconds = DEFAULT_TURN_TTL_SECONDS, now = Date.now() } = options;
  if (typeof secret !== 'string' || secret.length === 0) throw new TypeError('secret must be a non-empty string');
  if (!Array.isArray(urls) || urls.length === 0 || !urls.every(isIceUrl)) {
    throw new TypeError('urls must be a non-empty array of turn:, turns:, stun: or stuns: URLs');
  }
  if (typeof user !== 'string' || user.length === 0 || user.includes(':')) {
    throw new TypeError('user must be a non-empty string without ":"');
  }
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new TypeError(`ttlSeconds must be an integer >= 1, got ${String(ttlSeconds)}`);
  const expiresAt = Math.floor(now / 1000) + ttlSeconds;
  const username = `${expiresAt}:${user}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return {
    username,
    credential,
    expiresAt,
    ttlMs: expiresAt * 1000 - now,
    iceServer: { urls: [...urls], username, credential },
  };
}
