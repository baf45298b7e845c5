/**
 * `GET /metrics`: who may read the server's Prometheus metrics. With a metrics token, any client that sends it as
 * `Authorization: Bearer <token>` (RFC 6750 §2.1), others get 401. Without one, only a scraper on this machine
 * talking to the server directly: a loopback TCP peer whose request carries no proxy header (`X-Forwarded-For`,
 * `Forwarded`, `X-Real-IP`), and never with `trustProxy` (then every request comes from a proxy that may sit on
 * this machine); everyone else gets the same 404 as for any missing file.
 *
 * @packageDocumentation
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BASE_HEADERS } from '../http-headers.js';
import type { ServerMetrics } from './metrics.js';

/** Path of the metrics endpoint. */
export const METRICS_PATH = '/metrics';

/** Shortest accepted metrics token (characters). */
export const MIN_METRICS_TOKEN_LENGTH = 16;

/** Who may read `/metrics` (from `ServerOptions.metricsToken` and `trustProxy`). */
export interface MetricsAccess {
  /** Bearer token every scrape must send; `undefined`: loopback scrapers only. */
  token: string | undefined;
  trustProxy: boolean;
}

/**
 * Checks a metrics token.
 * @throws {TypeError} when it is shorter than {@link MIN_METRICS_TOKEN_LENGTH} or not printable ASCII without spaces
 */
export function assertMetricsToken(token: string): void {
  if (token.length < MIN_METRICS_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token)) {
    throw new TypeError(`metricsToken must be at least ${MIN_METRICS_TOKEN_LENGTH} printable ASCII characters without spaces (e.g. openssl rand -hex 16)`);
  }
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;
const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

/** Whether `req` may read the metrics: `'ok'`, `'unauthorized'` (token wrong or missing) or `'hidden'` (404). */
export function metricsAccess(req: IncomingMessage, access: MetricsAccess): 'ok' | 'unauthorized' | 'hidden' {
  if (access.token !== undefined) {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1] !== undefined && sameSecret(match[1], access.token) ? 'ok' : 'unauthorized';
  }
  if (access.trustProxy) return 'hidden';
  if (!LOOPBACK.test(req.socket.remoteAddress ?? '')) return 'hidden';
  return PROXY_HEADERS.some((h) => req.headers[h] !== undefined) ? 'hidden' : 'ok';
}

/** Constant-time comparison (of the SHA-256 digests, so lengths do not leak either). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Answers `GET /metrics` (also `HEAD`); other methods get 405. */
export async function serveMetrics(req: IncomingMessage, res: ServerResponse, metrics: ServerMetrics, access: MetricsAccess): Promise<void> {
  const verdict = metricsAccess(req, access);
  if (verdict === 'hidden') {
    res.writeHead(404, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    return void res.end('Not Found\n');
  }
  if (verdict === 'unauthorized') {
    res.writeHead(401, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'WWW-Authenticate': 'Bearer realm="metrics"' });
    return void res.end('Unauthorized');
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...BASE_HEADERS, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    return void res.end('Method Not Allowed');
  }
  const body = await metrics.render();
  res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}
