/**
 * Options of {@link createServer} and their defaults.
 *
 * @packageDocumentation
 */
import type { KeyObject } from 'node:crypto';
import { assertHs256Secret, createTokenVerifier, parsePublicKey, type TokenPolicy, type TokenVerifier } from './auth.js';
import { assertMetricsToken } from './metrics/http.js';
import { resolveResumeSecret } from './resume-token.js';
import { stderrLogger, type Logger } from './logger.js';
import type { IceServer } from './protocol.js';
import type { RateLimit } from './ratelimit.js';
import type { PageHeaderSettings } from './http-headers.js';
import { resolveMounts, resolveOrigins, resolvePageHeaders } from './limits/resolve.js';
import type { Mount } from './static.js';
import { DEFAULT_TURN_TTL_SECONDS, isIceUrl } from './turn.js';

/** Options for {@link createServer}. Every field is optional. */
export interface ServerOptions {
  /** TCP port; `0` picks a free one (read it from `listen()`'s result). Default `8080`. */
  port?: number;
  /** Interface to bind. Default `'0.0.0.0'` (all IPv4 interfaces); tests use `'127.0.0.1'`. */
  host?: string;
  /**
   * Directory served over HTTP at `/`. When unset (and no `staticMounts`), only `/ws` and
   * `/healthz` exist. Relative paths resolve against `process.cwd()`.
   */
  staticDir?: string;
  /**
   * Extra directories served under URL prefixes, e.g. `{ '/packages/': './packages' }`.
   * Prefixes must start with `/`; a missing trailing `/` is added. The longest prefix wins.
   */
  staticMounts?: Record<string, string>;
  /** Largest accepted WebSocket message, in bytes; larger ones close the socket with 1009. Default `65536`. */
  maxMessageBytes?: number;
  /** Most participants in one room; the next `join` gets `room-full`. Default `16`. */
  maxParticipantsPerRoom?: number;
  /**
   * Heartbeat period in milliseconds. Each tick pings every client; a client that has not
   * answered the previous ping is terminated, so a vanished client is gone within two periods.
   * Default `5000`.
   */
  pingIntervalMs?: number;
  /**
   * Static ICE servers handed to clients in `joined` and `ice-servers` (e.g. a public STUN server, or a
   * TURN server with fixed credentials). Default: none. With TURN REST configured they come first,
   * followed by the TURN entry.
   */
  iceServers?: IceServer[];
  /**
   * TURN/STUN URLs for which the server mints TURN REST API credentials on every `join` and
   * `ice-servers` request (`turn:`, `turns:`, `stun:`, `stuns:`). Requires `turnSecret`.
   */
  turnUrls?: string[];
  /** coturn's `--static-auth-secret`. Requires `turnUrls`. Never logged. */
  turnSecret?: string;
  /** Lifetime of minted TURN credentials, in seconds. Default `1800` (30 minutes). */
  turnTtlSeconds?: number;
  /**
   * HS256 secret for room tokens, at least 32 bytes (RFC 7518 §3.2; `openssl rand -hex 32`). When set (or
   * `authPublicKey`), every `join` needs a valid `token`. Default: none (open server). Never logged.
   * @throws {TypeError} from `createServer` when shorter than 32 bytes
   */
  authSecret?: string;
  /**
   * Public key (PEM string or `KeyObject`; RSA → RS256, P-256 → ES256, Ed25519 → EdDSA) that verifies
   * room tokens signed elsewhere. Mutually exclusive with `authSecret`.
   */
  authPublicKey?: string | KeyObject;
  /**
   * Extra room-token checks: required `aud`/`iss`, a maximum lifetime (`exp - iat`), and `jti` replay limits
   * (see {@link TokenPolicy}). Needs `authSecret` or `authPublicKey`. Default: none of them.
   */
  tokenPolicy?: TokenPolicy;
  /**
   * Per-connection token bucket. Default `{ messagesPerSecond: 50, burst: 200, maxViolations: 3 × burst }`.
   * Every frame counts (valid or not). Dropped frames are answered with `rate-limited`; after more than
   * `maxViolations` drops without the bucket refilling, the socket is closed with 1008.
   */
  rateLimit?: Partial<RateLimit>;
  /** Most rooms at once; a `join` that would create one more gets `server-full`. Default `10000`. */
  maxRooms?: number;
  /**
   * Most open WebSocket connections per client IP; the next gets `too-many-connections` and is closed
   * with 1013. `0` disables the limit. Default `64`. Behind a reverse proxy set `trustProxy`.
   */
  maxConnectionsPerIp?: number;
  /**
   * Take the client IP from the last `X-Forwarded-For` entry (the one your proxy appended) instead of
   * the TCP peer. Only enable behind a proxy that sets the header. Default `false`.
   */
  trustProxy?: boolean;
  /**
   * A socket that has not joined a room this long after connecting (or after `leave`) gets `join-timeout`
   * and is closed with 1008. `0` disables. Default `10000`.
   */
  joinTimeoutMs?: number;
  /**
   * A socket that sent no message for this long gets `idle-timeout` and is closed with 1000 (heartbeat
   * pongs do not count). `0` disables. Default `0`: a joined client in a quiet call legitimately sends
   * nothing for a long time (dead clients are removed by the heartbeat; never-joining ones by `joinTimeoutMs`).
   */
  idleTimeoutMs?: number;
  /**
   * A client that stops reading is disconnected (closed with 1008, terminated unless it drains; its peers get
   * `peer-away`/`peer-left` as for any drop) once more than this many bytes are queued for it. Default `16777216`
   * (16 MiB). See also `maxBufferedBytesTotal`.
   */
  maxBufferedBytes?: number;
  /**
   * How long a participant's seat is kept after its socket drops without `leave` (close, error, heartbeat
   * timeout), so the client can `resume` it with the same id: the others get `peer-away`, then `peer-back` or,
   * once the period ends, `peer-left`. Messages for the absent participant are kept and replayed. `0`
   * disables resumption (no `resumeToken`, no `seq`, `peer-left` at once). Default `15000`.
   */
  resumeGraceMs?: number;
  /**
   * Most server messages kept per participant for replay after a `resume` (the most recent ones). A seat
   * whose absence would need more is dropped (`peer-left`). Default `512`.
   */
  resumeBufferMessages?: number;
  /** Most bytes of server messages kept per participant for replay (see `resumeBufferMessages`). Default `1048576`. */
  resumeBufferBytes?: number;
  /**
   * Key (at least 16 characters) that signs the self-contained `resumeToken`s. With it, a server process that has no
   * seat for a `resume` (it restarted, or is another node with the same secret) re-creates the seat from the token:
   * same id, name, role and room (`resumed` carries `restored: true`). Must be the same on every node and across
   * restarts; changing it invalidates every outstanding token. Default: a random key per process (no restore after
   * a restart). Never logged.
   */
  resumeSecret?: string;
  /**
   * Page origins (`scheme://host[:port]`) whose browsers may open the signaling WebSocket, besides the server's own
   * (an `Origin` whose host and port equal the request's `Host`: the pages this server serves). A browser always
   * sends `Origin`; a socket without one (Node and other non-browser clients) is allowed. Any other origin
   * (including `null`) gets `origin-not-allowed` and is closed with 1008, before it counts against any limit.
   * `['*']` allows every origin. Default: `[]` (same origin only).
   */
  allowedOrigins?: string[];
  /**
   * Content-Security-Policy of served files: a complete policy string that replaces the default, or `false` for
   * none. Default: `default-src 'self'`, scripts from this origin plus the page's own inline scripts (by SHA-256
   * hash), inline styles, `blob:`/`data:` images, `connect-src` to this server (`'self'`, `ws:`/`wss:` of the
   * requested host) plus `connectSrc`, `frame-ancestors` from `frameAncestors`, `object-src 'none'`.
   */
  contentSecurityPolicy?: string | false;
  /**
   * CSP `frame-ancestors` sources for served pages (who may put them in a frame). Default `["'self'"]` (also sends
   * `X-Frame-Options: SAMEORIGIN`). Only the pages this server serves are concerned, not `<rtc-room>` in yours.
   */
  frameAncestors?: string[];
  /** More CSP `connect-src` sources for served pages, e.g. another signaling server `wss://signal.example.com`. */
  connectSrc?: string[];
  /**
   * Most bytes queued for sending over all sockets together (see `maxBufferedBytes` for one socket). Over it, the
   * sockets furthest behind are closed (1008, `slow-consumer` in the log) until the total is below it again.
   * Default `67108864` (64 MiB).
   */
  maxBufferedBytesTotal?: number;
  /**
   * An HTTP request (including a WebSocket upgrade) whose headers have not fully arrived this long after it started
   * is dropped (slowloris). Default `10000`.
   */
  headersTimeoutMs?: number;
  /**
   * Most TCP connections per peer address that are not (yet) WebSockets: requests in progress, keep-alive
   * connections, upgrades whose headers are still arriving. More are closed at once. `0` disables. Default `32`,
   * or `0` with `trustProxy` (then every connection comes from the proxy, which must bound them itself).
   */
  maxPendingConnectionsPerIp?: number;
  /** Receives structured log events. Default: one JSON line per event on stderr. */
  logger?: Logger;
  /**
   * Janus WebSocket URL (e.g. `ws://127.0.0.1:8188`): enables SFU rooms. The server owns the Janus session and
   * drives VideoRoom for its clients (see docs/server.md, "SFU rooms"). Default: none (mesh only).
   */
  janusUrl?: string;
  /**
   * Several Janus WebSocket URLs (with or instead of `janusUrl`): each SFU room is placed on the least loaded one
   * that is up (publishers + subscribers this server has there), and moved to another when its Janus dies.
   */
  janusUrls?: string[];
  /**
   * With several Janus nodes: members of one room on one Janus before the room cascades to another (new members go
   * to a Janus room on the least loaded other node, and every publisher is forwarded between the two with VideoRoom
   * remote publishers). Default: none (a room stays on one node).
   */
  janusRoomCapacity?: number;
  /** Janus `api_secret` (janus.jcfg `general.api_secret`), sent with every request to every Janus. Never logged. */
  janusApiSecret?: string;
  /** A Janus stored token (janus.jcfg `general.token_auth = true`), sent with every request. Never logged. */
  janusToken?: string;
  /** The VideoRoom `admin_key` (janus.plugin.videoroom.jcfg `general.admin_key`), sent with every room `create`. Never logged. */
  janusAdminKey?: string;
  /**
   * Absolute folder, on the Janus machine, where SFU rooms are recorded on request (`sfu` op `record`, allowed by
   * a room token with `record: true`): one sub-folder of Janus `.mjr` files per recording (see docs/server.md,
   * "Recording"). Needs `janusUrl`. Default: none (recording requests get `recording-off`).
   */
  recordingsDir?: string;
  /**
   * Redis URL (`redis://host:port`, `rediss://…`, credentials in the URL): nodes with the same Redis share rooms
   * (presence, capacity limits, display names, relayed messages, seats for resuming on any node, the resume
   * secret when `resumeSecret` is unset, room token `jti` counts). One Redis (or a primary), not Redis Cluster.
   * Default: none (single node, everything in memory). See docs/server.md, "Several nodes (Redis)".
   */
  redisUrl?: string;
  /** With `redisUrl`: how often this node writes its heartbeat to Redis, in ms. Default `1000`. */
  nodeHeartbeatMs?: number;
  /**
   * With `redisUrl`: a node whose heartbeat is older than this (ms) is dead; its participants are marked away and
   * leave after `resumeGraceMs` unless they resume on another node. Default `4000`; must exceed `nodeHeartbeatMs`.
   */
  nodeDeadAfterMs?: number;
  /** `drain()` (and SIGTERM in the CLI) closes the server after this long (ms) even if sockets remain. Default `10000`. */
  drainTimeoutMs?: number;
  /**
   * Bearer token (16+ printable characters; `openssl rand -hex 16`) that `GET /metrics` requires from any client
   * (`Authorization: Bearer <token>`; 401 without it). Default: none, and then `/metrics` answers only scrapers on
   * this machine that reach the server directly (a loopback peer, no `X-Forwarded-For`/`Forwarded`/`X-Real-IP`
   * header, `trustProxy` off); everyone else gets 404. Never logged.
   * @throws {TypeError} from `createServer` when shorter than 16 characters or containing spaces
   */
  metricsToken?: string;
}

