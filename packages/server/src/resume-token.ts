/**
 * Self-contained, signed resume tokens: a seat can be restored by a server process that never saw it (after a
 * restart) as long as it has the same `resumeSecret`. The token is opaque to clients.
 *
 * Format (one base64url string, no padding): `base64url(0x01 ‖ mac ‖ payload)` where `payload` is the UTF-8 JSON
 * `{ "id", "room", "name", "role", "iat", "sid" }` (`iat`: issue time in seconds; `sid`: random id of the issuing
 * process) and `mac = HMAC-SHA256(resumeSecret, "rtc-room-resume-v1\n" ‖ payload)` (32 bytes). Tokens are never logged.
 *
 * @packageDocumentation
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { MAX_NAME_LENGTH, MAX_PEER_ID_LENGTH, MAX_ROOM_LENGTH, type Role } from './protocol.js';

/** First byte of a version-1 token. */
const VERSION = 0x01;
const MAC_BYTES = 32;
const DOMAIN = Buffer.from('rtc-room-resume-v1\n', 'utf8');
/** Shortest accepted `resumeSecret`, in characters. */
export const MIN_RESUME_SECRET_LENGTH = 16;
/** How long after its `iat` a token can restore a seat in another process: 24 hours. */
export const RESUME_TOKEN_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Tolerated clock skew between processes for `iat` in the future. */
const MAX_SKEW_MS = 60_000;

/** What a resume token says about its seat. */
export interface ResumeClaims {
  id: string;
  room: string;
  name: string;
  role: Role;
  /** Issue time, seconds since the epoch. */
  iat: number;
  /** Random id of the issuing process. */
  sid: string;
}

/** Outcome of {@link ResumeTokens.verify}; `reason` is log-safe. */
export type VerifyResult =
  | { ok: true; claims: ResumeClaims }
  | { ok: false; reason: 'resume-token' | 'resume-token-expired' };

const isString = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

/** Issues and verifies resume tokens with one secret; owned by one server process. */
export class ResumeTokens {
  /** Random id of this process: a token carrying it was issued here, so its seat is not restorable here. */
  readonly sid = randomBytes(9).toString('base64url');
  #key: Buffer;
  #restorable: boolean;

  /**
   * @param secret - the configured `resumeSecret`, or `undefined` for a random per-process one (then no token
   *   outlives this process, and {@link restorable} is false)
   */
  constructor(secret: string | undefined) {
    this.#restorable = secret !== undefined;
    this.#key = secret !== undefined ? Buffer.from(secret, 'utf8') : randomBytes(32);
  }

  /** Whether seats unknown to this process may be restored from their tokens (a `resumeSecret` is configured). */
  get restorable(): boolean {
    return this.#restorable;
  }

  /**
   * Signs and verifies with `secret` from now on: the secret every node of a Redis backplane shares (when no
   * `resumeSecret` is configured, the first node stores a random one in Redis). Tokens issued before are invalid.
   */
  useSharedSecret(secret: string): void {
    this.#key = Buffer.from(secret, 'utf8');
    this.#restorable = true;
  }

  #mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.#key).update(DOMAIN).update(payload).digest();
  }

  /** A new token for a seat, issued now. */
  issue(seat: { id: string; room: string; name: string; role: Role }, now = Date.now()): string {
    const claims: ResumeClaims = { ...seat, iat: Math.floor(now / 1000), sid: this.sid };
    const payload = Buffer.from(JSON.stringify(claims), 'utf8');
    return Buffer.concat([Buffer.from([VERSION]), this.#mac(payload), payload]).toString('base64url');
  }

  /**
   * Checks the signature (constant time), the claims' shape and the age (`iat` within
   * {@link RESUME_TOKEN_MAX_AGE_MS}, at most a minute in the future). Never throws.
   */
  verify(token: string, now = Date.now()): VerifyResult {
    if (!/^[A-Za-z0-9_-]+$/.test(token)) return { ok: false, reason: 'resume-token' };
    const raw = Buffer.from(token, 'base64url');
    if (raw.length <= 1 + MAC_BYTES || raw[0] !== VERSION) return { ok: false, reason: 'resume-token' };
    const mac = raw.subarray(1, 1 + MAC_BYTES);
    const payload = raw.subarray(1 + MAC_BYTES);
    if (!timingSafeEqual(mac, this.#mac(payload))) return { ok: false, reason: 'resume-token' };
    let data: unknown;
    try {
      data = JSON.parse(payload.toString('utf8'));
    } catch {
      return { ok: false, reason: 'resume-token' };
    }
    if (typeof data !== 'object' || data === null) return { ok: false, reason: 'resume-token' };
    const { id, room, name, role, iat, sid } = data as Record<string, unknown>;
    if (
      !isString(id, MAX_PEER_ID_LENGTH) ||
      !isString(room, MAX_ROOM_LENGTH) ||
      !isString(name, MAX_NAME_LENGTH) ||
      (role !== 'publisher' && role !== 'subscriber' && role !== 'moderator') ||
      typeof iat !== 'number' ||
      !Number.isSafeInteger(iat) ||
      !isString(sid, 64)
    ) {
      return { ok: false, reason: 'resume-token' };
    }
    const issuedMs = iat * 1000;
    if (issuedMs > now + MAX_SKEW_MS || now - issuedMs > RESUME_TOKEN_MAX_AGE_MS) {
      return { ok: false, reason: 'resume-token-expired' };
    }
    return { ok: true, claims: { id, room, name, role, iat, sid } };
  }
}

/** Validates `resumeSecret`: `undefined`, or a string of at least {@link MIN_RESUME_SECRET_LENGTH} characters. */
export function resolveResumeSecret(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length < MIN_RESUME_SECRET_LENGTH) {
    throw new TypeError(`resumeSecret must be a string of at least ${MIN_RESUME_SECRET_LENGTH} characters`);
  }
  return value;
}
