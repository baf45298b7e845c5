/**
 * Security headers of the static pages the server serves (the demo and whatever `staticDir` holds): a Content
 * Security Policy that allows the page's own scripts (files from this origin, plus the inline scripts of the served
 * file itself by their SHA-256 hash), WebSocket connections back to this server, fake/real camera media and inline
 * styles (Lit, themed pages); `frame-ancestors` / `X-Frame-Options` against clickjacking of the served pages;
 * `X-Content-Type-Options: nosniff`; `Referrer-Policy: no-referrer`.
 *
 * Embedding `<rtc-room>` in your own pages is not affected: these headers only travel with files this server serves.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';

/** What the served pages' headers depend on (see `ServerOptions.contentSecurityPolicy` and friends). */
export interface PageHeaderSettings {
  /** A complete policy that replaces the default one; `false`: no CSP header. `undefined`: the default policy. */
  contentSecurityPolicy: string | false | undefined;
  /** CSP `frame-ancestors` sources; `["'self'"]` by default (then also `X-Frame-Options: SAMEORIGIN`). */
  frameAncestors: string[];
  /** More `connect-src` sources (other signaling servers the pages talk to). */
  connectSrc: string[];
}

/** Headers sent with every response of the server (static files, errors, `/healthz`). */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const HAS_SRC = /(?:^|\s)src\s*=/i;

/** `'sha256-…'` sources for the inline `<script>` elements of an HTML document (those without `src`). */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    const [, attributes = '', body = ''] = match;
    if (HAS_SRC.test(attributes) || body.length === 0) continue;
    hashes.add(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return [...hashes];
}

/** `ws:`/`wss:` sources for the Host the page was requested from (omitted when the header is not a plain host). */
function sameHostSockets(host: string | undefined): string[] {
  if (!host || host.length > 255 || !/^[A-Za-z0-9.\-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/.test(host)) return [];
  return [`ws://${host}`, `wss://${host}`];
}

/** The default policy for one served HTML page. */
export function defaultPolicy(settings: PageHeaderSettings, scriptHashes: string[], host: string | undefined): string {
  return [
    "default-src 'self'",
    ['script-src', "'self'", ...scriptHashes].join(' '),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    ['connect-src', "'self'", ...sameHostSockets(host), ...settings.connectSrc].join(' '),
    `frame-ancestors ${settings.frameAncestors.join(' ')}`,
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * Headers for one static file. `html` is the document text when the file is an HTML page that was read whole
 * (its inline scripts are then allowed by hash); other files get the same policy without hashes.
 */
export function pageHeaders(settings: PageHeaderSettings, html: string | undefined, host: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { ...BASE_HEADERS };
  const { contentSecurityPolicy } = settings;
  if (contentSecurityPolicy !== false) {
    headers['Content-Security-Policy'] =
      contentSecurityPolicy ?? defaultPolicy(settings, html === undefined ? [] : inlineScriptHashes(html), host);
  }
  // X-Frame-Options cannot name other origins: only sent for the same-origin default (old browsers ignore CSP).
  if (settings.frameAncestors.length === 1 && settings.frameAncestors[0] === "'self'") headers['X-Frame-Options'] = 'SAMEORIGIN';
  if (settings.frameAncestors.length === 1 && settings.frameAncestors[0] === "'none'") headers['X-Frame-Options'] = 'DENY';
  return headers;
}
