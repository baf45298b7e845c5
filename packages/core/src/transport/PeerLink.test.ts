// Glare: both peers create an offer at the same moment. Perfect negotiation (WebRTC 1.0 §10.7) must still
// connect them: the impolite side ignores the colliding offer, the polite side rolls back and answers.
import { expect } from '@open-wc/testing';
import type { TrackSource } from '../participants/Track.js';
import type { SignalingPayload } from '../signaling/SignalingAdapter.js';
import type { NegotiationError } from '../errors/NegotiationError.js';
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

// Issue 15: a subscriber-token participant's camera played at the victim when the server let its SDP through. The
// victim's link toward a subscriber (`receive: false`) must not receive, whatever the subscriber offers.
describe('PeerLink toward a subscriber (issue 15)', function () {
  this.timeout(30_000);
  const cleanup: Array<() => void> = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  async function setup(): Promise<{ link: PeerLink; tracks: string[]; errors: NegotiationError[]; stream: MediaStream }> {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
    cleanup.push(() => stream.getTracks().forEach((t) => t.stop()));
    const local = new Map<TrackSource, MediaStreamTrack | null>([
      ['microphone', stream.getAudioTracks()[0]!],
      ['camera', stream.getVideoTracks()[0]!],
    ]);
    const tracks: string[] = [];
    const errors: NegotiationError[] = [];
    const link = new PeerLink('forged-subscriber', { polite: true, send: true, receive: false, connectTimeoutMs: 20_000 }, {}, local, {
      send: (payload) => outbox.push(payload),
      onTrack: (source) => tracks.push(source),
      onTrackEnded: () => undefined,
      onConnectionStateChange: () => undefined,
      onError: (e) => errors.push(e),
    });
    cleanup.push(() => link.close());
    return { link, tracks, errors, stream };
  }
  let outbox: SignalingPayload[] = [];
  beforeEach(() => (outbox = []));

  it('a forged subscriber that offers sendrecv with a camera: the answer is sendonly, nothing of its is decoded', async () => {
    const { link, tracks, errors } = await setup();
    // The attacker: a raw RTCPeerConnection sending its own fake camera and microphone.
    const attackerMedia = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
    cleanup.push(() => attackerMedia.getTracks().forEach((t) => t.stop()));
    const attacker = new RTCPeerConnection();
    cleanup.push(() => attacker.close());
    for (const track of attackerMedia.getTracks()) attacker.addTransceiver(track, { direction: 'sendrecv' });
    attacker.onicecandidate = ({ candidate }) => link.handle({ t: 'ice', candidate: candidate ? candidate.toJSON() : null });
    await attacker.setLocalDescription();
    link.handle({ t: 'sdp', description: attacker.localDescription!.toJSON() });
    // Deliver the link's answer and candidates to the attacker as they come.
    let answered = false;
    const pump = setInterval(() => {
      for (const payload of outbox.splice(0)) {
        if (payload['t'] === 'sdp') {
          answered = true;
          void attacker.setRemoteDescription(payload['description'] as RTCSessionDescriptionInit);
        } else if (answered) void attacker.addIceCandidate((payload['candidate'] as RTCIceCandidateInit | null) ?? undefined);
        else outbox.push(payload);
      }
    }, 20);
    cleanup.push(() => clearInterval(pump));
    // Media flows the allowed way: the attacker decodes the link's camera...
    await waitFor(async () => (await inboundFrames(attacker)) > 0, 'the subscriber to decode the link’s video');
    // ...and by then the link has surfaced none of the attacker's tracks and decoded none of its frames.
    expect(tracks).to.deep.equal([]);
    expect(await inboundFrames(link.pc)).to.equal(0);
    const answer = link.pc.localDescription!.sdp;
    expect(answer.match(/^a=(sendrecv|recvonly)$/gm)).to.equal(null);
    expect(link.pc.getTransceivers().map((t) => t.currentDirection)).to.not.include.members(['sendrecv', 'recvonly']);
    expect(errors).to.deep.equal([]);
  });

  it('drops descriptions and candidates of the wrong shape (sdp as an array, unknown type) and reports them', async () => {
    const { link, errors } = await setup();
    const peer = new RTCPeerConnection();
    cleanup.push(() => peer.close());
    peer.addTransceiver('video', { direction: 'sendrecv' });
    await peer.setLocalDescription();
    const sdp = peer.localDescription!.sdp;
    // The browser would accept `[sdp]` (WebIDL makes it a string) and `{ toString }`; the link must not.
    link.handle({ t: 'sdp', description: { type: 'offer', sdp: [sdp] } });
    link.handle({ t: 'sdp', description: { type: 'offer', sdp: { toString: () => sdp } } as unknown as RTCSessionDescriptionInit });
    link.handle({ t: 'sdp', description: { type: 'pranswer', sdp } });
    link.handle({ t: 'sdp', description: [{ type: 'offer', sdp }] });
    link.handle({ t: 'ice', candidate: { candidate: ['candidate:1 1 udp 1 127.0.0.1 9 typ host'] } });
    expect(errors.map((e) => [e.code, e.message])).to.deep.equal([
      ...Array(4).fill(['negotiation-failed', 'Ignored a malformed session description from forged-subscriber.']),
      ['negotiation-failed', 'Ignored a malformed ICE candidate from forged-subscriber.'],
    ]);
    // A well-formed offer is still applied afterwards (proof the drops were not a dead link).
    link.handle({ t: 'sdp', description: { type: 'offer', sdp } });
    await waitFor(() => outbox.some((p) => p['t'] === 'sdp'), 'the link to answer the well-formed offer');
    expect(link.pc.remoteDescription?.sdp).to.equal(sdp);
  });
});
