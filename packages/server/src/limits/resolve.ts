/**
 * Validation of the security-related options: served directories, allowed origins, page headers.
 *
 * @packageDocumentation
 */
import { realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PageHeaderSettings } from '../http-headers.js';
import type { Mount } from '../static.js';

/** Top-level directories never served as a whole (and pseudo-filesystems never served at all). */
const SYSTEM_DIRS = ['/bin', '/boot', '/etc', '/home', '/lib', '/lib64', '/opt', '/root', '/run', '/sbin', '/srv', '/tmp', '/usr', '/var'];
const NEVER_UNDER = ['/proc', '/sys', '/dev', '/etc', '/boot'];

/** Resolves a served directory to its real path, refusing what must never be published. */
function servedDir(what: string, dir: string): [string, string] {
  if (typeof dir !== 'string' || dir.length === 0 || dir.includes('\0')) throw new TypeError(`${what}: not a directory path`);
  const absolute = path.resolve(dir);
  let real: string;
  try {
    real = realpathSync(absolute);
    if (!statSync(real).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new TypeError(`${what}: "${dir}" is not an existing directory`);
  }
  const refused =
    real === path.parse(real).root ||
    SYSTEM_DIRS.includes(real) ||
    NEVER_UNDER.some((d) => real === d || real.startsWith(`${d}/`)) ||
    real === os.homedir();
  if (refused) throw new TypeError(`${what}: refusing to serve "${real}" (the filesystem root, a system directory or a home directory)`);
  return [absolute, real];
}

/** `staticDir` and `staticMounts` as mounts, longest prefix first. */
export function resolveMounts(staticDir: string | undefined, staticMounts: Record<string, string> | undefined): Mount[] {
  const mounts: Mount[] = [];
  if (staticDir !== undefined) mounts.push(['/', ...servedDir('staticDir', staticDir)]);
  for (const [rawPrefix, dir] of Object.entries(staticMounts ?? {})) {
    if (!rawPrefix.startsWith('/') || rawPrefix.startsWith('//') || rawPrefix.includes('\\')) {
      throw new TypeError(`mount prefix must start with a single "/" (no "\\"): ${rawPrefix}`);
    }
    const prefix = rawPrefix.endsWith('/') ? rawPrefix : `${rawPrefix}/`;
    mounts.push([prefix, ...servedDir(`mount ${prefix}`, dir)]);
  }
  return mounts.sort((a, b) => b[0].length - a[0].length);
}

/** Allowed WebSocket origins: `'*'`, or `scheme://host[:port]` (normalized to the URL's `origin`). */
export function resolveOrigins(origins: string[] | undefined): string[] {
  if (origins === undefined) return [];
  if (!Array.isArray(origins)) throw new TypeError('allowedOrigins must be an array of origins');
  return origins.map((origin) => {
    if (origin === '*') return origin;
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || url.origin === 'null' || url.origin !== origin.replace(/\/$/, '').toLowerCase()) {
      throw new TypeError(`allowedOrigins: expected "*" or scheme://host[:port] without a path, got "${String(origin)}"`);
    }
    return url.origin;
  });
}

const CSP_SOURCE = /^[^\s;,]+$/;

function sources(name: string, list: string[] | undefined, fallback: string[]): string[] {
  if (list === undefined) return fallback;
  if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === 'string' && CSP_SOURCE.test(s))) {
    throw new TypeError(`${name} must be a non-empty array of CSP sources (no spaces, ";" or ",")`);
  }
  return [...list];
}

/** Headers of served pages. */
export function resolvePageHeaders(options: {
  contentSecurityPolicy?: string | false;
  frameAncestors?: string[];
  connectSrc?: string[];
}): PageHeaderSettings {
  const csp = options.contentSecurityPolicy;
  if (csp !== undefined && csp !== false && (typeof csp !== 'string' || csp.trim() === '' || /[\r\n]/.test(csp))) {
    throw new TypeError('contentSecurityPolicy must be a policy string (one line) or false');
  }
  return {
    contentSecurityPolicy: csp,
    frameAncestors: sources('frameAncestors', options.frameAncestors, ["'self'"]),
    connectSrc: options.connectSrc?.length === 0 ? [] : sources('connectSrc', options.connectSrc, []),
  };
}