/** TURN REST settings after validation. */
export interface TurnSettings {
  urls: string[];
  secret: string;
  ttlSeconds: number;
}

/** Options with every default applied and every path made absolute. */
export interface ResolvedOptions {
  port: number;
  host: string;
  /** `[urlPrefix, absoluteDir, realDir]`, longest prefix first. */
  mounts: Mount[];
  /** Empty: same origin only; `'*'` in the list: any origin. */
  allowedOrigins: string[];
  pageHeaders: PageHeaderSettings;
  maxBufferedBytesTotal: number;
  headersTimeoutMs: number;
  maxPendingConnectionsPerIp: number;
  maxMessageBytes: number;
  maxParticipantsPerRoom: number;
  pingIntervalMs: number;
  iceServers: IceServer[];
  turn: TurnSettings | undefined;
  /** `undefined` when the server is open (no auth configured). */
  verifyToken: TokenVerifier | undefined;
  /** What verifies tokens, for the start log only. */
  authMode: 'off' | 'secret' | 'public-key';
  rateLimit: RateLimit;
  maxRooms: number;
  maxConnectionsPerIp: number;
  trustProxy: boolean;
  joinTimeoutMs: number;
  idleTimeoutMs: number;
  maxBufferedBytes: number;
  /** `0` disables resumption. */
  resumeGraceMs: number;
  resumeBufferMessages: number;
  resumeBufferBytes: number;
  /** `undefined`: a random per-process key (no restore across processes). */
  resumeSecret: string | undefined;
  logger: Logger;
  /** The first of {@link janusUrls}. */
  janusUrl: string | undefined;
  /** `janusUrl` then `janusUrls`, without duplicates; empty: no SFU. */
  janusUrls: string[];
  janusCredentials: { apiSecret?: string; token?: string; adminKey?: string };
  janusRoomCapacity: number | undefined;
  recordingsDir: string | undefined;
  redisUrl: string | undefined;
  nodeHeartbeatMs: number;
  nodeDeadAfterMs: number;
  drainTimeoutMs: number;
  /** `undefined`: `/metrics` for loopback scrapers only. */
  metricsToken: string | undefined;
}

