/**
 * Command-line parsing for `rtc-room-server`, kept apart from `cli.ts` so it is testable.
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { RoomTokenOptions } from './auth.js';
import type { ServerOptions } from './options.js';

/** Usage text printed by `--help`. */
export const USAGE = `Usage: rtc-room-server [options]
       rtc-room-server token --room R --name N [--secret S] [--role publisher|subscriber|moderator] [--ttl SECONDS] [--sub ID] [--record]

Options:
  --port N                     TCP port (default: $PORT, else 8080; 0 picks a free port)
  --host H                     interface to bind (default 0.0.0.0)
  --static DIR                 directory served at / (relative to the current directory)
  --mount /prefix/=DIR         also serve DIR under /prefix/ (repeatable)
  --max-participants N         participants per room (default 16)
  --max-message-bytes N        largest WebSocket message in bytes (default 65536)
  --ping-interval-ms N         heartbeat period in ms (default 5000)
  --ice-server URL             static ICE server URL handed to clients, e.g. stun:stun.example.org (repeatable)
  --turn-urls URL[,URL]        TURN/STUN URLs to mint TURN REST credentials for (repeatable; needs a TURN secret)
  --turn-secret S              coturn --static-auth-secret (prefer env RTC_TURN_SECRET)
  --turn-ttl SECONDS           lifetime of TURN credentials (default 1800)
  --auth-secret S              require HS256 room tokens signed with S (prefer env RTC_AUTH_SECRET)
  --auth-public-key FILE       require room tokens signed by the private half of this PEM public key
  --token-audience AUD         room tokens must carry this aud (repeatable: any of them)
  --token-issuer ISS           room tokens must carry this iss (repeatable: any of them)
  --token-max-lifetime SECONDS refuse room tokens whose exp - iat is longer (and tokens without iat)
  --token-max-uses N           each room token jti opens at most N joins (1 = single-use; tokens need a jti)
  --rate-limit N               messages per second per connection (default 50)
  --rate-burst N               token bucket size per connection (default 200)
  --max-rooms N                rooms per server (default 10000)
  --max-connections-per-ip N   open sockets per client IP, 0 = unlimited (default 64)
  --trust-proxy                take the client IP from the last X-Forwarded-For entry
  --join-timeout-ms N          close sockets that have not joined after N ms, 0 = never (default 10000)
  --idle-timeout-ms N          close sockets silent for N ms, 0 = never (default 0)
  --resume-grace-ms N          keep a dropped participant's seat N ms for resume, 0 = off (default 15000)
  --resume-secret S            sign resume tokens with S (16+ chars; same on every node and across restarts) so
                               seats can be restored after a restart (prefer env RTC_RESUME_SECRET)
  --allowed-origin ORIGIN      also let browser pages of ORIGIN (https://app.example.com) open /ws; '*' = any origin
                               (repeatable; default: only pages of this server's own origin)
  --csp POLICY                 Content-Security-Policy of served pages instead of the default; 'off' = none
  --frame-ancestors SRC        who may frame served pages, as CSP sources (repeatable; default 'self')
  --connect-src SRC            another server the served pages may connect to, e.g. wss://signal.example.com (repeatable)
  --max-buffered-bytes N       close a socket with more than N bytes queued for it (default 16777216)
  --max-buffered-bytes-total N close the slowest readers while more than N bytes are queued in all (default 67108864)
  --headers-timeout-ms N       drop requests and upgrades whose headers take longer than N ms (default 10000)
  --max-pending-per-ip N       TCP connections per address that are not WebSockets, 0 = unlimited
                               (default 32; 0 with --trust-proxy)
  --janus-url URL              Janus WebSocket URL (ws://127.0.0.1:8188): enables SFU rooms (repeatable: each
                               room goes on the least loaded Janus, and moves when its Janus dies)
  --janus-room-capacity N      members of one room on one Janus before it cascades to another --janus-url
  --janus-api-secret S         Janus api_secret (prefer env RTC_JANUS_API_SECRET)
  --janus-token T              Janus stored token, token_auth (prefer env RTC_JANUS_TOKEN)
  --janus-admin-key K          Janus VideoRoom admin_key (prefer env RTC_JANUS_ADMIN_KEY)
  --redis-url URL              share rooms with every node on this Redis, e.g. redis://127.0.0.1:6379
                               (prefer env RTC_REDIS_URL; default: none, a single node)
  --node-heartbeat-ms N        with Redis: heartbeat period of this node in ms (default 1000)
  --node-dead-after-ms N       with Redis: a node silent this long is dead, its seats move on (default 4000)
  --drain-timeout-ms N         on SIGTERM, close clients with 1012 and exit within N ms (default 10000)
  --recordings-dir DIR         absolute folder on the Janus machine for server-side recordings of SFU rooms
                               (started by participants whose token has record: true; default: off)
  --metrics-token T            GET /metrics requires Authorization: Bearer T (16+ chars; prefer env RTC_METRICS_TOKEN;
                               default: /metrics for direct loopback scrapers only)
  -v, --version                print the version and exit
  -h, --help                   show this help

Token subcommand: prints a room token (JWT, HS256) to stdout. The secret comes from --secret or
env RTC_AUTH_SECRET; --ttl defaults to 3600 seconds, --role to publisher; --record lets the holder start and
stop server-side recordings.

Endpoints: static files, GET /healthz, GET /metrics (Prometheus), WebSocket signaling at /ws.`;

