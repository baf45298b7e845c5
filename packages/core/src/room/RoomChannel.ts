import type { PeerPayloadOf } from '@rtc-room/protocol';
import type { LocalParticipant } from '../participants/LocalParticipant.js';
import type { TrackSource } from '../participants/Track.js';
import type { DataMessages } from '../data/DataMessages.js';
import type { PeerChannel, SignalingAdapter, SignalingPayload } from '../signaling/SignalingAdapter.js';
import type { Roster } from './Roster.js';
import { parseVideoSupport, type CodecPolicy } from './CodecPolicy.js';

/** Participant state every peer announces (`{ t: 'state', muted, video }` payload, `@rtc-room/protocol`). @internal */
export type PeerStatePayload = PeerPayloadOf<'state'>;

/** What the `Room` itself says to peers: its mute state, and `room.send()` chunks relayed through signaling. */
type RoomSignal = PeerStatePayload | PeerPayloadOf<'data'>;

/** States kept for peers not in the roster yet, at most. */
const MAX_EARLY = 64;

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
  /** The last state of peers not in the roster yet, applied when the roster greets them. */
  private readonly early = new Map<string, PeerStatePayload>();

  /**
   * @param roster Who is in the room (payloads of others are dropped), and where their mute state goes.
   * @param data Where relayed `room.send()` chunks go.
   * @param codecs The room codec policy: this side's video codec support is announced, others' go to it.
   */
  constructor(
    private readonly signaling: SignalingAdapter,
    private readonly local: LocalParticipant,
    private readonly roster: Pick<Roster, 'participants' | 'applyState'>,
    private readonly data: Pick<DataMessages, 'relayed'>,
    private readonly codecs: CodecPolicy,
  ) {}

  /** The relay for `room.send()` chunks, while open. */
  get relay(): PeerChannel<PeerPayloadOf<'data'>> | undefined {
    return this.channel;
  }

  /** Opens the channel (before `join()`, so nothing sent after it is missed). Idempotent. */
  open(): void {
    this.channel ??= this.signaling.peer?.((from, payload) => {
      if (!this.roster.participants.has(from)) {
        // A newcomer hears from members before it has added them (its transport is still opening): kept until then.
        if (isPeerState(payload) && (this.early.size < MAX_EARLY || this.early.has(from))) this.early.set(from, payload);
        return;
      }
      if (!this.data.relayed(from, payload) && isPeerState(payload)) this.applyState(from, payload);
    });
  }

  /**
   * Tells `to`, or everyone, which of this side's sources are off (no track, muted, or not capturing), and which
   * video codecs of the policy this browser decodes and encodes.
   */
  announce(to?: string): void {
    const early = to === undefined ? undefined : this.early.get(to);
    if (early && to !== undefined) {
      this.early.delete(to);
      this.applyState(to, early);
    }
    const muted: TrackSource[] = [];
    for (const source of ['microphone', 'camera'] as const) {
      const t = this.local.tracks.get(source);
      if (!t || t.muted || !t.mediaStreamTrack) muted.push(source);
    }
    const { decode, encode } = this.codecs.local;
    const state: PeerStatePayload = { t: 'state', muted, video: { decode: [...decode], encode: [...encode] } };
    if (to === undefined) this.channel?.broadcast(state);
    else this.channel?.send(to, state);
  }

  private applyState(from: string, state: PeerStatePayload): void {
    this.roster.applyState(from, state);
    this.codecs.set(from, parseVideoSupport(state.video));
  }

  close(): void {
    this.early.clear();
    this.channel?.close();
    this.channel = undefined;
  }
}
