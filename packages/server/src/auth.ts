/**
 * Room tokens: JWTs that name the room, the display name and the role of one participant.
 * Signed with HS256 and a shared secret, or with RS256 / ES256 / EdDSA and a private key whose
 * public half the server knows. Verified with `jose`.
 *
 * @packageDocumentation
 */
import { createPublicKey, KeyObject, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import * as v from 'valibot';
import { type JtiStore, MemoryJtiStore } from './jti-store.js';
import { MAX_NAME_LENGTH, MAX_ROOM_LENGTH, type Role } from './protocol.js';

/** The claims the server reads from a room token. */
export interface RoomTokenClaims {
  /** The only room the token opens. */
  room: string;
  /** Display name; replaces the one in `join`. */
  name?: string;
  /** Default `publisher`; `moderator` publishes and may mute, remove and lock (docs/server.md "Moderation"). */
  role: Role;
  /** Opaque user id of the app. */
  sub?: string;
  /** May start and stop server-side recording of SFU rooms (`sfu` op `record`). Default false. */
  record?: boolean;
  /** Expiry, Unix seconds. */
  exp: number;
  /** Token id (`jti`), when the token has one: a removed participant's token is refused by it. */
  jti?: string;
}

/** Why a token was refused (log-safe, no token content). */
export type TokenRefusal =
  | 'missing'
  | 'malformed'
  | 'bad-signature'
  | 'algorithm'
  | 'expired'
  | 'not-yet-valid'
  | 'no-exp'
  | 'bad-claims'
  | 'wrong-room'
  | 'audience'
  | 'issuer'
  | 'lifetime'
  | 'no-jti'
  | 'replayed';

/**
 * Extra checks on room tokens, each off unless set (`tokenPolicy` server option). Recommended for tokens minted by a
 * party other than your own backend, or handed through places where they could be copied.
 */
export interface TokenPolicy {
  /** Required audience (`aud`, RFC 7519 §4.1.3): the token's `aud` must name one of these. */
  audience?: string | string[];
  /** Required issuer (`iss`, RFC 7519 §4.1.1): one of these. */
  issuer?: string | string[];
  /**
   * Longest accepted lifetime, `exp - iat`, in seconds. When set, a token must carry `iat`, and an `iat` in the
   * future (beyond the clock tolerance) is refused.
   */
  maxLifetimeSeconds?: number;
  /**
   * Most joins one token id (`jti`, RFC 7519 §4.1.7) may open before it expires; `1` makes tokens single-use.
   * When set, a token must carry `jti`. A use is counted when the token is verified (a join then refused for
   * another reason, e.g. `room-full`, still used it). A client that rejoins after its resume grace needs a fresh
   * token when the limit is reached (resuming does not use the token).
   */
  maxUsesPerJti?: number;
  /** Where uses are counted. Default: a {@link MemoryJtiStore} (one process; use a shared store for several). */
  jtiStore?: JtiStore;
}

/** Result of {@link TokenVerifier}. */
export type TokenResult =
  | { ok: true; claims: RoomTokenClaims }
  | { ok: false; reason: TokenRefusal; message: string };

/** Checks a `join`'s token against the room it asks for. Never rejects. */
export type TokenVerifier = (token: string | undefined, room: string) => Promise<TokenResult>;

const MESSAGES: Record<TokenRefusal, string> = {
  missing: 'this server requires a room token: send "token" in join',
  malformed: 'room token is malformed',
  'bad-signature': 'room token signature is invalid',
  algorithm: 'room token algorithm is not accepted',
  expired: 'room token has expired',
  'not-yet-valid': 'room token is not valid yet',
  'no-exp': 'room token has no "exp" claim',
  'bad-claims': 'room token claims are invalid (room, name, role, sub, record or jti)',
  'wrong-room': 'room token is for another room',
  audience: 'room token is not for this server (aud)',
  issuer: 'room token issuer is not accepted (iss)',
  lifetime: 'room token lifetime (exp - iat) is missing or longer than this server accepts',
  'no-jti': 'room token has no "jti" claim',
  replayed: 'room token was already used as often as this server allows (jti)',
};

/** Allowed clock skew between the token minter and the server when checking `exp`/`nbf`/`iat`. */
export const CLOCK_TOLERANCE_SECONDS = 5;

const refuse = (reason: TokenRefusal): TokenResult => ({ ok: false, reason, message: MESSAGES[reason] });

const ClaimsSchema = v.object({
  room: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_ROOM_LENGTH)),
  name: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_NAME_LENGTH))),
  role: v.optional(v.picklist(['publisher', 'subscriber', 'moderator']), 'publisher'),
  sub: v.optional(v.pipe(v.string(), v.maxLength(256))),
  record: v.optional(v.boolean()),
  exp: v.number(),
  iat: v.optional(v.number()),
  jti: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(256))),
});

