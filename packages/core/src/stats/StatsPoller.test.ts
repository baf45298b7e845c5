// A connection closed while its stats are being read: Firefox ESR 153 never settles a getStats() that is pending
// when close() is called (Chromium resolves it), so Room.getStats() — and every stats poll — hung whenever a peer
// left or a topology switch closed the old path under it (e2e/browser/sfu-auto.test.ts hung in Firefox).
import { expect } from '@open-wc/testing';
import { waitFor } from '../testing/index.js';
import { StatsPoller } from './StatsPoller.js';
import { statsUnlessClosed } from './stats-unless-closed.js';
import type { StatsSource } from './types.js';

/** Two connected RTCPeerConnections, `from` sending the fake camera to `to`. */
async function connectedPair(cleanup: Array<() => void>): Promise<{ from: RTCPeerConnection; to: RTCPeerConnection }> {
  const from = new RTCPeerConnection();
  const to = new RTCPeerConnection();
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
  cleanup.push(() => (from.close(), to.close(), stream.getTracks().forEach((t) => t.stop())));
  from.onicecandidate = ({ candidate }) => void to.addIceCandidate(candidate ?? undefined);
  to.onicecandidate = ({ candidate }) => void from.addIceCandidate(candidate ?? undefined);
  from.addTrack(stream.getVideoTracks()[0]!, stream);
  await from.setLocalDescription();
  await to.setRemoteDescription(from.localDescription!);
  await to.setLocalDescription();
  await from.setRemoteDescription(to.localDescription!);
  await waitFor(() => to.connectionState === 'connected', 'the pair to connect', 20_000);
  return { from, to };
}

/** `promise`'s outcome, or 'pending' if it has not settled within `boundMs` (a generous upper bound). */
function outcome<T>(promise: Promise<T>, boundMs = 10_000): Promise<{ value: T } | 'pending'> {
  return Promise.race([
    promise.then((value) => ({ value })),
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), boundMs)),
  ]);
}

describe('StatsPoller: a connection closed while its stats are read', function () {
  this.timeout(60_000);
  const cleanup: Array<() => void> = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  // Chromium resolves the pending getStats() with a report (WebRTC 1.0 §8.2), Firefox never does: either way the
  // poll must settle, with the connections that are still open.
  it('collect() settles, with the stats of the connections still open', async () => {
    const open = await connectedPair(cleanup);
    const closing = await connectedPair(cleanup);
    const poller = new StatsPoller(
      () => [
        ['open', open.to],
        ['closing', closing.to],
      ],
      () => undefined,
    );
    const pending = poller.collect();
    closing.to.close(); // the peer left: its link closes while getStats() is in flight
    const result = await outcome(pending);
    expect(result, 'collect() after a connection closed under it').to.not.equal('pending');
    const stats = (result as { value: Map<string, unknown> }).value;
    expect(stats.has('open'), 'stats of the connection still open').to.equal(true);
  });

  it('snapshot() settles', async () => {
    const { to } = await connectedPair(cleanup);
    const poller = new StatsPoller(() => [['peer', to]], () => undefined);
    const pending = poller.snapshot('peer');
    to.close();
    expect(await outcome(pending), 'snapshot() after its connection closed').to.not.equal('pending');
    expect(await poller.snapshot('peer'), 'a snapshot of a closed connection').to.equal(undefined);
  });

  it('statsUnlessClosed gives the report of an open connection, nothing for a closed one', async () => {
    const { to } = await connectedPair(cleanup);
    const report = await statsUnlessClosed(to);
    const types = new Set<string>();
    report?.forEach((s: { type: string }) => types.add(s.type));
    expect(types.has('candidate-pair'), 'a candidate-pair entry in the open connection’s report').to.equal(true);
    to.close();
    expect(await statsUnlessClosed(to)).to.equal(undefined);
    // A source that is not an RTCPeerConnection (the SFU's per-participant view) and rejects: the error comes through.
    const failing: StatsSource = { connectionState: 'connected', getStats: () => Promise.reject(new Error('boom')) };
    const error = await statsUnlessClosed(failing).catch((e: Error) => e);
    expect((error as Error).message).to.equal('boom');
  });
});
