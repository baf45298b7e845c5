import { expect, fixture, html } from '@open-wc/testing';
import type { ParticipantStats } from '@rtc-room/core';
import './stats-overlay.js';
import { formatStats, RtcStatsOverlayElement } from './stats-overlay.component.js';

const sample: ParticipantStats = {
  participantId: 'p1',
  timestamp: 0,
  roundTripTimeMs: 23.4,
  jitterMs: 1.25,
  packetLossPercent: 0.5,
  inboundBitrateKbps: 812.6,
  outboundBitrateKbps: 640.2,
  framesPerSecond: 29.7,
  frameWidth: 640,
  frameHeight: 480,
  framesDecoded: 1000,
  videoCodec: 'video/VP8',
  audioCodec: 'audio/opus',
  audioLevel: 0.1,
  localCandidateType: 'host',
  remoteCandidateType: 'host',
  candidateType: 'host',
};

function rows(el: RtcStatsOverlayElement): Record<string, string> {
  const out: Record<string, string> = {};
  const dts = el.shadowRoot!.querySelectorAll('dt');
  dts.forEach((dt) => {
    out[dt.textContent!.trim()] = (dt.nextElementSibling as HTMLElement).textContent!.trim();
  });
  return out;
}

describe('<rtc-stats-overlay>', () => {
  it('is defined by its module', () => {
    expect(customElements.get('rtc-stats-overlay')).to.equal(RtcStatsOverlayElement);
  });

  it('renders every statistic from plain data', async () => {
    const el = await fixture<RtcStatsOverlayElement>(html`<rtc-stats-overlay .stats=${sample} label="Bob"></rtc-stats-overlay>`);
    expect(el.shadowRoot!.querySelector('[part~=base]')).to.exist;
    expect(el.shadowRoot!.querySelector('[part~=list]')).to.exist;
    expect(el.shadowRoot!.querySelector('[part~=title]')!.textContent).to.equal('Bob');
    expect(rows(el)).to.deep.equal({
      RTT: '23 ms',
      Loss: '0.5 %',
      Jitter: '1.3 ms',
      Bitrate: '813 ↓ / 640 ↑ kbps',
      FPS: '30 fps',
      Resolution: '640×480',
      Codec: 'VP8',
      Path: 'host',
    });
  });

  it('shows a dash for values the browser did not report, and a note without stats', async () => {
    const el = await fixture<RtcStatsOverlayElement>(
      html`<rtc-stats-overlay .stats=${{ roundTripTimeMs: null, candidateType: 'relay' }}></rtc-stats-overlay>`,
    );
    const r = rows(el);
    expect(r.RTT).to.equal('–');
    expect(r.Resolution).to.equal('–');
    expect(r.Bitrate).to.equal('–');
    expect(r.Path).to.equal('relay');
    el.stats = null;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~=empty]')!.textContent).to.contain('No statistics');
  });

  it('formats partial bitrates', () => {
    const bitrate = formatStats({ inboundBitrateKbps: 100, outboundBitrateKbps: null }).find(([k]) => k === 'Bitrate');
    expect(bitrate?.[1]).to.equal('100 ↓ / – ↑ kbps');
  });

  it('passes an accessibility audit', async () => {
    const el = await fixture(html`<rtc-stats-overlay .stats=${sample} label="Bob"></rtc-stats-overlay>`);
    await expect(el).to.be.accessible();
  });
});
