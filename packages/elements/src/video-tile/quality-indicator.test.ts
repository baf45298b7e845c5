import { expect, fixture, html } from '@open-wc/testing';
import type { ConnectionQualityReport } from '@rtc-room/core';
import { seriousViolations } from '../test-support/axe.js';
import type { TileParticipant } from './video-tile.component.js';
import type { RtcVideoTileElement } from './video-tile.component.js';
import './video-tile.js';

function report(quality: ConnectionQualityReport['quality'], reason: ConnectionQualityReport['reason']): ConnectionQualityReport {
  return { participantId: 'p1', quality, reason, score: 30, packetLossPercent: 14.2, roundTripTimeMs: 640, jitterMs: 81, bitrateKbps: 12, timestamp: Date.now() };
}

function participant(connectionQuality: ConnectionQualityReport | null): TileParticipant {
  return { id: 'p1', name: 'Bob', stream: new MediaStream(), isCameraEnabled: false, isMicrophoneEnabled: true, connectionQuality };
}

const indicator = (tile: RtcVideoTileElement): HTMLElement | null => tile.shadowRoot!.querySelector<HTMLElement>('[part~=quality]');

describe('<rtc-video-tile> connection quality indicator', () => {
  it('says the level and the reason with its figure, and shows nothing before a report', async () => {
    const tile = await fixture<RtcVideoTileElement>(html`<rtc-video-tile .participant=${participant(null)}></rtc-video-tile>`);
    expect(indicator(tile)).to.equal(null);
    const labels: string[] = [];
    for (const [q, r] of [
      ['poor', 'packet-loss'],
      ['fair', 'round-trip-time'],
      ['poor', 'jitter'],
      ['poor', 'bitrate'],
      ['lost', 'no-media'],
      ['good', null],
    ] as const) {
      tile.participant = participant(report(q, r));
      await tile.updateComplete;
      expect(indicator(tile)!.part.contains(`quality-${q}`)).to.equal(true);
      labels.push(indicator(tile)!.getAttribute('aria-label')!);
    }
    expect(labels).to.deep.equal([
      'Connection poor: packet loss 14 %',
      'Connection fair: round trip 640 ms',
      'Connection poor: jitter 81 ms',
      'Connection poor: low bitrate 12 kbps',
      'Connection lost: no media arriving',
      'Connection good',
    ]);
  });

  it('takes its colours from --rtc-quality-*-color, hides with hide-quality, and passes axe', async () => {
    const tile = await fixture<RtcVideoTileElement>(
      html`<rtc-video-tile style="--rtc-quality-poor-color: rgb(1, 2, 3); width: 320px; height: 180px" .participant=${participant(report('poor', 'packet-loss'))}></rtc-video-tile>`,
    );
    expect(getComputedStyle(indicator(tile)!).color).to.equal('rgb(1, 2, 3)');
    expect(await seriousViolations(tile)).to.deep.equal([]);
    tile.hideQuality = true;
    await tile.updateComplete;
    expect(indicator(tile)).to.equal(null);
    expect(tile.hasAttribute('hide-quality')).to.equal(true);
  });
});
