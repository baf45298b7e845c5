/** Looking at the `RTCPeerConnection`s a page creates, without reaching into a `Room`. */
import { statsUnlessClosed } from '../stats/stats-unless-closed.js';

/** What {@link trackPeerConnections} returns. */
export interface PeerConnectionTracker {
  /** Every `RTCPeerConnection` constructed between `start()` and `stop()`, in creation order. */
  readonly created: RTCPeerConnection[];
  /** Replaces `window.RTCPeerConnection` with a subclass that records each new connection. Idempotent. */
  start(): void;
  /** Puts the native constructor back (recorded connections stay in `created`). Idempotent. */
  stop(): void;
}

/**
 * Records the `RTCPeerConnection`s the page creates, e.g. to read a publish connection's simulcast layers. It
 * installs no test hooks itself: call `start`/`stop` from your runner's hooks.
 *
 * @example
 * ```ts
 * const { created, start, stop } = trackPeerConnections();
 * before(start);
 * after(stop);
 * // … in a test: await simulcastLayers(created)
 * ```
 */
export function trackPeerConnections(): PeerConnectionTracker {
  const created: RTCPeerConnection[] = [];
  let native: typeof RTCPeerConnection | undefined;
  return {
    created,
    start() {
      if (native) return;
      const Native = (native = window.RTCPeerConnection);
      window.RTCPeerConnection = class extends Native {
        constructor(config?: RTCConfiguration) {
          super(config);
          created.push(this);
        }
      } as typeof RTCPeerConnection;
    },
    stop() {
      if (!native) return;
      window.RTCPeerConnection = native;
      native = undefined;
    },
  };
}

/** One outbound simulcast video layer (W3C webrtc-stats `RTCOutboundRtpStreamStats`). */
export interface LayerStats {
  framesSent: number;
  /** Pixels. */
  frameWidth: number;
  /** `none`, `cpu`, `bandwidth` or `other` (why the browser sends less than asked). */
  qualityLimitationReason: string;
}

/** Outbound video layers by `rid` across the given connections (closed ones are skipped). */
export async function simulcastLayers(pcs: readonly RTCPeerConnection[]): Promise<Map<string, LayerStats>> {
  const out = new Map<string, LayerStats>();
  for (const pc of pcs) {
    // A connection closed meanwhile is skipped too (Firefox never settles its pending getStats(): statsUnlessClosed).
    (await statsUnlessClosed(pc))?.forEach(
      (s: { type: string; kind?: string; rid?: string; framesSent?: number; frameWidth?: number; qualityLimitationReason?: string }) => {
        if (s.type !== 'outbound-rtp' || s.kind !== 'video' || !s.rid) return;
        out.set(s.rid, {
          framesSent: s.framesSent ?? 0,
          frameWidth: s.frameWidth ?? 0,
          qualityLimitationReason: s.qualityLimitationReason ?? 'none',
        });
      },
    );
  }
  return out;
}
