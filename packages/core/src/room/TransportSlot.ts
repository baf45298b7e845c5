import type { TrackSource } from '../participants/Track.js';
import type { SignalingAdapter, SignalingJoinResult } from '../signaling/SignalingAdapter.js';
import { createTransport } from '../transport/createTransport.js';
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
   * Closes the current transport and opens one for the session `joined` granted, sending `tracks`. Resolves `false`
   * when it was closed or replaced before every track was handed over.
   */
  async open(
    joined: SignalingJoinResult,
    iceServers: RTCIceServer[],
    send: boolean,
    tracks: ReadonlyMap<TrackSource, MediaStreamTrack | null>,
  ): Promise<boolean> {
    this.transport?.close();
    const { topology = 'mesh', iceTransportPolicy = 'all', connectTimeoutMs = 20_000 } = this.options;
    const transport = createTransport(topology, this.signaling, joined.selfId, { iceServers, iceTransportPolicy }, { send, connectTimeoutMs, codecs: this.codecs }, this.callbacks);
    this.transport = transport;
    for (const [source, track] of tracks) await transport.setLocalTrack(source, track);
    return this.transport === transport;
  }

  close(): void {
    this.transport?.close();
    this.transport = undefined;
  }
}
