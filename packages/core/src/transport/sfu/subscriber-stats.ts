import type { SfuStream } from '../../signaling/sfu-protocol.js';
import { statsUnlessClosed } from '../../stats/stats-unless-closed.js';

/**
 * The subscribe connection's stats, narrowed to `peerId`'s streams (plus transport and candidate entries): the
 * `inbound-rtp` entries of the mids `streams` maps to `peerId` (by `mid`, or by track for browsers without one).
 * Empty without a subscribe connection, or when it is closed meanwhile (a reconnection replaced it).
 * @internal
 */
export async function subscriberStats(pc: RTCPeerConnection | undefined, streams: Iterable<SfuStream>, peerId: string): Promise<RTCStatsReport> {
  const out = new Map<string, unknown>();
  if (!pc) return out as unknown as RTCStatsReport;
  const mids = new Set([...streams].filter((s) => s.participant === peerId).map((s) => s.mid));
  const trackIds = new Set(
    pc.getTransceivers().filter((t) => t.mid && mids.has(t.mid)).map((t) => t.receiver.track.id),
  );
  const report = (await statsUnlessClosed(pc)) ?? new Map();
  report.forEach((entry: { id: string; type: string; mid?: string; trackIdentifier?: string }) => {
    if (entry.type === 'inbound-rtp' && !(entry.mid ? mids.has(entry.mid) : trackIds.has(entry.trackIdentifier ?? ''))) return;
    out.set(entry.id, entry);
  });
  return out as unknown as RTCStatsReport;
}
