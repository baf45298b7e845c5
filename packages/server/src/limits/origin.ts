/**
 * The `Origin` check of the signaling WebSocket (RFC 6455 §10.2): a page from another site must not be able to
 * open sockets to this server from its visitors' browsers (and use up their address's connection limit).
 *
 * @packageDocumentation
 */
import type { IncomingMessage } from 'node:http';

/**
 * Whether a WebSocket upgrade may proceed. No `Origin` header (a non-browser client): allowed. Otherwise the
 * origin's `host[:port]` must equal the request's `Host` (a page this server served), or the origin must be in
 * `allowed` (`'*'` allows all). `Origin: null` (sandboxed frames, `file:` pages) only passes with `'*'`.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes('*')) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin === 'null') return false;
  if (allowed.includes(url.origin)) return true;
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host;
}
