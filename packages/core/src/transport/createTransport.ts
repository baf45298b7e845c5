import { RtcError } from '../errors/RtcError.js';
import type { SignalingAdapter, SignalingPayload } from '../signaling/SignalingAdapter.js';
import { AutoTransport } from './sfu/AutoTransport.js';
import { MeshTransport } from './MeshTransport.js';
import { SfuTransport, type SfuTransportCallbacks } from './sfu/SfuTransport.js';
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

/**
 * Builds the transport for `topology`: `mesh` (one connection per peer), `sfu` (publish + subscribe through the
 * signaling server's SFU), `auto` (mesh until the server moves the room to the SFU, and back).
 * @internal
 */
export function createTransport(
  topology: TopologyOption,
  signaling: SignalingAdapter,
  selfId: string,
  config: RTCConfiguration,
  options: { send: boolean; connectTimeoutMs: number; codecs: VideoCodecChoice },
  callbacks: SfuTransportCallbacks,
): Transport {
  // assertTopology (at Room construction) made sure the adapter has the channels the topology needs.
  const peer = signaling.peer?.bind(signaling) as OpenPeerChannel<SignalingPayload>;
  if (topology === 'mesh' || !signaling.sfu) return new MeshTransport(selfId, config, options, peer, callbacks);
  const open = signaling.sfu.bind(signaling);
  if (topology === 'sfu') return new SfuTransport(config, { send: options.send, codecs: options.codecs }, open, callbacks);
  return new AutoTransport(selfId, config, options, peer, open, callbacks);
}
