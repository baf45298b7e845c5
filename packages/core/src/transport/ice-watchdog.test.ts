// The ICE watchdog restarts a connection whose ICE gathering found no candidate (a relay-only connection whose TURN
// server does not answer): Firefox may report such a session `connected` for good (see watchIce), so the states
// alone never bring it back once the relay returns.
import { expect } from '@open-wc/testing';
import { waitFor } from '../testing/index.js';
import { watchIce } from './ice-watchdog.js';

describe('watchIce', function () {
  this.timeout(60_000);
  const cleanup: Array<() => void> = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  it('restarts after a gathering that found no candidate, and again, later, after the next empty one', async () => {
    // Relay only and no TURN server: every gathering ends at once with no candidate, as one against a dead relay
    // does after its allocation requests time out.
    const pc = new RTCPeerConnection({ iceTransportPolicy: 'relay', iceServers: [] });
    cleanup.push(() => pc.close());
    const restarts: number[] = [];
    cleanup.push(
      watchIce(pc, () => {
        restarts.push(Date.now());
        pc.restartIce();
        void pc.setLocalDescription(); // a new offer: a new gathering
      }, 200),
    );
    pc.createDataChannel('probe');
    await pc.setLocalDescription();
    await waitFor(() => restarts.length >= 1, 'a restart after the empty gathering', 20_000, 50);
    await waitFor(() => restarts.length >= 2, 'a second restart after the next empty gathering', 20_000, 50);
  });

  it('does not restart for a gathering that found candidates', async () => {
    const pc = new RTCPeerConnection();
    cleanup.push(() => pc.close());
    let restarts = 0;
    cleanup.push(watchIce(pc, () => (restarts += 1), 200));
    let candidates = 0;
    pc.addEventListener('icecandidate', ({ candidate }) => void (candidate?.candidate && (candidates += 1)));
    pc.createDataChannel('probe');
    await pc.setLocalDescription();
    await waitFor(() => pc.iceGatheringState === 'complete', 'the gathering to complete', 30_000, 50);
    expect(candidates, 'host candidates gathered').to.be.above(0);
    // Past the 200 ms the watchdog would wait (a generous multiple of it): still no restart.
    await new Promise((r) => setTimeout(r, 1500));
    expect(restarts).to.equal(0);
  });
});
