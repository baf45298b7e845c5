import type { Track, TrackKind, TrackSource } from '../participants/Track.js';

/** Mutable implementation of a subscribed remote track. @internal */
export class RemoteTrackImpl implements Track {
  constructor(
    readonly kind: TrackKind,
    readonly source: TrackSource,
    public mediaStreamTrack: MediaStreamTrack | null,
    public muted: boolean,
  ) {}
}

/** Participant state every peer announces (`{ t: 'state', … }` payload). @internal */
export interface PeerStatePayload {
  t: 'state';
  /** Sources the peer has turned off. */
  muted: TrackSource[];
}

/** @internal */
export function isPeerState(payload: { readonly [key: string]: unknown }): payload is PeerStatePayload & { [key: string]: unknown } {
  return payload['t'] === 'state' && Array.isArray(payload['muted']) && payload['muted'].every((s) => typeof s === 'string');
}
