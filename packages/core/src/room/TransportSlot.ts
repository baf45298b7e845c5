import type { TrackSource } from '../participants/Track.js';
import type { SignalingAdapter, SignalingJoinResult } from '../signaling/SignalingAdapter.js';
import { loadTransport, type TransportMaker } from '../transport/createTransport.js';
import type { SfuTransportCallbacks } from '../transport/sfu/SfuTransport.js';
import type { Transport } from '../transport/Transport.js';
import type { RoomOptions } from './types.js';
import type { CodecPolicy } from './CodecPolicy.js';

/**
 * The `Room`'s media transport over its life: one per signaling session (made at `join()`, made again after a
 * rejoin with a new id), handed the local tracks, closed on leave. The transport reaches the adapter's channels
 * itself; the slot only says which topology, ICE configuration and callbacks it gets.
 * @internal
 */
export class TransportSlot {
  private transport: Transport | undefined;
  private maker: Promise<TransportMaker> | undefined;
  private loaded: TransportMaker | undefined;
  /** Pinned participants (`Room.setVideoPinned`), read live by the SFU transport's last-N choice. */
  readonly pinned = new Set<string>();

  constructor(
    private readonly signaling: SignalingAdapter,
    private readonly options: RoomOptions,
    private readonly codecs: CodecPolicy,
    private readonly callbacks: SfuTransportCallbacks,
  ) {
    // The room settled on another codec (a member joined or left): the transport renegotiates.
    codecs.onChange(() => this.transport?.videoCodecChanged?.());
  }

  /** The transport of the current session, if any. */
  get current(): Transport | undefined {
    return this.transport;
  }

  /**
   * Loads the topology's transport code (a lazy chunk for `sfu` and `auto`): the `Room` awaits it before it joins,
   * so no payload or SFU event of the new session arrives before the transport listens.
   * @throws {RtcError} `load-failed` when the chunk cannot be fetched.
   */
  prepare(): Promise<TransportMaker> {
    this.maker ??= loadTransport(this.options.topology ?? 'mesh', this.signaling).then(
      (make) => (this.loaded = make),
      (error: unknown) => {
        this.maker = undefined; // a failed load may be retried by the next Room.join()
        throw error;
      },
    );
    return this.maker;
  }

  /**
   * Closes the current transport and opens one for the session `joined` granted, sending `tracks`. Resolves `false`
   * when it was closed or replaced before every track was handed over.
   */
  async open(
    joined: SignalingJoinResult,
    iceServers: RTCIceServer[],
    send: boolean,
    tracks: ReadonlyMap<TrackSource, MediaStreamTrack | null>,
  ): Promise<boolean> {
    // Loaded by the Room before it joined, so the transport is made in this task and misses no payload.
    const make = this.loaded ?? (await this.prepare());
    this.transport?.close();
    const { iceTransportPolicy = 'all', connectTimeoutMs = 20_000 } = this.options;
    const options = { send, connectTimeoutMs, codecs: this.codecs, lastN: this.options.lastN, pinned: this.pinned };
    const transport = make(this.signaling, joined.selfId, { iceServers, iceTransportPolicy }, options, this.callbacks);
    this.transport = transport;
    for (const [source, track] of tracks) await transport.setLocalTrack(source, track);
    return this.transport === transport;
  }

  /** Pins or unpins `participantId` (last-N). */
  pin(participantId: string, pinned: boolean): void {
    if (pinned) this.pinned.add(participantId);
    else this.pinned.delete(participantId);
    this.transport?.videoRelevanceChanged?.();
  }

  close(): void {
    this.transport?.close();
    this.transport = undefined;
  }
}
