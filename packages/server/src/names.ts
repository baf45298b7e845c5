/**
 * Display names as others see them: no characters that reorder or hide text, and no two alike in one room.
 *
 * @packageDocumentation
 */

/**
 * Characters removed from display names: C0 and C1 controls, zero-width characters and the bidi marks, embeddings,
 * overrides and isolates (U+200B–U+200F, U+202A–U+202E, U+2060–U+2069, U+FEFF). An RTL override (U+202E) made
 * "Mallory\u202Egnp.exe" read as another name (issue 15).
 */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** What a name is called when nothing visible is left of it. */
export const FALLBACK_NAME = 'Guest';

/** `name` without {@link HIDDEN} characters, NFC-normalized, runs of white space as one space, trimmed. */
export function cleanName(name: string): string {
  const clean = name.normalize('NFC').replace(HIDDEN, '').replace(/\s+/gu, ' ').trim();
  return clean.length > 0 ? clean : FALLBACK_NAME;
}

/** The key two names collide on: compatibility-folded (NFKC) and case-folded. */
const key = (name: string): string => name.normalize('NFKC').toLocaleLowerCase('en');

/**
 * `name` cleaned (see {@link cleanName}) and made unique among `taken`: a name already there (ignoring case and
 * compatibility forms) gets the first free suffix ` (2)`, ` (3)`, …, shortening it to stay within `maxLength`.
 */
export function displayName(name: string, taken: Iterable<string>, maxLength: number): string {
  const clean = cleanName(name);
  const used = new Set([...taken].map(key));
  if (!used.has(key(clean))) return clean;
  for (let n = 2; ; n += 1) {
    const suffix = ` (${n})`;
    const candidate = `${[...clean].slice(0, Math.max(1, maxLength - suffix.length)).join('')}${suffix}`;
    if (!used.has(key(candidate))) return candidate;
  }
}
