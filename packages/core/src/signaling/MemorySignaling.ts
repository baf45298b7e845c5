import { RtcError } from '../errors/RtcError.js';
import type { PeerInfo, SignalingAdapter, SignalingHandlers, SignalingJoinRequest, SignalingJoinResult, SignalingPayload } from './SignalingAdapter.js';
import { PeerAdapterBase } from './AdapterBase.js';

interface Member {
  readonly info: PeerInfo;
  readonly adapter: MemorySignaling;
}

/**
 * An in-memory "server" shared by {@link MemorySignaling} adapters in one JavaScript realm: for tests and for
 * several `Room`s on one page. Deliveries are asynchronous (a microtask later) and in order, like a network.
 *
 * @example
 * ```ts
 * const hub = new MemorySignalingHub();
 * const a = new Room({ room: 'r', signaling: new MemorySignaling(hub) });
 * const b = new Room({ room: 'r', signaling: new MemorySignaling(hub) });
 * ```
 */
export class MemorySignalingHub {
  private readonly rooms = new Map<string, Member[]>();
  private nextId = 1;
  /** Largest room allowed; a join beyond it fails with `room-full`. Default 16. */
  maxParticipantsPerRoom: number;

  constructor(options: { maxParticipantsPerRoom?: number } = {}) {
    this.maxParticipantsPerRoom = options.maxParticipantsPerRoom ?? 16;
  }

  /** @internal */
  enter(room: string, name: string, adapter: MemorySignaling): { selfId: string; peers: PeerInfo[] } {
    const members = this.rooms.get(room) ?? [];
    if (members.length >= this.maxParticipantsPerRoom) {
      throw new RtcError('room-full', `Room "${room}" is full (${this.maxParticipantsPerRoom} participants).`);
    }
    const info: PeerInfo = { id: `m${this.nextId++}`, name };
    const peers = members.map((m) => m.info);
    for (const m of members) m.adapter.deliver((h) => h.peerJoined(info));
    members.push({ info, adapter });
    this.rooms.set(room, members);
    return { selfId: info.id, peers };
  }

  /** @internal */
  exit(room: string, id: string): void {
    const members = this.rooms.get(room);
    if (!members) return;
    const rest = members.filter((m) => m.info.id !== id);
    if (rest.length === 0) this.rooms.delete(room);
    else this.rooms.set(room, rest);
    for (const m of rest) m.adapter.deliver((h) => h.peerLeft(id));
  }

  /** @internal */
  relay(room: string, from: string, to: string | null, payload: SignalingPayload): void {
    const copy = structuredClone(payload);
    for (const m of this.rooms.get(room) ?? []) {
      if (m.info.id === from || (to !== null && m.info.id !== to)) continue;
      m.adapter.deliverPayload(from, copy);
    }
  }

  /** Number of participants in a room (0 when it does not exist). */
  size(room: string): number {
    return this.rooms.get(room)?.length ?? 0;
  }
}

/**
 * {@link SignalingAdapter} over a {@link MemorySignalingHub}: no network, same page only.
 */
export class MemorySignaling extends PeerAdapterBase implements SignalingAdapter {
  private membership: { room: string; id: string } | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly hub: MemorySignalingHub) {
    super();
  }

  async join(request: SignalingJoinRequest): Promise<SignalingJoinResult> {
    if (this.membership) throw RtcError.invalidState('Already joined a room.');
    this.setState('connecting');
    try {
      const { selfId, peers } = this.hub.enter(request.room, request.name, this);
      this.membership = { room: request.room, id: selfId };
      this.setState('connected');
      return { selfId, peers };
    } catch (error) {
      this.setState('disconnected');
      throw error;
    }
  }

  protected sendPeer(to: string | null, payload: SignalingPayload): void {
    if (this.membership) this.hub.relay(this.membership.room, this.membership.id, to, payload);
  }

  async leave(): Promise<void> {
    const m = this.membership;
    if (!m) return;
    this.membership = undefined;
    this.hub.exit(m.room, m.id);
    this.setState('disconnected');
  }

  /** @internal Runs `fn` with the handlers asynchronously, after everything queued before it. */
  deliver(fn: (handlers: SignalingHandlers) => void): void {
    this.queue = this.queue.then(() => {
      if (this.membership && this.handlers) fn(this.handlers);
    });
  }

  /** @internal Hands `payload` to the open peer channels asynchronously, after everything queued before it. */
  deliverPayload(from: string, payload: SignalingPayload): void {
    this.queue = this.queue.then(() => {
      if (this.membership) this.receivePeer(from, payload);
    });
  }
}
