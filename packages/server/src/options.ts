/**
 * Options of {@link createServer} and their defaults.
 *
 * @packageDocumentation
 */
import path from 'node:path';
import { stderrLogger, type Logger } from './logger.js';
import type { IceServer } from './protocol.js';

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
  /** ICE servers handed to clients in `joined`. Default: none (the field is then omitted). */
  iceServers?: IceServer[];
  /** Receives structured log events. Default: one JSON line per event on stderr. */
  logger?: Logger;
}

/** Options with every default applied and every path made absolute. */
export interface ResolvedOptions {
  port: number;
  host: string;
  /** `[urlPrefix, absoluteDir]`, longest prefix first. */
  mounts: Array<[string, string]>;
  maxMessageBytes: number;
  maxParticipantsPerRoom: number;
  pingIntervalMs: number;
  iceServers: IceServer[];
  logger: Logger;
}

/** Default values of {@link ServerOptions}. */
export const DEFAULTS = {
  port: 8080,
  host: '0.0.0.0',
  maxMessageBytes: 65_536,
  maxParticipantsPerRoom: 16,
  pingIntervalMs: 5_000,
} as const;

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
 * @throws {TypeError} when a numeric option is not a suitable integer or a mount prefix does not start with `/`
 */
export function resolveOptions(options: ServerOptions = {}): ResolvedOptions {
  const mounts: Array<[string, string]> = [];
  if (options.staticDir !== undefined) mounts.push(['/', path.resolve(options.staticDir)]);
  for (const [rawPrefix, dir] of Object.entries(options.staticMounts ?? {})) {
    if (!rawPrefix.startsWith('/')) throw new TypeError(`mount prefix must start with "/": ${rawPrefix}`);
    const prefix = rawPrefix.endsWith('/') ? rawPrefix : `${rawPrefix}/`;
    mounts.push([prefix, path.resolve(dir)]);
  }
  mounts.sort((a, b) => b[0].length - a[0].length);
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
    logger: options.logger ?? stderrLogger,
  };
}