/** Default values of {@link ServerOptions}. */
export const DEFAULTS = {
  port: 8080,
  host: '0.0.0.0',
  maxMessageBytes: 65_536,
  maxParticipantsPerRoom: 16,
  pingIntervalMs: 5_000,
  turnTtlSeconds: DEFAULT_TURN_TTL_SECONDS,
  rateLimit: { messagesPerSecond: 50, burst: 200 },
  maxRooms: 10_000,
  maxConnectionsPerIp: 64,
  joinTimeoutMs: 10_000,
  idleTimeoutMs: 0,
  maxBufferedBytes: 16 * 1024 * 1024,
  maxBufferedBytesTotal: 64 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  maxPendingConnectionsPerIp: 32,
  resumeGraceMs: 15_000,
  resumeBufferMessages: 512,
  resumeBufferBytes: 1024 * 1024,
} as const;

function secretString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${name} must be a non-empty string`);
  return value;
}

function resolveTurn(options: ServerOptions): TurnSettings | undefined {
  const secret = secretString('turnSecret', options.turnSecret);
  const urls = options.turnUrls;
  if (urls !== undefined && (!Array.isArray(urls) || !urls.every(isIceUrl))) {
    throw new TypeError('turnUrls must be an array of turn:, turns:, stun: or stuns: URLs');
  }
  const ttlSeconds = positiveInt('turnTtlSeconds', options.turnTtlSeconds, DEFAULTS.turnTtlSeconds);
  if (secret === undefined && !urls?.length) return undefined;
  if (secret === undefined) throw new TypeError('turnUrls requires turnSecret (for fixed credentials use iceServers)');
  if (!urls?.length) throw new TypeError('turnSecret requires at least one URL in turnUrls');
  return { urls: [...urls], secret, ttlSeconds };
}

function resolveVerifier(options: ServerOptions): Pick<ResolvedOptions, 'verifyToken' | 'authMode'> {
  const secret = options.authSecret;
  if (secret !== undefined) assertHs256Secret('authSecret', secret);
  const publicKey = options.authPublicKey;
  if (secret !== undefined && publicKey !== undefined) {
    throw new TypeError('authSecret and authPublicKey are mutually exclusive');
  }
  const policy = options.tokenPolicy;
  if (secret !== undefined) return { verifyToken: createTokenVerifier({ secret }, policy), authMode: 'secret' };
  if (publicKey !== undefined) {
    return { verifyToken: createTokenVerifier({ publicKey: parsePublicKey(publicKey) }, policy), authMode: 'public-key' };
  }
  if (policy !== undefined) throw new TypeError('tokenPolicy requires authSecret or authPublicKey');
  return { verifyToken: undefined, authMode: 'off' };
}

function resolveBoolean(name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean`);
  return value;
}