/** Result of {@link parseCliArgs}. */
export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; options: ServerOptions }
  | { kind: 'token'; options: RoomTokenOptions };

function integer(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new TypeError(`${flag} expects a non-negative integer, got "${value}"`);
  return Number(value);
}

function parseTokenArgs(argv: string[], env: NodeJS.ProcessEnv): CliCommand {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      secret: { type: 'string' },
      room: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      ttl: { type: 'string' },
      sub: { type: 'string' },
      record: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { kind: 'help' };
  const secret = values.secret ?? (env['RTC_AUTH_SECRET'] || undefined);
  if (!secret) throw new TypeError('token needs --secret or env RTC_AUTH_SECRET');
  if (!values.room) throw new TypeError('token needs --room');
  if (!values.name) throw new TypeError('token needs --name');
  const role = values.role ?? 'publisher';
  if (role !== 'publisher' && role !== 'subscriber' && role !== 'moderator') throw new TypeError(`--role expects publisher, subscriber or moderator, got "${role}"`);
  const ttl = integer('--ttl', values.ttl);
  if (ttl === 0) throw new TypeError('--ttl must be at least 1');
  return {
    kind: 'token',
    options: {
      secret,
      room: values.room,
      name: values.name,
      role,
      ...(ttl !== undefined ? { ttlSeconds: ttl } : {}),
      ...(values.sub !== undefined ? { sub: values.sub } : {}),
      ...(values.record ? { record: true } : {}),
    },
  };
}

