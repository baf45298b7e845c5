/**
 * The shape check of the `sdp` / `ice` payloads a peer sends to a `PeerLink`. A peer is not trusted: the browser
 * converts whatever it is given (WebIDL turns `sdp: ["v=0…"]` into the string `"v=0…"`), so a description is only
 * applied when it is exactly `{ type: "offer" | "answer", sdp: string }` (issue 15), and a fresh copy is applied.
 *
 * @packageDocumentation
 */
import type { PeerPayloadOf } from '@rtc-room/protocol';
import type { SignalingPayload } from '../signaling/SignalingAdapter.js';
import type { SourceMap } from './ScreenSenders.js';

/** Signaling payloads a `PeerLink` sends and understands (defined in `@rtc-room/protocol`). */
export type LinkSignal = PeerPayloadOf<'sdp'> | PeerPayloadOf<'ice'>;

/** Is this payload for a `PeerLink` (whatever its shape)? */
export function isLinkSignal(payload: SignalingPayload): payload is SignalingPayload & LinkSignal {
  return payload['t'] === 'sdp' || payload['t'] === 'ice';
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const optional = (value: unknown, type: 'string' | 'number'): boolean => value === undefined || value === null || typeof value === type;

/**
 * A clean copy of a link payload, or `undefined` when its shape is wrong: a description that is not
 * `{ type: "offer" | "answer", sdp: string }`, a `sources` map that is not strings by strings, or a candidate that is
 * not `null` / an `RTCIceCandidateInit` of strings and numbers (WebRTC 1.0 §4.8.1).
 */
export function parseLinkSignal(payload: SignalingPayload): LinkSignal | undefined {
  if (payload['t'] === 'sdp') {
    const { description, sources } = payload;
    if (!isRecord(description) || typeof description['sdp'] !== 'string') return undefined;
    const type = description['type'];
    if (type !== 'offer' && type !== 'answer') return undefined;
    if (sources !== undefined && (!isRecord(sources) || !Object.values(sources).every((s) => typeof s === 'string'))) return undefined;
    return {
      t: 'sdp',
      description: { type, sdp: description['sdp'] },
      ...(sources !== undefined ? { sources: { ...(sources as SourceMap) } } : {}),
    };
  }
  if (payload['t'] === 'ice') {
    const { candidate } = payload;
    if (candidate === null) return { t: 'ice', candidate: null };
    if (!isRecord(candidate) || typeof candidate['candidate'] !== 'string') return undefined;
    const { sdpMid, sdpMLineIndex, usernameFragment } = candidate;
    if (!optional(sdpMid, 'string') || !optional(sdpMLineIndex, 'number') || !optional(usernameFragment, 'string')) return undefined;
    return {
      t: 'ice',
      candidate: {
        candidate: candidate['candidate'],
        ...(sdpMid !== undefined ? { sdpMid: sdpMid as string | null } : {}),
        ...(sdpMLineIndex !== undefined ? { sdpMLineIndex: sdpMLineIndex as number | null } : {}),
        ...(usernameFragment !== undefined ? { usernameFragment: usernameFragment as string | null } : {}),
      },
    };
  }
  return undefined;
}
