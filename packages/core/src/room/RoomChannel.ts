import type { PeerPayloadOf } from '@rtc-room/protocol';
import type { LocalParticipant } from '../participants/LocalParticipant.js';
import type { TrackSource } from '../participants/Track.js';
import type { DataMessages } from '../data/DataMessages.js';
import type { PeerChannel, SignalingAdapter, SignalingPayload } from '../signaling/SignalingAdapter.js';
import type { Roster } from './Roster.js';

/** Participant state every peer announces (`{ t: 'state', muted }` payload, `@rtc-room/protocol`). @internal */
export type PeerStatePayload = PeerPayloadOf<'state'>;

/** What the `Room` itself says to peers: its mute state, and `room.send()` chunks relayed through signaling. */
type RoomSignal = PeerStatePayload | PeerPayloadOf<'data'>;

/** Is this payload a well-formed `{ t: 'state', muted: string[] }`? @internal */
export function isPeerState(payload: SignalingPayload): payload is PeerStatePayload & SignalingPayload {
  return payload['t'] === 'state' && Array.isArray(payload['muted']) && payload['muted'].every((s) => typeof s === 'string');
}

/**
 * The `Room`'s own peer channel (`SignalingAdapter.peer`): this side's mute state to peers (`{ t: 'state' }`) and
 * theirs to the roster, and `room.send()` chunks relayed through signaling (`{ t: 'data' }`). Transports open
 * channels of their own for SDP and ICE. With an adapter that carries no peer payloads (`JanusSignaling`) it is
 * closed: nothing is announced and {@link relay} is `undefined`.
 * @internal
 */
export class RoomChannel {
  private channel: PeerChannel<RoomSignal> | undefined;

  /**
   * @param roster Who is in the room (payloads of others are dropped), and where their mute state goes.
   * @param data Where relayed `room.send()` chunks go.
   */
  constructor(
    private readonly signaling: SignalingAdapter,
    private readonly local: LocalParticipant,
    private readonly roster: Pick<Roster, 'participants' | 'applyState'>,
    private readonly data: Pick<DataMessages, 'relayed'>,
  ) {}

  /** The relay for `room.send()` chunks, while open. */
  get relay(): PeerChannel<PeerPayloadOf<'data'>> | undefined {
    return this.channel;
  }

  /** Opens the channel (before `join()`, so nothing sent after it is missed). Idempotent. */
  open(): void {
    this.channel ??= this.signaling.peer?.((from, payload) => {
      if (!this.roster.participants.has(from) || this.data.relayed(from, payload)) return;
      if (isPeerState(payload)) this.roster.applyState(from, payload);
    });
  }

  /** Tells `to`, or everyone, which of this side's sources are off (no track, muted, or not capturing). */
  announce(to?: string): void {
    const muted: TrackSource[] = [];
    for (const source of ['microphone', 'camera'] as const) {
      const t = this.local.tracks.get(source);
      if (!t || t.muted || !t.mediaStreamTrack) muted.push(source);
    }
    const state: PeerStatePayload = { t: 'state', muted };
    if (to === undefined) this.channel?.broadcast(state);
    else this.channel?.send(to, state);
  }

  close(): void {
    this.channel?.close();
    this.channel = undefined;
  }
}