/**
 * Parses CLI arguments (without `node` and the script path). A first argument `token` selects the
 * token-minting subcommand.
 *
 * @param env - environment used for the `PORT`, `RTC_AUTH_SECRET`, `RTC_TURN_SECRET`, `RTC_RESUME_SECRET`,
 *   `RTC_METRICS_TOKEN` and `RTC_REDIS_URL` fallbacks
 * @throws {TypeError} on unknown flags, missing values, malformed numbers/mounts or an unreadable key file
 */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliCommand {
  if (argv[0] === 'token') return parseTokenArgs(argv.slice(1), env);
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      static: { type: 'string' },
      mount: { type: 'string', multiple: true },
      'max-participants': { type: 'string' },
      'max-message-bytes': { type: 'string' },
      'ping-interval-ms': { type: 'string' },
      'ice-server': { type: 'string', multiple: true },
      'turn-urls': { type: 'string', multiple: true },
      'turn-secret': { type: 'string' },
      'turn-ttl': { type: 'string' },
      'auth-secret': { type: 'string' },
      'auth-public-key': { type: 'string' },
      'token-audience': { type: 'string', multiple: true },
      'token-issuer': { type: 'string', multiple: true },
      'token-max-lifetime': { type: 'string' },
      'token-max-uses': { type: 'string' },
      'rate-limit': { type: 'string' },
      'rate-burst': { type: 'string' },
      'max-rooms': { type: 'string' },
      'max-connections-per-ip': { type: 'string' },
      'trust-proxy': { type: 'boolean' },
      'join-timeout-ms': { type: 'string' },
      'idle-timeout-ms': { type: 'string' },
      'resume-grace-ms': { type: 'string' },
      'resume-secret': { type: 'string' },
      'janus-url': { type: 'string', multiple: true },
      'janus-api-secret': { type: 'string' },
      'janus-room-capacity': { type: 'string' },
      'janus-token': { type: 'string' },
      'janus-admin-key': { type: 'string' },
      'recordings-dir': { type: 'string' },
      'redis-url': { type: 'string' },
      'node-heartbeat-ms': { type: 'string' },
      'node-dead-after-ms': { type: 'string' },
      'drain-timeout-ms': { type: 'string' },
      'allowed-origin': { type: 'string', multiple: true },
      csp: { type: 'string' },
      'frame-ancestors': { type: 'string', multiple: true },
      'connect-src': { type: 'string', multiple: true },
      'max-buffered-bytes': { type: 'string' },
      'max-buffered-bytes-total': { type: 'string' },
      'headers-timeout-ms': { type: 'string' },
      'max-pending-per-ip': { type: 'string' },
      'metrics-token': { type: 'string' },
      version: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const staticMounts: Record<string, string> = {};
  for (const mount of values.mount ?? []) {
    const eq = mount.indexOf('=');
    if (eq <= 0 || eq === mount.length - 1 || !mount.startsWith('/')) {
      throw new TypeError(`--mount expects /prefix/=DIR, got "${mount}"`);
    }
    staticMounts[mount.slice(0, eq)] = mount.slice(eq + 1);
  }

  const options: ServerOptions = {};
  const port = integer('--port', values.port ?? (env['PORT'] || undefined));
  if (port !== undefined) options.port = port;
  if (values.host !== undefined) options.host = values.host;
  if (values.static !== undefined) options.staticDir = values.static;
  if (Object.keys(staticMounts).length > 0) options.staticMounts = staticMounts;
  const maxParticipants = integer('--max-participants', values['max-participants']);
  if (maxParticipants !== undefined) options.maxParticipantsPerRoom = maxParticipants;
  const maxBytes = integer('--max-message-bytes', values['max-message-bytes']);
  if (maxBytes !== undefined) options.maxMessageBytes = maxBytes;
  const ping = integer('--ping-interval-ms', values['ping-interval-ms']);
  if (ping !== undefined) options.pingIntervalMs = ping;
  if (values['ice-server']?.length) options.iceServers = values['ice-server'].map((urls) => ({ urls }));

  const turnUrls = (values['turn-urls'] ?? []).flatMap((list) => list.split(',')).map((url) => url.trim()).filter(Boolean);
  if (turnUrls.length > 0) options.turnUrls = turnUrls;
  const turnSecret = values['turn-secret'] ?? (env['RTC_TURN_SECRET'] || undefined);
  if (turnSecret !== undefined) options.turnSecret = turnSecret;
  const turnTtl = integer('--turn-ttl', values['turn-ttl']);
  if (turnTtl !== undefined) options.turnTtlSeconds = turnTtl;
  const authSecret = values['auth-secret'] ?? (env['RTC_AUTH_SECRET'] || undefined);
  if (authSecret !== undefined) options.authSecret = authSecret;
  const keyFile = values['auth-public-key'];
  if (keyFile !== undefined) {
    try {
      options.authPublicKey = readFileSync(keyFile, 'utf8');
    } catch {
      throw new TypeError(`--auth-public-key: cannot read "${keyFile}"`);
    }
  }
  const tokenPolicy: NonNullable<ServerOptions['tokenPolicy']> = {};
  if (values['token-audience']?.length) tokenPolicy.audience = values['token-audience'];
  if (values['token-issuer']?.length) tokenPolicy.issuer = values['token-issuer'];
  const maxLifetime = integer('--token-max-lifetime', values['token-max-lifetime']);
  if (maxLifetime !== undefined) tokenPolicy.maxLifetimeSeconds = maxLifetime;
  const maxUses = integer('--token-max-uses', values['token-max-uses']);
  if (maxUses !== undefined) tokenPolicy.maxUsesPerJti = maxUses;
  if (Object.keys(tokenPolicy).length > 0) options.tokenPolicy = tokenPolicy;
  const rate = integer('--rate-limit', values['rate-limit']);
  const burst = integer('--rate-burst', values['rate-burst']);
  if (rate !== undefined || burst !== undefined) {
    options.rateLimit = { ...(rate !== undefined ? { messagesPerSecond: rate } : {}), ...(burst !== undefined ? { burst } : {}) };
  }
  const maxRooms = integer('--max-rooms', values['max-rooms']);
  if (maxRooms !== undefined) options.maxRooms = maxRooms;
  const perIp = integer('--max-connections-per-ip', values['max-connections-per-ip']);
  if (perIp !== undefined) options.maxConnectionsPerIp = perIp;
  if (values['trust-proxy']) options.trustProxy = true;
  const joinTimeout = integer('--join-timeout-ms', values['join-timeout-ms']);
  if (joinTimeout !== undefined) options.joinTimeoutMs = joinTimeout;
  const idleTimeout = integer('--idle-timeout-ms', values['idle-timeout-ms']);
  if (idleTimeout !== undefined) options.idleTimeoutMs = idleTimeout;
  const resumeGrace = integer('--resume-grace-ms', values['resume-grace-ms']);
  if (resumeGrace !== undefined) options.resumeGraceMs = resumeGrace;
  const resumeSecret = values['resume-secret'] ?? (env['RTC_RESUME_SECRET'] || undefined);
  if (resumeSecret !== undefined) options.resumeSecret = resumeSecret;
  parseJanusArgs(values, env, options);
  const roomCapacity = integer('--janus-room-capacity', values['janus-room-capacity']);
  if (roomCapacity !== undefined) options.janusRoomCapacity = roomCapacity;
  if (values['recordings-dir'] !== undefined) options.recordingsDir = values['recordings-dir'];
  const redisUrl = values['redis-url'] ?? (env['RTC_REDIS_URL'] || undefined);
  if (redisUrl !== undefined) options.redisUrl = redisUrl;
  const heartbeat = integer('--node-heartbeat-ms', values['node-heartbeat-ms']);
  if (heartbeat !== undefined) options.nodeHeartbeatMs = heartbeat;
  const deadAfter = integer('--node-dead-after-ms', values['node-dead-after-ms']);
  if (deadAfter !== undefined) options.nodeDeadAfterMs = deadAfter;
  const drainTimeout = integer('--drain-timeout-ms', values['drain-timeout-ms']);
  if (drainTimeout !== undefined) options.drainTimeoutMs = drainTimeout;
  const metricsToken = values['metrics-token'] ?? (env['RTC_METRICS_TOKEN'] || undefined);
  if (metricsToken !== undefined) options.metricsToken = metricsToken;
  parseSecurityArgs(values, options);
  return { kind: 'run', options };
}