/** Algorithms accepted for a public key, by key type. */
function algorithmsFor(key: KeyObject): string[] {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return ['RS256'];
    case 'ec':
      return ['ES256'];
    case 'ed25519':
      return ['EdDSA', 'Ed25519'];
    default:
      throw new TypeError(`authPublicKey must be an RSA, P-256 EC or Ed25519 public key, got ${String(key.asymmetricKeyType)}`);
  }
}

/**
 * Checks a public key for {@link createTokenVerifier}: a PEM string (SPKI or X.509 certificate) or a
 * `KeyObject`, of a supported type.
 *
 * @throws {TypeError} when it is not a supported public key
 */
export function parsePublicKey(input: string | KeyObject): KeyObject {
  let key: KeyObject;
  try {
    key = input instanceof KeyObject ? input : createPublicKey(input);
  } catch {
    throw new TypeError('authPublicKey must be a PEM public key or a public KeyObject');
  }
  if (key.type !== 'public') throw new TypeError('authPublicKey must be a public key');
  algorithmsFor(key);
  return key;
}

/**
 * Checks a {@link TokenPolicy} and fills in its store.
 *
 * @throws {TypeError} for an empty audience/issuer, or a limit that is not an integer >= 1
 */
export function resolveTokenPolicy(policy: TokenPolicy = {}): Required<Pick<TokenPolicy, 'jtiStore'>> & TokenPolicy {
  if (typeof policy !== 'object' || policy === null) throw new TypeError('tokenPolicy must be an object');
  for (const name of ['audience', 'issuer'] as const) {
    const value = policy[name];
    if (value === undefined) continue;
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0 || !list.every((x) => typeof x === 'string' && x.length > 0)) {
      throw new TypeError(`tokenPolicy.${name} must be a non-empty string or array of them`);
    }
  }
  for (const name of ['maxLifetimeSeconds', 'maxUsesPerJti'] as const) {
    const value = policy[name];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new TypeError(`tokenPolicy.${name} must be an integer >= 1, got ${String(value)}`);
    }
  }
  return { ...policy, jtiStore: policy.jtiStore ?? new MemoryJtiStore() };
}

/**
 * Creates the verifier the server uses on `join`: a valid signature (HS256 with `secret`, or the
 * public key's algorithm), a required `exp` in the future, well-formed claims, `room` equal to
 * the joined room, and the checks of `policy` (audience, issuer, lifetime, `jti` uses — in that order, so a
 * token refused for another reason does not use up its `jti`).
 *
 * @throws {TypeError} for a malformed `policy` (see {@link resolveTokenPolicy})
 */
export function createTokenVerifier(key: { secret: string } | { publicKey: KeyObject }, policy: TokenPolicy = {}): TokenVerifier {
  const verifyKey = 'secret' in key ? new TextEncoder().encode(key.secret) : key.publicKey;
  const algorithms = 'secret' in key ? ['HS256'] : algorithmsFor(key.publicKey);
  const { audience, issuer, maxLifetimeSeconds, maxUsesPerJti, jtiStore } = resolveTokenPolicy(policy);
  return async (token, room) => {
    if (token === undefined) return refuse('missing');
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, verifyKey, {
        algorithms,
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        ...(audience !== undefined ? { audience } : {}),
        ...(issuer !== undefined ? { issuer } : {}),
      }));
    } catch (error) {
      return refuse(classify(error));
    }
    const claims = v.safeParse(ClaimsSchema, payload);
    if (!claims.success) return refuse('bad-claims');
    if (claims.output.room !== room) return refuse('wrong-room');
    const { name, role, sub, exp, record, iat, jti } = claims.output;
    if (maxLifetimeSeconds !== undefined) {
      if (iat === undefined || exp - iat > maxLifetimeSeconds) return refuse('lifetime');
      if (iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) return refuse('not-yet-valid');
    }
    if (maxUsesPerJti !== undefined) {
      if (jti === undefined) return refuse('no-jti');
      if ((await jtiStore.use(jti, exp * 1000)) > maxUsesPerJti) return refuse('replayed');
    }
    return {
      ok: true,
      claims: {
        room,
        role,
        exp,
        ...(name !== undefined ? { name } : {}),
        ...(sub !== undefined ? { sub } : {}),
        ...(record === true ? { record } : {}),
        ...(jti !== undefined ? { jti } : {}),
      },
    };
  };
}

function classify(error: unknown): TokenRefusal {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad-signature';
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return 'algorithm';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'exp') return 'no-exp';
    if (error.claim === 'nbf' || error.claim === 'iat') return 'not-yet-valid';
    if (error.claim === 'aud') return 'audience';
    if (error.claim === 'iss') return 'issuer';
    return 'bad-claims';
  }
  return 'malformed';
}

