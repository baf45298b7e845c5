import { loadLazy } from '../errors/load-lazy.js';
import { RtcError } from '../errors/RtcError.js';
import type { SignalingAdapter, SignalingPayload } from '../signaling/SignalingAdapter.js';
import { MeshTransport } from './MeshTransport.js';
import type { SfuTransportCallbacks } from './sfu/SfuTransport.js';
import type { OpenPeerChannel, Transport } from './Transport.js';
import type { VideoCodecChoice } from '../room/CodecPolicy.js';

/** The topologies a `Room` can use (`RoomOptions.topology`). */
export type TopologyOption = 'mesh' | 'sfu' | 'auto';

/** Throws `invalid-argument` when `topology` is unknown or needs a peer or SFU channel the adapter lacks. */
export function assertTopology(topology: unknown, signaling: SignalingAdapter): void {
  const t = topology ?? 'mesh';
  const supported = signaling.topologies;
  if (supported && !supported.includes(t as TopologyOption)) {
    throw RtcError.invalidArgument(
      `Topology "${String(t)}" is not available with this signaling adapter; it supports ${supported.map((s) => `"${s}"`).join(', ')}.`,
    );
  }
  if (t !== 'mesh' && t !== 'sfu' && t !== 'auto') {
    throw RtcError.invalidArgument(`Unknown topology "${String(t)}"; use "mesh", "sfu" or "auto".`);
  }
  if (t !== 'sfu' && typeof signaling.peer !== 'function') {
    throw RtcError.invalidArgument(`Topology "${t}" needs a signaling adapter that carries peer-to-peer payloads (peer()).`);
  }
  if (t !== 'mesh' && typeof signaling.sfu !== 'function') {
    throw RtcError.invalidArgument(
      `Topology "${t}" needs a signaling adapter with an SFU channel (WebSocketSignaling to @rtc-room/server with --janus-url).`,
    );
  }
}

/** Builds a transport synchronously (its code already loaded). @internal */
export type TransportMaker = (
  signaling: SignalingAdapter,
  selfId: string,
  config: RTCConfiguration,
  options: { send: boolean; connectTimeoutMs: number; codecs: VideoCodecChoice; lastN?: number | undefined; pinned?: ReadonlySet<string> },
  callbacks: SfuTransportCallbacks,
) => Transport;

const mesh: TransportMaker = (signaling, selfId, config, options, callbacks) =>
  new MeshTransport(selfId, config, options, signaling.peer?.bind(signaling) as OpenPeerChannel<SignalingPayload>, callbacks);

/**
 * Loads what builds the transport for `topology`: `mesh` (one connection per peer), `sfu` (publish + subscribe
 * through the signaling server's SFU), `auto` (mesh until the server moves the room to the SFU, and back). Only the
 * mesh transport is in the eager chunk: `sfu` and `auto` fetch theirs with `import()`, so a mesh call never does.
 * assertTopology (at Room construction) made sure the adapter has the channels the topology needs.
 * @throws {RtcError} `load-failed` when the SFU or auto transport's code cannot be fetched.
 * @internal
 */
export async function loadTransport(topology: TopologyOption, signaling: SignalingAdapter): Promise<TransportMaker> {
  if (topology === 'mesh' || !signaling.sfu) return mesh;
  if (topology === 'sfu') {
    const { SfuTransport } = await loadLazy(import('./sfu/SfuTransport.js'), 'The SFU transport (topology "sfu")');
    return (adapter, _selfId, config, options, callbacks) =>
      new SfuTransport(config, options, adapter.sfu!.bind(adapter), callbacks);
  }
  const { AutoTransport } = await loadLazy(import('./sfu/AutoTransport.js'), 'The auto transport (topology "auto")');
  return (adapter, selfId, config, options, callbacks) =>
    new AutoTransport(selfId, config, options, adapter.peer?.bind(adapter) as OpenPeerChannel<SignalingPayload>, adapter.sfu!.bind(adapter), callbacks);
}
