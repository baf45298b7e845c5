/**
 * Every `RTCPeerConnection` the page creates while the tests of the calling module run (to look at a publish
 * connection without reaching into the `Room`). Call at module level: installs `before`/`after` hooks.
 */
export function trackPeerConnections(): RTCPeerConnection[] {
  const created: RTCPeerConnection[] = [];
  const Native = window.RTCPeerConnection;
  before(() => {
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        created.push(this);
      }
    } as typeof RTCPeerConnection;
  });
  after(() => {
    window.RTCPeerConnection = Native;
  });
  return created;
}

/** One outbound simulcast video layer. */
export interface LayerStats {
  framesSent: number;
  frameWidth: number;
  /** `none`, `cpu`, `bandwidth` or `other` (why Chromium sends less than asked). */
  qualityLimitationReason: string;
}

/** outbound-rtp video reports by `rid` across the given (open) connections. */
export async function simulcastLayers(pcs: RTCPeerConnection[]): Promise<Map<string, LayerStats>> {
  const out = new Map<string, LayerStats>();
  for (const pc of pcs) {
    if (pc.connectionState === 'closed') continue;
    (await pc.getStats()).forEach(
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