/**
 * The shortest HS256 secret accepted, in bytes (UTF-8): RFC 7518 §3.2 requires a key at least as long as the
 * hash output (256 bits). Generate one with `openssl rand -hex 32`.
 */
export const MIN_HS256_SECRET_BYTES = 32;

/**
 * Checks an HS256 secret (`authSecret`, {@link mintRoomToken}'s `secret`).
 * @throws {TypeError} when it is not a string of at least {@link MIN_HS256_SECRET_BYTES} bytes
 */
export function assertHs256Secret(name: string, secret: unknown): asserts secret is string {
  if (typeof secret !== 'string' || secret.length === 0) throw new TypeError(`${name} must be a non-empty string`);
  const bytes = new TextEncoder().encode(secret).length;
  if (bytes < MIN_HS256_SECRET_BYTES) {
    throw new TypeError(
      `${name} is ${bytes} bytes; an HS256 secret must be at least ${MIN_HS256_SECRET_BYTES} bytes (RFC 7518 §3.2): ` +
        'generate one with `openssl rand -hex 32`',
    );
  }
}

/** Options of {@link mintRoomToken}. */
export interface RoomTokenOptions {
  /** HS256 secret shared with the server (`authSecret` / `--auth-secret` / `RTC_AUTH_SECRET`); at least 32 bytes. */
  secret: string;
  /** The room the token opens (exactly). */
  room: string;
  /** Display name the server will use for this participant (1..64 characters). */
  name?: string;
  /** Default `publisher`; `moderator` may also mute, remove and lock (docs/server.md "Moderation"). */
  role?: Role;
  /** Lifetime in seconds. Default `3600`. The token only has to be valid when `join` arrives. */
  ttlSeconds?: number;
  /** Opaque user id of your app (JWT `sub`). */
  sub?: string;
  /** Grants starting and stopping server-side recording (claim `record: true`). Default false. */
  record?: boolean;
  /** Audience (`aud`), for servers with `tokenPolicy.audience`. */
  audience?: string;
  /** Issuer (`iss`), for servers with `tokenPolicy.issuer`. */
  issuer?: string;
  /** Token id (`jti`), for servers with `tokenPolicy.maxUsesPerJti`; `true` picks a random UUID. */
  jti?: string | true;
}

/**
 * Mints an HS256 room token, e.g. in your app backend after it has authenticated the user.
 *
 * @example
 * ```ts
 * import { mintRoomToken } from '@rtc-room/server';
 * const token = await mintRoomToken({ secret: process.env.RTC_AUTH_SECRET!, room: 'standup', name: 'Ada', ttlSeconds: 600 });
 * // hand `token` to the browser, which sends it in `join`
 * ```
 * @throws {TypeError} for a secret shorter than 32 bytes ({@link MIN_HS256_SECRET_BYTES}), an empty room, a name outside 1..64 characters, an unknown role, a bad TTL, or an
 *   empty audience, issuer or jti
 */
export async function mintRoomToken(options: RoomTokenOptions): Promise<string> {
  const { secret, room, name, role = 'publisher', ttlSeconds = 3600, sub, record, audience, issuer, jti } = options;
  assertHs256Secret('secret', secret);
  if (typeof room !== 'string' || room.length === 0 || room.length > MAX_ROOM_LENGTH) {
    throw new TypeError(`room must be a string of 1..${MAX_ROOM_LENGTH} characters`);
  }
  if (name !== undefined && (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH)) {
    throw new TypeError(`name must be a string of 1..${MAX_NAME_LENGTH} characters`);
  }
  if (role !== 'publisher' && role !== 'subscriber' && role !== 'moderator') throw new TypeError('role must be "publisher", "subscriber" or "moderator"');
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new TypeError(`ttlSeconds must be an integer >= 1, got ${String(ttlSeconds)}`);
  if (sub !== undefined && (typeof sub !== 'string' || sub.length > 256)) throw new TypeError('sub must be a string of at most 256 characters');
  if (record !== undefined && typeof record !== 'boolean') throw new TypeError('record must be a boolean');
  const jwt = new SignJWT({ room, role, ...(name !== undefined ? { name } : {}), ...(record ? { record: true } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds);
  if (sub !== undefined) jwt.setSubject(sub);
  for (const [label, value] of [['audience', audience], ['issuer', issuer]] as const) {
    if (value !== undefined && (typeof value !== 'string' || value.length === 0)) throw new TypeError(`${label} must be a non-empty string`);
  }
  if (jti !== undefined && jti !== true && (typeof jti !== 'string' || jti.length === 0 || jti.length > 256)) {
    throw new TypeError('jti must be true or a string of 1..256 characters');
  }
  if (audience !== undefined) jwt.setAudience(audience);
  if (issuer !== undefined) jwt.setIssuer(issuer);
  if (jti !== undefined) jwt.setJti(jti === true ? randomUUID() : jti);
  return jwt.sign(new TextEncoder().encode(secret));
}
