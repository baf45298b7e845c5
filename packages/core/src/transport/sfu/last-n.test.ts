// Last-N ranking (issue 19) and the screen share's send priority. The real call through Janus (paused videos
// receive no bytes, pins and speech resume them) is e2e/browser/last-n.test.ts.
import { expect } from '@open-wc/testing';
import { FIREFOX } from '../../test-support/browser.js';
import { selectLastN, type LastNRelevance, type LastNVideo } from './last-n.js';
import { SCREEN_ENCODINGS } from './simulcast.js';

const cam = (mid: string, participant: string): LastNVideo => ({ mid, participant, source: 'camera' });
const videos = [cam('1', 'a'), cam('3', 'b'), cam('5', 'c'), cam('7', 'd'), { mid: '9', participant: 'd', source: 'screen' } as LastNVideo];
const none: LastNRelevance = { pinned: new Set(), speakers: [], hidden: () => false };
const pick = (n: number, relevance: Partial<LastNRelevance> = {}) => [...selectLastN(videos, n, { ...none, ...relevance })].sort();

describe('last-N: which remote videos are forwarded', () => {
  it('screen shares first, then join order; N caps the count (0: none)', () => {
    expect(pick(1)).to.deep.equal(['9']);
    expect(pick(2)).to.deep.equal(['1', '9']);
    expect(pick(0)).to.deep.equal([]);
    expect(pick(10)).to.have.length(5);
  });

  it('pinned before screen shares, the latest speaker before earlier ones, hidden tiles last', () => {
    expect(pick(1, { pinned: new Set(['c']) })).to.deep.equal(['5']);
    expect(pick(2, { speakers: ['c', 'b'] })).to.deep.equal(['5', '9']);
    expect(pick(3, { speakers: ['c', 'b'] })).to.deep.equal(['3', '5', '9']);
    expect(pick(2, { hidden: (p) => p === 'a' || p === 'b' })).to.deep.equal(['5', '9']);
    // A pinned participant's screen share comes before their camera.
    expect(pick(1, { pinned: new Set(['d']) })).to.deep.equal(['9']);
  });
});

describe('screen share first: send priority', () => {
  it('a screen share is sent with priority and networkPriority high where the browser supports them', async () => {
    const pc = new RTCPeerConnection();
    try {
      const canvas = document.createElement('canvas');
      const track = canvas.captureStream(5).getVideoTracks()[0]!;
      const { sender } = pc.addTransceiver(track, { direction: 'sendonly', sendEncodings: SCREEN_ENCODINGS });
      const [encoding] = sender.getParameters().encodings;
      if (FIREFOX) {
        // Firefox 153 has no webrtc-priority members: it keeps the encoding and drops them (documented in last-n.md).
        expect(encoding).to.not.equal(undefined);
      } else {
        expect(encoding?.priority).to.equal('high');
        expect(encoding?.networkPriority).to.equal('high');
      }
      track.stop();
    } finally {
      pc.close();
    }
  });
});