function resolveRateLimit(limit: Partial<RateLimit> | undefined): RateLimit {
  if (limit !== undefined && (typeof limit !== 'object' || limit === null)) throw new TypeError('rateLimit must be an object');
  const messagesPerSecond = limit?.messagesPerSecond ?? DEFAULTS.rateLimit.messagesPerSecond;
  if (typeof messagesPerSecond !== 'number' || !Number.isFinite(messagesPerSecond) || messagesPerSecond <= 0) {
    throw new TypeError(`rateLimit.messagesPerSecond must be a positive number, got ${String(messagesPerSecond)}`);
  }
  const burst = positiveInt('rateLimit.burst', limit?.burst, DEFAULTS.rateLimit.burst);
  const maxViolations = positiveInt('rateLimit.maxViolations', limit?.maxViolations, 3 * burst, 0);
  return { messagesPerSecond, burst, maxViolations };
}

function positiveInt(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new TypeError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/**
 * Applies defaults and validates option values.
 *
 * @throws {TypeError} when a numeric option is not a suitable integer, a mount prefix does not start with `/` (or
 *   starts with `//`), a served directory does not exist or is the filesystem root or a system directory, an
 *   allowed origin is not `scheme://host[:port]`,
 *   TURN or auth settings are incomplete, contradictory or malformed
 */
export function resolveOptions(options: ServerOptions = {}): ResolvedOptions {
  const mounts = resolveMounts(options.staticDir, options.staticMounts);
  const trustProxy = resolveBoolean('trustProxy', options.trustProxy);
  const port = positiveInt('port', options.port, DEFAULTS.port, 0);
  if (port > 65_535) throw new TypeError(`port must be <= 65535, got ${port}`);
  return {
    port,
    host: options.host ?? DEFAULTS.host,
    mounts,
    maxMessageBytes: positiveInt('maxMessageBytes', options.maxMessageBytes, DEFAULTS.maxMessageBytes),
    maxParticipantsPerRoom: positiveInt(
      'maxParticipantsPerRoom',
      options.maxParticipantsPerRoom,
      DEFAULTS.maxParticipantsPerRoom,
    ),
    pingIntervalMs: positiveInt('pingIntervalMs', options.pingIntervalMs, DEFAULTS.pingIntervalMs),
    iceServers: options.iceServers ?? [],
    turn: resolveTurn(options),
    ...resolveVerifier(options),
    rateLimit: resolveRateLimit(options.rateLimit),
    maxRooms: positiveInt('maxRooms', options.maxRooms, DEFAULTS.maxRooms),
    maxConnectionsPerIp: positiveInt('maxConnectionsPerIp', options.maxConnectionsPerIp, DEFAULTS.maxConnectionsPerIp, 0),
    trustProxy,
    joinTimeoutMs: positiveInt('joinTimeoutMs', options.joinTimeoutMs, DEFAULTS.joinTimeoutMs, 0),
    idleTimeoutMs: positiveInt('idleTimeoutMs', options.idleTimeoutMs, DEFAULTS.idleTimeoutMs, 0),
    maxBufferedBytes: positiveInt('maxBufferedBytes', options.maxBufferedBytes, DEFAULTS.maxBufferedBytes),
    maxBufferedBytesTotal: positiveInt('maxBufferedBytesTotal', options.maxBufferedBytesTotal, DEFAULTS.maxBufferedBytesTotal),
    headersTimeoutMs: positiveInt('headersTimeoutMs', options.headersTimeoutMs, DEFAULTS.headersTimeoutMs),
    maxPendingConnectionsPerIp: positiveInt(
      'maxPendingConnectionsPerIp',
      options.maxPendingConnectionsPerIp,
      trustProxy ? 0 : DEFAULTS.maxPendingConnectionsPerIp,
      0,
    ),
    allowedOrigins: resolveOrigins(options.allowedOrigins),
    pageHeaders: resolvePageHeaders(options),
    resumeGraceMs: positiveInt('resumeGraceMs', options.resumeGraceMs, DEFAULTS.resumeGraceMs, 0),
    resumeBufferMessages: positiveInt('resumeBufferMessages', options.resumeBufferMessages, DEFAULTS.resumeBufferMessages),
    resumeBufferBytes: positiveInt('resumeBufferBytes', options.resumeBufferBytes, DEFAULTS.resumeBufferBytes),
    resumeSecret: resolveResumeSecret(options.resumeSecret),
    logger: options.logger ?? stderrLogger,
    janusUrl: resolveJanusUrls(options)[0],
    janusUrls: resolveJanusUrls(options),
    janusCredentials: resolveJanusCredentials(options),
    janusRoomCapacity:
      options.janusRoomCapacity === undefined ? undefined : positiveInt('janusRoomCapacity', options.janusRoomCapacity, 1),
    recordingsDir: resolveRecordingsDir(options.recordingsDir, resolveJanusUrls(options)[0]),
    metricsToken: resolveMetricsToken(options.metricsToken),
    ...resolveCluster(options),
  };
}

function resolveCluster(options: ServerOptions): Pick<ResolvedOptions, 'redisUrl' | 'nodeHeartbeatMs' | 'nodeDeadAfterMs' | 'drainTimeoutMs'> {
  const url = options.redisUrl;
  if (url !== undefined && (typeof url !== 'string' || !/^rediss?:\/\/./.test(url))) {
    throw new TypeError(`redisUrl must be a redis: or rediss: URL, got "${String(url)}"`);
  }
  const nodeHeartbeatMs = positiveInt('nodeHeartbeatMs', options.nodeHeartbeatMs, 1000);
  const nodeDeadAfterMs = positiveInt('nodeDeadAfterMs', options.nodeDeadAfterMs, Math.max(4000, 2 * nodeHeartbeatMs));
  if (nodeDeadAfterMs <= nodeHeartbeatMs) throw new TypeError(`nodeDeadAfterMs (${nodeDeadAfterMs}) must exceed nodeHeartbeatMs (${nodeHeartbeatMs})`);
  return { redisUrl: url, nodeHeartbeatMs, nodeDeadAfterMs, drainTimeoutMs: positiveInt('drainTimeoutMs', options.drainTimeoutMs, 10_000, 0) };
}

function resolveMetricsToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  if (typeof token !== 'string') throw new TypeError('metricsToken must be a string');
  assertMetricsToken(token);
  return token;
}

