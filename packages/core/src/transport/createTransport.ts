import { RtcError } from '../errors/RtcError.js';
import type { SignalingAdapter } from '../signaling/SignalingAdapter.js';
import { AutoTransport } from './sfu/AutoTransport.js';
import { MeshTransport } from './MeshTransport.js';
import { SfuTransport, type SfuTransportCallbacks } from './sfu/SfuTransport.js';
import type { Transport } from './Transport.js';

/** The topologies a `Room` can use (`RoomOptions.topology`). */
export type TopologyOption = 'mesh' | 'sfu' | 'auto';

/** Throws `invalid-argument` when `topology` is unknown or needs an SFU channel the adapter lacks. */
export function assertTopology(topology: unknown, signaling: SignalingAdapter): void {
  const supported = signaling.topologies;
  if (supported && !supported.includes(topology === undefined ? 'mesh' : (topology as TopologyOption))) {
    throw RtcError.invalidArgument(
      `Topology "${String(topology ?? 'mesh')}" is not available with this signaling adapter; it supports ${supported.map((t) => `"${t}"`).join(', ')}.`,
    );
  }
  if (topology === undefined || topology === 'mesh') return;
  if (topology !== 'sfu' && topology !== 'auto') {
    throw RtcError.invalidArgument(`Unknown topology "${String(topology)}"; use "mesh", "sfu" or "auto".`);
  }
  if (typeof signaling.sfu !== 'function') {
    throw RtcError.invalidArgument(
      `Topology "${topology}" needs a signaling adapter with an SFU channel (WebSocketSignaling to @rtc-room/server with --janus-url).`,
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
  options: { send: boolean; connectTimeoutMs: number },
  callbacks: SfuTransportCallbacks,
): Transport {
  if (topology === 'mesh' || !signaling.sfu) return new MeshTransport(selfId, config, options, callbacks);
  const open = signaling.sfu.bind(signaling);
  if (topology === 'sfu') return new SfuTransport(config, { send: options.send }, open, callbacks);
  return new AutoTransport(selfId, config, options, open, callbacks);
}
