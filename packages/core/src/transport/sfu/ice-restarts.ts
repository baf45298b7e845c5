import { RtcError } from '../../errors/RtcError.js';

/** The SFU transport's two connections. */
export type Leg = 'publish' | 'subscribe';

/** ICE restarts of one connection without it reconnecting before both connections are rebuilt from scratch. */
export const MAX_ICE_RESTARTS = 3;
/** Delay before retrying an ICE restart the server could not take (signaling down), in ms. */
export const RESTART_RETRY_MS = 2000;

/** What {@link IceRestarts} needs from the transport. */
export interface IceRestartHost {
  /** The leg's connection now, if any. */
  connection(leg: Leg): RTCPeerConnection | undefined;
  /** The transport is closed: nothing more to do. */
  isClosed(): boolean;
  /** Bumped on every rebuild: a reply for an older generation is ignored. */
  generation(): number;
  /** Both connections rebuilt from scratch (after {@link MAX_ICE_RESTARTS}). */
  rebuild(): Promise<void>;
  /** One ICE restart of `leg`: a new `iceRestart` offer (publish) or a new offer asked of the SFU (subscribe). */
  restart(leg: Leg, pc: RTCPeerConnection): Promise<void>;
}

/**
 * ICE restarts (RFC 8445 §9) of the SFU transport's two connections: per connection the restarts since it was last
 * connected, the one in flight and the retry timer. A connection that does not come back after
 * {@link MAX_ICE_RESTARTS} restarts is rebuilt with its sibling; while the server cannot be asked (signaling down),
 * retries every {@link RESTART_RETRY_MS}.
 * @internal
 */
export class IceRestarts {
  private readonly attempts = new Map<Leg, number>();
  private readonly restarting = new Set<Leg>();
  private readonly retryTimers = new Map<Leg, ReturnType<typeof setTimeout>>();
  /** ICE restarts so far, both connections together (diagnostics and tests). */
  count = 0;

  constructor(private readonly host: IceRestartHost) {}

  /** The leg is connected again: its count of restarts starts over. */
  connected(leg: Leg): void {
    this.attempts.delete(leg);
  }

  /** Forgets every count and timer (a rebuild or close). */
  reset(): void {
    this.attempts.clear();
    this.restarting.clear();
    for (const timer of this.retryTimers.values()) clearTimeout(timer);
    this.retryTimers.clear();
  }

  /** Restarts ICE on `leg` now, unless one is in flight. */
  async restart(leg: Leg): Promise<void> {
    const pc = this.host.connection(leg);
    if (!pc || this.host.isClosed() || this.restarting.has(leg)) return;
    const attempts = (this.attempts.get(leg) ?? 0) + 1;
    if (attempts > MAX_ICE_RESTARTS) {
      await this.host.rebuild();
      return;
    }
    this.attempts.set(leg, attempts);
    this.restarting.add(leg);
    this.count += 1;
    const generation = this.host.generation();
    try {
      await this.host.restart(leg, pc);
    } catch (error) {
      if (generation !== this.host.generation() || this.host.isClosed()) return;
      if (error instanceof RtcError && error.code === 'sfu-unavailable') return; // `sfu-state` brings it back
      // Most likely the signaling channel is down too: try again shortly, without counting this attempt.
      this.attempts.set(leg, attempts - 1);
      if (pc.signalingState !== 'stable') await pc.setLocalDescription({ type: 'rollback' }).catch(() => undefined);
      clearTimeout(this.retryTimers.get(leg));
      this.retryTimers.set(leg, setTimeout(() => {
        if (pc.iceConnectionState !== 'connected' && pc.iceConnectionState !== 'completed') void this.restart(leg);
      }, RESTART_RETRY_MS));
    } finally {
      this.restarting.delete(leg);
    }
  }
}
