/**
 * The framing of `room.send()` messages on data channels and on the signaling relay. A message is split into chunks
 * of at most {@link CHUNK_BYTES} bytes, each with a header (big-endian):
 *
 * | bytes | field |
 * | --- | --- |
 * | 1 | magic `0xD7` |
 * | 1 | flags: 1 = binary (else UTF-8 text), 2 = sent reliable |
 * | 4 | message id (per sender) |
 * | 4 | chunk index |
 * | 4 | chunk count |
 * | 4 | message size in bytes |
 * | 1 + n | sender id (UTF-8; only read in SFU rooms, where it is *claimed*, not verified) |
 * | 1 + n | topic (UTF-8, 0–255 bytes; empty = none) |
 *
 * then the chunk's share of the payload.
 * @internal
 */

/** Largest chunk, header included, in bytes: 16 KiB is what every SCTP stack (browsers, Janus) takes unsplit. */
export const CHUNK_BYTES = 16_384;
const MAGIC = 0xd7;
const FIXED = 20;
/** Largest topic and sender id, in UTF-8 bytes. */
export const MAX_LABEL_BYTES = 255;

export const encoder = new TextEncoder();

/** One parsed chunk. */
export interface Chunk {
  id: number;
  index: number;
  count: number;
  size: number;
  binary: boolean;
  reliable: boolean;
  from: string;
  topic: string | undefined;
  body: Uint8Array;
}

/** Splits `data` into chunks (copies it: the caller may reuse its buffer at once). */
export function encodeChunks(
  id: number,
  from: Uint8Array,
  topic: Uint8Array,
  data: Uint8Array,
  binary: boolean,
  reliable: boolean,
): Uint8Array<ArrayBuffer>[] {
  const head = FIXED + from.length + topic.length;
  const room = CHUNK_BYTES - head;
  const count = Math.max(1, Math.ceil(data.length / room));
  const chunks = [];
  for (let i = 0; i < count; i += 1) {
    const body = data.subarray(i * room, (i + 1) * room);
    const c = new Uint8Array(head + body.length);
    const v = new DataView(c.buffer);
    c[0] = MAGIC;
    c[1] = (binary ? 1 : 0) | (reliable ? 2 : 0);
    v.setUint32(2, id);
    v.setUint32(6, i);
    v.setUint32(10, count);
    v.setUint32(14, data.length);
    c[18] = from.length;
    c.set(from, 19);
    c[19 + from.length] = topic.length;
    c.set(topic, FIXED + from.length);
    c.set(body, head);
    chunks.push(c);
  }
  return chunks;
}

const decoder = new TextDecoder();

/** Parses a chunk; `undefined` for anything that is not one (another app's message, garbage). */
export function parseChunk(buffer: ArrayBuffer): Chunk | undefined {
  const c = new Uint8Array(buffer);
  if (c.length < FIXED || c[0] !== MAGIC) return undefined;
  const v = new DataView(buffer);
  const fromEnd = 19 + c[18]!;
  const head = fromEnd + 1 + (c[fromEnd] ?? 0);
  const count = v.getUint32(10);
  const index = v.getUint32(6);
  if (head > c.length || index >= count) return undefined;
  const topic = decoder.decode(c.subarray(fromEnd + 1, head));
  return {
    id: v.getUint32(2),
    index,
    count,
    size: v.getUint32(14),
    binary: (c[1]! & 1) === 1,
    reliable: (c[1]! & 2) === 2,
    from: decoder.decode(c.subarray(19, fromEnd)),
    topic: topic || undefined,
    body: c.subarray(head),
  };
}

/** Chunk ⇄ text for the signaling relay (JSON payloads). */
export const toBase64 = (c: Uint8Array): string => btoa(String.fromCharCode(...c));
export const fromBase64 = (s: string): ArrayBuffer => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0)).buffer;
