/**
 * Static file serving for `GET`/`HEAD`: content types, `index.html` for directories,
 * `Cache-Control: no-cache`, and no way out of a mounted directory.
 *
 * @packageDocumentation
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

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

/** Outcome of resolving a URL path against the mounts. */
export type Resolution =
  | { kind: 'file'; file: string }
  | { kind: 'none' }
  | { kind: 'forbidden' }
  | { kind: 'bad-request' };

/**
 * Maps a raw (still percent-encoded) URL pathname to a file path inside one of `mounts`.
 * Decodes once, rejects NUL bytes, and refuses any result that is not inside the mount's
 * directory (so `/../x`, `/%2e%2e/x` and `/..%2fx` are `forbidden`).
 *
 * @param mounts - `[urlPrefix, absoluteDir]`, longest prefix first; prefixes end with `/`
 */
export function resolveStaticPath(rawPathname: string, mounts: ReadonlyArray<[string, string]>): Resolution {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPathname);
  } catch {
    return { kind: 'bad-request' };
  }
  if (decoded.includes('\0')) return { kind: 'bad-request' };
  for (const [prefix, dir] of mounts) {
    if (!rawPathname.startsWith(prefix)) continue;
    const rest = decodeURIComponent(rawPathname.slice(prefix.length));
    const file = path.resolve(dir, `.${path.sep}${rest}`);
    if (file !== dir && !file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep)) {
      return { kind: 'forbidden' };
    }
    return { kind: 'file', file };
  }
  return { kind: 'none' };
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache',
  });
  res.end(text);
}

/**
 * Serves a request from `mounts`. Answers 404 for anything not found (including requests no
 * mount covers), 403 for escapes, 400 for undecodable paths, 405 for methods other than GET/HEAD.
 */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  rawPathname: string,
  mounts: ReadonlyArray<[string, string]>,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return plain(res, 405, 'Method Not Allowed\n');
  }
  const resolution = resolveStaticPath(rawPathname, mounts);
  if (resolution.kind === 'bad-request') return plain(res, 400, 'Bad Request\n');
  if (resolution.kind === 'forbidden') return plain(res, 403, 'Forbidden\n');
  if (resolution.kind === 'none') return plain(res, 404, 'Not Found\n');

  let file = resolution.file;
  let info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    if (!rawPathname.endsWith('/')) {
      res.writeHead(301, { Location: `${rawPathname}/`, 'Cache-Control': 'no-cache', 'Content-Length': 0 });
      return void res.end();
    }
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (!info?.isFile()) return plain(res, 404, 'Not Found\n');

  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') return void res.end();
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file);
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
