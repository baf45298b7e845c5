/**
 * Static file serving for `GET`/`HEAD`: content types, `index.html` for directories,
 * `Cache-Control: no-cache`, security headers (see `http-headers.ts`), and no way out of a mounted directory:
 * `..` and encoded separators are refused, symbolic links are followed only when their target is inside the
 * mount, and dotfiles (any path segment starting with `.`) are never served.
 *
 * @packageDocumentation
 */
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { BASE_HEADERS, pageHeaders, type PageHeaderSettings } from './http-headers.js';

/** Content types by lower-case file extension; anything else is `application/octet-stream`. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** HTML pages up to this size are read whole so their inline scripts can be allowed by hash in the CSP. */
const MAX_HASHED_HTML_BYTES = 1 << 20;

/** A mount: URL prefix (starts and ends with `/`), its directory (absolute) and that directory's real path. */
export type Mount = [prefix: string, dir: string, realDir?: string];

/** Outcome of resolving a URL path against the mounts. */
export type Resolution =
  | { kind: 'file'; file: string; prefix: string; dir: string; realDir: string; relative: string }
  | { kind: 'none' }
  | { kind: 'forbidden' }
  | { kind: 'bad-request' };

const inside = (dir: string, file: string): boolean =>
  file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

/**
 * Maps a raw (still percent-encoded) URL pathname to a file path inside one of `mounts`.
 * Decodes once, rejects NUL bytes, and refuses any result that is not inside the mount's
 * directory (so `/../x`, `/%2e%2e/x` and `/..%2fx` are `forbidden`). A path with a segment that starts with
 * `.` (a dotfile or dot-directory: `.env`, `.git/config`) is `none`.
 *
 * @param mounts - `[urlPrefix, absoluteDir, realDir?]`, longest prefix first; prefixes end with `/`
 */
export function resolveStaticPath(rawPathname: string, mounts: ReadonlyArray<Mount>): Resolution {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPathname);
  } catch {
    return { kind: 'bad-request' };
  }
  if (decoded.includes('\0')) return { kind: 'bad-request' };
  for (const [prefix, dir, realDir = dir] of mounts) {
    if (!rawPathname.startsWith(prefix)) continue;
    const rest = decodeURIComponent(rawPathname.slice(prefix.length));
    const file = path.resolve(dir, `.${path.sep}${rest}`);
    if (!inside(dir, file)) return { kind: 'forbidden' };
    const relative = path.relative(dir, file);
    if (relative.split(path.sep).some((segment) => segment.startsWith('.'))) return { kind: 'none' };
    return { kind: 'file', file, prefix, dir, realDir, relative };
  }
  return { kind: 'none' };
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    ...BASE_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache',
  });
  res.end(text);
}

/**
 * The canonical URL of a directory: its mount prefix and the percent-encoded segments below it, with a trailing
 * `/`. Built from the resolved path, never from the request, so it always starts with exactly one `/` (a request
 * like `//evil.example/..%2f` cannot turn it into a protocol-relative URL).
 */
function directoryUrl(prefix: string, relative: string): string {
  const segments = relative === '' ? [] : relative.split(path.sep).map(encodeURIComponent);
  return `${prefix}${segments.map((s) => `${s}/`).join('')}`.replace(/^\/+/, '/');
}

/**
 * Serves a request from `mounts`. Answers 404 for anything not found (including requests no mount covers,
 * dotfiles, and links whose target is outside the mount), 403 for escapes, 400 for undecodable paths, 405 for
 * methods other than GET/HEAD.
 */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  rawPathname: string,
  mounts: ReadonlyArray<Mount>,
  headers: PageHeaderSettings,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return plain(res, 405, 'Method Not Allowed\n');
  }
  const resolution = resolveStaticPath(rawPathname, mounts);
  if (resolution.kind === 'bad-request') return plain(res, 400, 'Bad Request\n');
  if (resolution.kind === 'forbidden') return plain(res, 403, 'Forbidden\n');
  if (resolution.kind === 'none') return plain(res, 404, 'Not Found\n');

  // Follow links only to targets inside the mount's real directory (a link to /proc/self/environ is "not found").
  const real = async (file: string): Promise<string | undefined> => {
    const target = await realpath(file).catch(() => undefined);
    return target !== undefined && inside(resolution.realDir, target) ? target : undefined;
  };
  let file = await real(resolution.file);
  let info = file === undefined ? undefined : await stat(file).catch(() => undefined);
  if (file !== undefined && info?.isDirectory()) {
    if (!rawPathname.endsWith('/')) {
      const location = directoryUrl(resolution.prefix, resolution.relative);
      res.writeHead(301, { ...BASE_HEADERS, Location: location, 'Cache-Control': 'no-cache', 'Content-Length': 0 });
      return void res.end();
    }
    file = await real(path.join(file, 'index.html'));
    info = file === undefined ? undefined : await stat(file).catch(() => undefined);
  }
  if (file === undefined || !info?.isFile()) return plain(res, 404, 'Not Found\n');

  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const html = type.startsWith('text/html') && info.size <= MAX_HASHED_HTML_BYTES ? await readFile(file) : undefined;
  res.writeHead(200, {
    ...pageHeaders(headers, html?.toString('utf8'), req.headers.host),
    'Content-Type': type,
    'Content-Length': html?.length ?? info.size,
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') return void res.end();
  if (html) return void res.end(html);
  const source = file;
  await new Promise<void>((resolve) => {
    const stream = createReadStream(source);
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    stream.on('end', resolve);
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}
