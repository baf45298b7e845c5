// Glare: both peers create an offer at the same moment. Perfect negotiation (WebRTC 1.0 §10.7) must still
// connect them: the impolite side ignores the colliding offer, the polite side rolls back and answers.
import { expect } from '@open-wc/testing';
import type { TrackSource } from '../participants/Track.js';
import type { SignalingPayload } from '../signaling/SignalingAdapter.js';
import { waitFor } from '../testing/index.js';
import { isLinkSignal, PeerLink } from './PeerLink.js';

async function inboundFrames(pc: RTCPeerConnection): Promise<number> {
  let frames = 0;
  (await pc.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded ?? 0;
  });
  return frames;
}

describe('PeerLink perfect negotiation', function () {
  this.timeout(30_000);
  const cleanup: Array<() => void> = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  it('connects when both sides offer at the same moment (glare)', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
    cleanup.push(() => stream.getTracks().forEach((t) => t.stop()));
    const tracks = new Map<TrackSource, MediaStreamTrack | null>([
      ['microphone', stream.getAudioTracks()[0]!],
      ['camera', stream.getVideoTracks()[0]!],
    ]);
    // Messages are held until both sides have produced their offer, then released: a guaranteed collision.
    const held: Array<() => void> = [];
    let releasing = false;
    const offers = { polite: 0, impolite: 0 };
    const received = { polite: [] as string[], impolite: [] as string[] };
    const errors: unknown[] = [];
    const links: { polite?: PeerLink; impolite?: PeerLink } = {};
    const wire = (from: 'polite' | 'impolite') => (payload: SignalingPayload) => {
      const to = from === 'polite' ? 'impolite' : 'polite';
      if (payload['t'] === 'sdp' && (payload['description'] as RTCSessionDescriptionInit).type === 'offer') offers[from] += 1;
      const deliver = () => {
        if (isLinkSignal(payload)) links[to]!.handle(structuredClone(payload));
      };
      if (releasing) setTimeout(deliver, 0);
      else held.push(deliver);
    };
    const make = (role: 'polite' | 'impolite') =>
      new PeerLink(role === 'polite' ? 'b' : 'a', { polite: role === 'polite', send: true, connectTimeoutMs: 20_000 }, {}, tracks, {
        send: wire(role),
        onTrack: (source) => received[role].push(source),
        onTrackEnded: () => undefined,
        onConnectionStateChange: () => undefined,
        onError: (e) => errors.push(e),
      });
    links.polite = make('polite');
    links.impolite = make('impolite');
    cleanup.push(() => links.polite!.close(), () => links.impolite!.close());

    await waitFor(() => offers.polite === 1 && offers.impolite === 1, 'both sides to send an offer');
    releasing = true;
    held.splice(0).forEach((d) => setTimeout(d, 0));

    await waitFor(
      () => links.polite!.pc.connectionState === 'connected' && links.impolite!.pc.connectionState === 'connected',
      'both connections to be connected',
    );
    await waitFor(async () => (await inboundFrames(links.polite!.pc)) > 0, 'polite side to decode video');
    await waitFor(async () => (await inboundFrames(links.impolite!.pc)) > 0, 'impolite side to decode video');
    expect(received.polite.sort()).to.deep.equal(['camera', 'microphone']);
    expect(received.impolite.sort()).to.deep.equal(['camera', 'microphone']);
    expect(errors).to.deep.equal([]);
    expect(links.polite!.pc.signalingState).to.equal('stable');
  });
});
