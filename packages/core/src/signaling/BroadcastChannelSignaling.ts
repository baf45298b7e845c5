import { RtcError } from '../errors/RtcError.js';
import type { PeerInfo, SignalingAdapter, SignalingJoinRequest, SignalingJoinResult, SignalingPayload } from './SignalingAdapter.js';
import { PeerAdapterBase } from './AdapterBase.js';

/** Options of {@link BroadcastChannelSignaling}. */
export interface BroadcastChannelSignalingOptions {
  /** Prefix of the channel name; the room name is appended. Default `'rtc-room'`. */
  channelPrefix?: string;
  /** How long `join()` listens for the members already present, in ms. Default 150. */
  discoveryMs?: number;
  /** Interval of presence heartbeats, in ms. Default 2000; a member silent for 3.5 intervals is dropped. */
  heartbeatMs?: number;
}

type Frame =
  | { t: 'hello'; from: string; name: string }
  | { t: 'here'; from: string; name: string; to: string }
  | { t: 'ping'; from: string; name: string }
  | { t: 'bye'; from: string }
  | { t: 'signal'; from: string; to: string | null; payload: SignalingPayload };

/**
 * {@link SignalingAdapter} over the `BroadcastChannel` API (HTML §9.5): tabs and frames of one origin in one
 * browser find each other with no server at all. Presence uses hello/here/heartbeat/bye frames; a tab that
 * is killed disappears for the others after 3.5 heartbeats (7 s by default). Same-origin code is trusted:
 * there is no server to stamp senders.
 */
export class BroadcastChannelSignaling extends PeerAdapterBase implements SignalingAdapter {
  private channel: BroadcastChannel | undefined;
  private selfId = '';
  private selfName = '';
  private readonly lastSeen = new Map<string, number>();
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private pending: Frame[] | undefined;
  private readonly prefix: string;
  private readonly discoveryMs: number;
  private readonly heartbeatMs: number;
  private readonly onPageHide = (): void => void this.leave();

  constructor(options: BroadcastChannelSignalingOptions = {}) {
    super();
    this.prefix = options.channelPrefix ?? 'rtc-room';
    this.discoveryMs = options.discoveryMs ?? 150;
    this.heartbeatMs = options.heartbeatMs ?? 2000;
  }

  async join(request: SignalingJoinRequest): Promise<SignalingJoinResult> {
    if (this.channel) throw RtcError.invalidState('Already joined a room.');
    if (typeof BroadcastChannel === 'undefined') {
      throw new RtcError('signaling-failed', 'BroadcastChannel is not available in this environment.');
    }
    this.setState('connecting');
    this.selfId = crypto.randomUUID();
    this.selfName = request.name;
    const channel = new BroadcastChannel(`${this.prefix}:${request.room}`);
    this.channel = channel;
    const found: PeerInfo[] = [];
    this.pending = [];
    channel.onmessage = (event: MessageEvent<Frame>) => {
      const frame = event.data;
      if (this.pending && frame.t === 'here' && frame.to === this.selfId) {
        if (!found.some((p) => p.id === frame.from)) found.push({ id: frame.from, name: frame.name });
        this.lastSeen.set(frame.from, Date.now());
      } else if (this.pending) {
        this.pending.push(frame);
      } else {
        this.receive(frame);
      }
    };
    this.post({ t: 'hello', from: this.selfId, name: this.selfName });
    await new Promise((r) => setTimeout(r, this.discoveryMs));
    if (this.channel !== channel) throw new RtcError('signaling-failed', 'Left the room while joining.');
    const buffered = this.pending;
    this.pending = undefined;
    this.heartbeat = setInterval(() => this.tick(), this.heartbeatMs);
    globalThis.addEventListener?.('pagehide', this.onPageHide);
    this.setState('connected');
    // Frames that arrived during discovery are handled after the caller has processed `peers`.
    setTimeout(() => buffered.forEach((f) => this.receive(f)), 0);
    return { selfId: this.selfId, peers: found };
  }

  protected sendPeer(to: string | null, payload: SignalingPayload): void {
    if (this.state === 'connected') this.post({ t: 'signal', from: this.selfId, to, payload });
  }

  async leave(): Promise<void> {
    const channel = this.channel;
    if (!channel) return;
    this.post({ t: 'bye', from: this.selfId });
    this.channel = undefined;
    this.pending = undefined;
    channel.close();
    clearInterval(this.heartbeat);
    globalThis.removeEventListener?.('pagehide', this.onPageHide);
    this.lastSeen.clear();
    this.setState('disconnected');
  }

  private receive(frame: Frame): void {
    if (!this.channel || frame.from === this.selfId) return;
    const h = this.handlers;
    const known = this.lastSeen.has(frame.from);
    switch (frame.t) {
      case 'hello':
        this.lastSeen.set(frame.from, Date.now());
        this.post({ t: 'here', from: this.selfId, name: this.selfName, to: frame.from });
        if (!known) h?.peerJoined({ id: frame.from, name: frame.name });
        break;
      case 'here':
      case 'ping':
        this.lastSeen.set(frame.from, Date.now());
        // A member we never saw (its hello raced our discovery window): learn it now.
        if (!known) h?.peerJoined({ id: frame.from, name: frame.name });
        break;
      case 'bye':
        if (this.lastSeen.delete(frame.from)) h?.peerLeft(frame.from);
        break;
      case 'signal':
        if (!known || (frame.to !== null && frame.to !== this.selfId)) return;
        this.lastSeen.set(frame.from, Date.now());
        this.receivePeer(frame.from, frame.payload);
        break;
    }
  }

  private tick(): void {
    this.post({ t: 'ping', from: this.selfId, name: this.selfName });
    const deadline = Date.now() - this.heartbeatMs * 3.5;
    for (const [id, seen] of this.lastSeen) {
      if (seen < deadline) {
        this.lastSeen.delete(id);
        this.handlers?.peerLeft(id);
      }
    }
  }

  private post(frame: Frame): void {
    this.channel?.postMessage(frame);
  }
}
