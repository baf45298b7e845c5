/**
 * A deliberately small, strict SDP reader for one question: could this description make the browser that applies
 * it receive media from the sender? Used to keep `subscriber`s from publishing in mesh rooms.
 *
 * Strict means: it errs towards "sends". A browser is the judge of what an SDP means, and the red-team pass of
 * issue 15 measured Chromium 156 treating all of these as `sendrecv` (so a subscriber's camera played):
 * - `a=RecvOnly` (attribute names are case-sensitive, RFC 8866 §5.13; an unknown attribute is ignored, and a media
 *   section without a direction attribute is `sendrecv`, RFC 8866 §6.7);
 * - `a=recvonly` only at session level (Chromium reads direction per media section only);
 * - an `sdp` that is not a string (a one-element array is turned into its string by WebIDL, `["v=0…"]` → `"v=0…"`).
 *
 * @packageDocumentation
 */
import type { Payload, PeerPayloadOf } from './protocol.js';

/** The relayed description payload (`@rtc-room/protocol`); read by name from an unvalidated `Payload`. */
type SdpPayload = PeerPayloadOf<'sdp'>;

/** The direction attributes of RFC 8866 §6.7, spelt exactly (case-sensitive). */
const DIRECTIONS = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);
/** Directions under which the description's author sends nothing. */
const RECEIVE_ONLY = new Set(['recvonly', 'inactive']);
/** `RTCSdpType`s that carry an SDP (WebRTC 1.0 §4.9.1); `rollback` has none and is never sent by rtc-room. */
const DESCRIPTION_TYPES = new Set(['offer', 'answer', 'pranswer']);

/** One media section (`m=` line and the attribute lines up to the next `m=`). */
export interface MediaSection {
  /** The `<media>` field of the `m=` line, as written (`audio`, `video`, `application`, …). */
  readonly media: string;
  /** Every direction attribute of the section, in order, exactly as written (`a=recvonly` → `recvonly`). */
  readonly directions: readonly string[];
}

/**
 * Splits an SDP into its media sections (RFC 8866 §5). Lines end in CRLF or LF; attribute lines are compared
 * whole, so `a=recvonly ` or `a=RecvOnly` are not direction attributes. Session-level attributes are not returned:
 * browsers (measured: Chromium 156) take the direction of each media section from the section alone.
 */
export function mediaSections(sdp: string): MediaSection[] {
  const sections: Array<{ media: string; directions: string[] }> = [];
  for (const raw of sdp.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('m=')) {
      sections.push({ media: line.slice(2).split(' ', 1)[0] ?? '', directions: [] });
    } else if (line.startsWith('a=') && sections.length > 0 && DIRECTIONS.has(line.slice(2))) {
      sections[sections.length - 1]!.directions.push(line.slice(2));
    }
  }
  return sections;
}

/**
 * Whether an SDP could send media: some media section other than `m=application` (data channels) lacks an
 * explicit `a=recvonly` / `a=inactive` of its own, or has any other direction attribute besides. Port-0 sections
 * are not exempt (a `bundle-only` section has port 0 and still sends). An SDP with no `m=` line sends nothing.
 */
export function sdpSendsMedia(sdp: string): boolean {
  return mediaSections(sdp).some(
    (section) =>
      section.media !== 'application' &&
      (section.directions.length === 0 || section.directions.some((d) => !RECEIVE_ONLY.has(d))),
  );
}

/**
 * Whether a relayed payload from a `subscriber` must be refused: a session description (`t: "sdp"`) that is not
 * exactly `{ type: "offer" | "answer" | "pranswer", sdp: string }`, or whose SDP could send media. Any other payload
 * (ICE candidates, mute state, …) passes.
 */
export function payloadPublishesMedia(payload: Payload): boolean {
  if (payload['t'] !== ('sdp' satisfies SdpPayload['t'])) return false;
  const description = payload['description' satisfies keyof SdpPayload];
  if (typeof description !== 'object' || description === null || Array.isArray(description)) return true;
  const { type, sdp } = description as Record<string, unknown>;
  if (typeof type !== 'string' || !DESCRIPTION_TYPES.has(type) || typeof sdp !== 'string') return true;
  return sdpSendsMedia(sdp);
}
