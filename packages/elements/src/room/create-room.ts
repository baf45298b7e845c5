import { Room, WebSocketSignaling, type RoomOptions, type SignalingAdapter, type Topology } from '@rtc-room/core';
import { loadFailed } from '../internal/lazy-elements.js';

/** How `<rtc-room>` reaches the other participants. */
export type SignalingKind = 'websocket' | 'broadcast-channel';

/** Options `<rtc-room>` passes through to `new Room()` (everything but room, name and signaling). */
export type RtcRoomOptions = Partial<Omit<RoomOptions, 'room' | 'name' | 'signaling'>>;

/** What `<rtc-room>` needs to build its own `Room`. */
export interface CreateRoomConfig {
  room: string;
  name: string;
  server: string;
  signaling: SignalingKind | '';
  /** Room token (JWT) for servers that require one. */
  token?: string | undefined;
  /** `relay` forces TURN for every connection. */
  iceTransportPolicy?: RTCIceTransportPolicy | undefined;
  /** `mesh`, `sfu` (needs a server started with `--janus-url`) or `auto`; empty = the `Room`'s default (mesh). */
  topology?: Topology | '' | undefined;
  options: RtcRoomOptions;
}

/**
 * The signaling adapter for a configuration: our WebSocket server, or `BroadcastChannel` without a server (a lazy
 * chunk: pages that name a server never fetch it).
 * @throws {RtcError} `load-failed` when the `BroadcastChannel` adapter's chunk cannot be fetched.
 */
export async function createSignaling(config: Pick<CreateRoomConfig, 'server' | 'signaling' | 'token'>): Promise<SignalingAdapter> {
  if (config.signaling === 'broadcast-channel' || !config.server) {
    const { BroadcastChannelSignaling } = await import('@rtc-room/core/broadcast-channel').catch(loadFailed('<rtc-room> without a server'));
    return new BroadcastChannelSignaling();
  }
  return new WebSocketSignaling(config.server, config.token ? { token: config.token } : {});
}

/**
 * Builds the `Room` an `<rtc-room>` element owns.
 * @throws {RtcError} `invalid-argument` for a bad room or display name (from the `Room` constructor); `load-failed`
 *   as {@link createSignaling}.
 */
export async function createRoom(config: CreateRoomConfig): Promise<Room> {
  const signaling = await createSignaling(config);
  return new Room({
    ...(config.iceTransportPolicy ? { iceTransportPolicy: config.iceTransportPolicy } : {}),
    ...(config.topology ? { topology: config.topology } : {}),
    ...config.options,
    room: config.room,
    ...(config.name ? { name: config.name } : {}),
    signaling,
  });
}
