/**
 * Random ids (RFC 9562 version 4 UUIDs) kept for the life of a connection or participant.
 *
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';

/**
 * A fresh random UUID as one flat string. Node builds `randomUUID()`'s result by concatenation, which V8 keeps as a
 * tree of string pieces (several hundred bytes per id); ids kept per connection are copied into one sequential
 * string (about 50 bytes).
 */
export function newId(): string {
  return JSON.parse(JSON.stringify(randomUUID())) as string;
}
