/**
 * A deliberately small SDP reader for one question: would this description send media?
 * Used to keep `subscriber`s from publishing.
 *
 * @packageDocumentation
 */
import type { Payload, PeerPayloadOf } from './protocol.js';

/** The relayed description payload (`@rtc-room/protocol`); read by name from an unvalidated `Payload`. */
type SdpPayload = PeerPayloadOf<'sdp'>;

const DIRECTIONS = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

/**
 * Whether an SDP has an audio or video media section whose effective direction sends media:
 * its own `a=sendrecv`/`a=sendonly`, else the session-level direction, else `sendrecv` (the RFC 8866
 * default when no direction attribute is present). Port-0 sections are not exempt (a `bundle-only`
 * section has port 0 and still sends).
 */
export function sdpSendsMedia(sdp: string): boolean {
  let sessionDirection = 'sendrecv';
  let inMedia = false;
  let isAv = false;
  let direction: string | undefined;
  const sends = (): boolean => isAv && ((direction ?? sessionDirection) === 'sendrecv' || (direction ?? sessionDirection) === 'sendonly');
  for (const raw of sdp.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('m=')) {
      if (inMedia && sends()) return true;
      inMedia = true;
      const kind = line.slice(2).split(' ', 1)[0]?.toLowerCase();
      isAv = kind === 'audio' || kind === 'video';
      direction = undefined;
    } else if (line.startsWith('a=')) {
      const attribute = line.slice(2).toLowerCase();
      if (!DIRECTIONS.has(attribute)) continue;
      if (inMedia) direction = attribute;
      else sessionDirection = attribute;
    }
  }
  return inMedia && sends();
}

/** Whether a relayed payload is a session description (`{ t: 'sdp', description: { sdp } }`) that would send media. */
export function payloadPublishesMedia(payload: Payload): boolean {
  if (payload['t'] !== ('sdp' satisfies SdpPayload['t'])) return false;
  const description = payload['description' satisfies keyof SdpPayload];
  if (typeof description !== 'object' || description === null) return false;
  const sdp = (description as Record<string, unknown>)['sdp'];
  return typeof sdp === 'string' && sdpSendsMedia(sdp);
}