function resolveJanusUrls(options: ServerOptions): string[] {
  const urls = [...(options.janusUrl !== undefined ? [options.janusUrl] : []), ...(options.janusUrls ?? [])];
  return [...new Set(urls.map(resolveJanusUrl))];
}

function resolveJanusCredentials(options: ServerOptions): ResolvedOptions['janusCredentials'] {
  const out: ResolvedOptions['janusCredentials'] = {};
  for (const [key, name] of [['apiSecret', 'janusApiSecret'], ['token', 'janusToken'], ['adminKey', 'janusAdminKey']] as const) {
    const value = options[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '') throw new TypeError(`${name} must be a non-empty string`);
    out[key] = value;
  }
  return out;
}

function resolveRecordingsDir(dir: string | undefined, janusUrl: string | undefined): string | undefined {
  if (dir === undefined) return undefined;
  if (typeof dir !== 'string' || !dir.startsWith('/') || dir.includes('\0')) {
    throw new TypeError(`recordingsDir must be an absolute path (Janus writes there), got "${String(dir)}"`);
  }
  if (janusUrl === undefined) throw new TypeError('recordingsDir needs janusUrl: only SFU rooms are recorded on the server');
  return dir;
}

function resolveJanusUrl(url: string): string {
  if (typeof url !== 'string' || !/^wss?:\/\/./.test(url)) throw new TypeError(`janusUrl must be a ws: or wss: URL, got "${url}"`);
  return url;
}
