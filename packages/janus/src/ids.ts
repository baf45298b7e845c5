import type { JanusId } from './videoroom.js';

/**
 * A numeric VideoRoom id for a `Room` name (32-bit FNV-1a, never 0), so every participant using the same name
 * meets in the same Janus room without agreeing on a number.
 */
export function roomIdOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return (hash >>> 0) || 1;
}

/**
 * A new feed id: milliseconds since 1970 × 1000 plus a random 0–999, so ids sort in join order (as far as the
 * clocks agree) and stay below 2^53. A string of the same digits for `string_ids` deployments.
 */
export function newFeedId(stringIds: boolean): JanusId {
  const id = Date.now() * 1000 + Math.floor(Math.random() * 1000);
  return stringIds ? String(id) : id;
}

/** Orders feed ids ascending: numerically when both are numbers (or digit strings), else as strings. */
export function compareFeedIds(a: JanusId, b: JanusId): number {
  const [x, y] = [Number(a), Number(b)];
  if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
