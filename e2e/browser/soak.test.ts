// Soak: a 4-party mesh call for a bounded period (about 2.5 minutes) while the signaling server process is
// killed and restarted every minute. Afterwards no peer connection has leaked (exactly the 12 a 4-party mesh
// needs are open) and every participant still decodes every other.
import { expect } from '@open-wc/testing';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectFullMesh, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { fault } from '../../packages/core/src/test-support/faults.js';

const signalingServer = (action: 'kill' | 'start'): Promise<void> => fault(`signaling/${action}`);

describe('soak: 4-party call with the server restarted every minute', function () {
  this.timeout(240_000);
  const Original = window.RTCPeerConnection;
  const created: RTCPeerConnection[] = [];
  before(() => {
    window.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super(config);
        created.push(this);
      }
    };
  });
  after(async () => {
    window.RTCPeerConnection = Original;
    await signalingServer('start');
    await leaveAll();
  });

  it('keeps every participant decoding every other, with no leaked connections', async () => {
    const url = window.RTC_TEST_RESTARTABLE_SIGNALING_URL!;
    const room = uniqueRoom('soak');
    const all = ['Ann', 'Bob', 'Cy', 'Di'].map((n) => makeRoom(room, n, new WebSocketSignaling(url)));
    for (const r of all) await r.join();
    await waitFor(() => all.every((r) => r.participants.size === 3), 'everyone to see three others');
    await expectFullMesh(all);
    const ids = all.map((r) => r.localParticipant.id);
    const presence: string[] = [];
    for (const r of all) {
      r.on('participantJoined', (p) => presence.push(`join ${p.name}`));
      r.on('participantLeft', (p) => presence.push(`leave ${p.name}`));
    }

    const started = Date.now();
    for (let minute = 1; minute <= 2; minute++) {
      await new Promise((r) => setTimeout(r, Math.max(0, started + minute * 60_000 - Date.now())));
      await signalingServer('kill');
      await new Promise((r) => setTimeout(r, 1000));
      await signalingServer('start');
      await waitFor(() => all.every((r) => r.state === 'connected'), `everyone connected after restart ${minute}`, 10_000, 100);
      await expectFullMesh(all);
    }
    await new Promise((r) => setTimeout(r, 10_000));

    expect(all.map((r) => r.localParticipant.id)).to.deep.equal(ids);
    expect(all.every((r) => r.participants.size === 3)).to.equal(true);
    expect(presence).to.deep.equal([]);
    await expectFullMesh(all);
    const open = created.filter((pc) => pc.connectionState !== 'closed' && pc.signalingState !== 'closed');
    expect(open.length, 'open RTCPeerConnections (a 4-party mesh needs 12)').to.equal(12);
    expect(created.length, 'no connection was replaced').to.equal(12);
  });
});
