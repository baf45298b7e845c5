/** Parsing and validation of client frames (used by the server). */
import * as v from 'valibot';
import { ClientMessageSchema, type ClientMessage } from './client.js';
import { isPlainObject } from './common.js';
import { MAX_JSON_DEPTH } from './limits.js';
import { PROTOCOL_VERSION } from './version.js';

/** Result of {@link parseClientMessage}. */
export type ParseResult =
  | { ok: true; message: ClientMessage }
  | {
      ok: false;
      code: 'invalid-json' | 'invalid-message' | 'protocol-mismatch';
      message: string;
      reason: string;
      ref?: string;
    };

const MAX_ERROR_TEXT = 200;

const truncate = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Parses and validates one text frame.
 *
 * A `join` or `resume` naming another protocol major (`protocol`) is refused with `protocol-mismatch` before its
 * shape is checked: a newer client's message may not fit this version's schema.
 *
 * @param text - the frame's UTF-8 decoded text
 * @returns the typed message, or an error with a short client-facing `message` and a
 *   log-safe `reason` (issue path and kind only, never client values)
 */
export function parseClientMessage(text: string): ParseResult {
  if (exceedsDepth(text, MAX_JSON_DEPTH)) {
    return {
      ok: false,
      code: 'invalid-message',
      message: `message is nested too deeply (at most ${MAX_JSON_DEPTH} levels)`,
      reason: 'too-deep',
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, code: 'invalid-json', message: 'message is not valid JSON', reason: 'json-parse' };
  }
  const type = isPlainObject(data) ? data['type'] : undefined;
  const ref = typeof type === 'string' ? truncate(type, 32) : undefined;
  if (isPlainObject(data) && (type === 'join' || type === 'resume')) {
    const protocol = data['protocol'];
    if (typeof protocol === 'number' && protocol !== PROTOCOL_VERSION) {
      return {
        ok: false,
        code: 'protocol-mismatch',
        message: truncate(`this server speaks protocol ${PROTOCOL_VERSION}, the client ${protocol}: update one of them`, MAX_ERROR_TEXT),
        reason: 'protocol-mismatch',
        ref: type,
      };
    }
  }
  const result = v.safeParse(ClientMessageSchema, data, { abortEarly: true });
  if (result.success) return { ok: true, message: result.output };
  const issue = result.issues[0];
  const path = v.getDotPath(issue) ?? '';
  return {
    ok: false,
    code: 'invalid-message',
    message: truncate(path ? `${path}: ${issue.message}` : issue.message, MAX_ERROR_TEXT),
    // Unknown keys are client-chosen text: keep them out of the log.
    reason: issue.type === 'strict_object' ? 'unknown-key strict_object' : `${path || '(root)'} ${issue.type}`,
    ...(ref !== undefined ? { ref } : {}),
  };
}

/**
 * Whether JSON text nests arrays/objects deeper than `max`, found by one linear scan that skips
 * string contents. Runs before `JSON.parse`, so hostile nesting never reaches the parser or
 * `JSON.stringify` (which would overflow the stack while relaying it). Not a validator: malformed text
 * that is shallow passes through to `JSON.parse`.
 */
export function exceedsDepth(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}
