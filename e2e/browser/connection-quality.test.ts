// Connection quality on a real relayed call: good while the path is healthy, lost while the TURN relay is frozen
// (SIGSTOP: every allocation kept, nothing forwarded — the resilience tests' own fault), good again once it runs
// again; the tile of the other participant shows the same level with its reason. The outage is kept short (until
// `lost` is seen), so the path comes back without an ICE restart.
import { expect } from '@open-wc/testing';
import type { ConnectionQuality, ConnectionQualityReport } from '../../packages/core/src/quality/types.js';
import type { Participant } from '../../packages/core/src/participants/Participant.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectFullMesh, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { testTurn } from '../../packages/core/src/test-support/env.js';
import { fault } from '../../packages/core/src/test-support/faults.js';
import '../../packages/elements/src/video-tile/video-tile.js';
import type { RtcVideoTileElement } from '../../packages/elements/src/video-tile/video-tile.component.js';

describe('connection quality', function () {
  this.timeout(90_000);
  let tile: RtcVideoTileElement | undefined;
  afterEach(async () => {
    await fault('turn/resume');
    tile?.remove();
    await leaveAll();
  });

  it('is good on a healthy relayed call, lost while the relay is frozen, good again after, and the tile shows it', async () => {
    const room = uniqueRoom('quality');
    const url = testTurn().signalingUrl;
    const ann = makeRoom(room, 'Ann', new WebSocketSignaling(url), { iceTransportPolicy: 'relay' });
    const bob = makeRoom(room, 'Bob', new WebSocketSignaling(url), { iceTransportPolicy: 'relay' });
    const seen: Array<[string, ConnectionQuality]> = [];
    const last = new Map<string, ConnectionQualityReport>();
    const offAnn = ann.on('connectionQualityChanged', (report: ConnectionQualityReport, participant: Participant) => {
      seen.push([participant.isLocal ? 'local' : participant.name, report.quality]);
      last.set(participant.isLocal ? 'local' : participant.name, report);
      if (tile) tile.revision += 1;
    });
    await ann.join();
    await bob.join();
    await expectFullMesh([ann, bob]);
    const bobAtAnn = ann.participants.get(bob.localParticipant.id)!;
    tile = document.createElement('rtc-video-tile');
    tile.participant = bobAtAnn;
    document.body.append(tile);
    const indicator = (): HTMLElement | null => tile!.shadowRoot!.querySelector<HTMLElement>('[part~=quality]');
    const is = (who: string, quality: ConnectionQuality) => (): boolean => last.get(who)?.quality === quality;
    const describe = (): string => `quality reports ${JSON.stringify(seen)}; last ${JSON.stringify([...last])}`;

    await waitFor(() => is('Bob', 'good')() && is('local', 'good')(), () => `good on both: ${describe()}`, 20_000, 100);
    const good = last.get('Bob')!;
    expect(good.reason).to.equal(null);
    expect(good.bitrateKbps).to.be.above(0);
    expect(good.packetLossPercent).to.be.a('number');
    expect(good.roundTripTimeMs).to.be.a('number');
    expect(bobAtAnn.connectionQuality?.quality).to.equal('good');
    await waitFor(() => indicator()?.dataset['quality'] === 'good', 'the tile to show good');
    expect(indicator()!.getAttribute('role')).to.equal('img');
    expect(indicator()!.getAttribute('aria-label')).to.equal('Connection good');

    await fault('turn/pause');
    await waitFor(() => is('Bob', 'lost')() && is('local', 'lost')(), () => `lost while the relay is frozen: ${describe()}`, 20_000, 100);
    expect(last.get('Bob')!.reason).to.be.oneOf(['no-media', 'disconnected']);
    await waitFor(() => indicator()?.dataset['quality'] === 'lost', 'the tile to show lost');
    expect(indicator()!.getAttribute('aria-label')).to.match(/^Connection lost: (no media arriving|disconnected)$/);
    expect(indicator()!.part.contains('quality-lost')).to.equal(true);

    await fault('turn/resume');
    await waitFor(() => is('Bob', 'good')() && is('local', 'good')(), () => `good after the relay came back: ${describe()}`, 30_000, 100);
    await waitFor(() => indicator()?.dataset['quality'] === 'good', 'the tile to show good again');
    // Down at once, back up step by step: the levels Bob went through at Ann's.
    const bobLevels = seen.filter(([who]) => who === 'Bob').map(([, q]) => q);
    expect(bobLevels.indexOf('lost')).to.be.above(bobLevels.indexOf('good'));
    expect(bobLevels.lastIndexOf('good')).to.be.above(bobLevels.indexOf('lost'));
    offAnn();
    expect(bob.participants.get(ann.localParticipant.id)!.connectionQuality, 'measured only while someone listens').to.equal(null);
  });
});
