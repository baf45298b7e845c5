/**
 * Safe custom-element registration.
 *
 * Two copies of `@rtc-room/elements` on one page (say, the bundle from a CDN and an npm build) would make
 * `customElements.define` throw on the second copy. {@link defineElement} keeps the first definition and prints a
 * warning with a stable code, once per tag, instead.
 */

/** A component class that may declare the elements it renders (Shoelace's `static dependencies`). */
export interface ElementWithDependencies extends CustomElementConstructor {
  dependencies?: Record<string, CustomElementConstructor>;
}

const warned = new Set<string>();

/**
 * Prints a development warning once per `code`.
 *
 * @example
 * ```ts
 * issueWarning('rtc-duplicate-define', '<rtc-room> is already defined.');
 * ```
 */
export function issueWarning(code: string, message: string): void {
  if (warned.has(code)) return;
  warned.add(code);
  console.warn(`[rtc-room:${code}] ${message}`);
}

/**
 * Defines `tag` as `ctor` (and, first, the elements `ctor.dependencies` names), unless the tag is already taken.
 * A tag already taken by another class warns (code `duplicate-define`) instead of throwing.
 *
 * @example
 * ```ts
 * defineElement('rtc-video-grid', RtcVideoGridElement);
 * ```
 */
export function defineElement(tag: string, ctor: ElementWithDependencies): void {
  for (const [depTag, depCtor] of Object.entries(ctor.dependencies ?? {})) defineElement(depTag, depCtor);
  const existing = customElements.get(tag);
  if (existing === undefined) {
    customElements.define(tag, ctor);
  } else if (existing !== ctor) {
    issueWarning(
      `duplicate-define:${tag}`,
      `<${tag}> is already defined by another class (two copies of @rtc-room/elements on the page?). ` +
        'Keeping the first definition.',
    );
  }
}