/** `--janus-url` (repeatable) and the Janus credentials (flags or env). */
function parseJanusArgs(
  values: { 'janus-url'?: string[] | undefined; 'janus-api-secret'?: string | undefined; 'janus-token'?: string | undefined; 'janus-admin-key'?: string | undefined },
  env: Record<string, string | undefined>,
  options: ServerOptions,
): void {
  const [first, ...more] = values['janus-url'] ?? [];
  if (first !== undefined) options.janusUrl = first;
  if (more.length > 0) options.janusUrls = more;
  const apiSecret = values['janus-api-secret'] ?? (env['RTC_JANUS_API_SECRET'] || undefined);
  if (apiSecret !== undefined) options.janusApiSecret = apiSecret;
  const token = values['janus-token'] ?? (env['RTC_JANUS_TOKEN'] || undefined);
  if (token !== undefined) options.janusToken = token;
  const adminKey = values['janus-admin-key'] ?? (env['RTC_JANUS_ADMIN_KEY'] || undefined);
  if (adminKey !== undefined) options.janusAdminKey = adminKey;
}

/** The flags of the HTTP/socket protections (origins, page headers, send budgets, slowloris bounds). */
function parseSecurityArgs(values: Record<string, string | boolean | string[] | undefined>, options: ServerOptions): void {
  const list = (name: string): string[] | undefined => {
    const value = values[name];
    return Array.isArray(value) && value.length > 0 ? value : undefined;
  };
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const origins = list('allowed-origin');
  if (origins) options.allowedOrigins = origins;
  const csp = text('csp');
  if (csp !== undefined) options.contentSecurityPolicy = csp === 'off' ? false : csp;
  const frameAncestors = list('frame-ancestors');
  if (frameAncestors) options.frameAncestors = frameAncestors;
  const connectSrc = list('connect-src');
  if (connectSrc) options.connectSrc = connectSrc;
  const buffered = integer('--max-buffered-bytes', text('max-buffered-bytes'));
  if (buffered !== undefined) options.maxBufferedBytes = buffered;
  const bufferedTotal = integer('--max-buffered-bytes-total', text('max-buffered-bytes-total'));
  if (bufferedTotal !== undefined) options.maxBufferedBytesTotal = bufferedTotal;
  const headersTimeout = integer('--headers-timeout-ms', text('headers-timeout-ms'));
  if (headersTimeout !== undefined) options.headersTimeoutMs = headersTimeout;
  const pendingPerIp = integer('--max-pending-per-ip', text('max-pending-per-ip'));
  if (pendingPerIp !== undefined) options.maxPendingConnectionsPerIp = pendingPerIp;
}
