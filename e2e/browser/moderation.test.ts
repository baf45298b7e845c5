// Issue 19, moderation end to end with real browsers, the real signaling server (room tokens) and, for SFU rooms,
// the real Janus: a moderator's mute stops the target's audio (mesh: the target sends no audio packet any more and
// the moderator receives none; SFU: Janus drops it even from a client that keeps sending), a non-moderator is refused
// with `forbidden`, a removed participant is out for good, a locked room refuses a newcomer with `room-locked`.
import { expect } from '@open-wc/testing';
import type { Room } from '../../packages/core/src/room/Room.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { testAuth, testRecording } from '../../packages/core/src/test-support/env.js';
import { signToken } from '../../packages/core/src/test-support/media-probe.js';
import { expectDecoding, rejection, trackPeerConnections, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const pcs = trackPeerConnections();

/** A room joined with a token for `role` on the token-checking server `url`. */
async function joinAs(url: string, secret: string, room: string, name: string, role: 'publisher' | 'moderator', topology: 'mesh' | 'sfu'): Promise<Room> {
  const signaling = new WebSocketSignaling(url, { token: await signToken(secret, { room, name, role, jti: `${name}-${Math.random()}` }) });
  const r = makeRoom(room, name, signaling, { topology, video: { width: 160, height: 120, frameRate: 10 } });
  await r.join();
  return r;
}

/** The connections whose senders (`out`) or receivers (`in`) carry `track` now. */
function carrying(track: MediaStreamTrack | null | undefined, direction: 'out' | 'in'): RTCPeerConnection[] {
  if (!track) throw new Error('no audio track');
  const found = pcs.created.filter((pc) => (direction === 'out' ? pc.getSenders() : pc.getReceivers()).some((end) => end.track === track));
  if (found.length === 0) throw new Error(`no connection ${direction === 'out' ? 'sends' : 'receives'} that track`);
  return found;
}

/** Audio RTP packets sent (`out`) or received (`in`) so far over `connections`. */
async function audioPackets(connections: RTCPeerConnection[], direction: 'out' | 'in'): Promise<number> {
  let packets = 0;
  for (const pc of connections) {
    (await pc.getStats()).forEach((s: { type: string; kind?: string; packetsSent?: number; packetsReceived?: number }) => {
      if (s.kind !== 'audio') return;
      if (direction === 'out' && s.type === 'outbound-rtp') packets += s.packetsSent ?? 0;
      if (direction === 'in' && s.type === 'inbound-rtp') packets += s.packetsReceived ?? 0;
    });
  }
  return packets;
}

/** Waits until `count` stays the same across 1.5 s (an absence: packets no longer flow), then until it grows (`grows`). */
async function stalls(count: () => Promise<number>, what: string): Promise<void> {
  await waitFor(async () => {
    const before = await count();
    await sleep(1500);
    return (await count()) === before;
  }, `${what} stops growing`, 30_000, 0);
}
async function grows(count: () => Promise<number>, what: string): Promise<void> {
  const before = await count();
  await waitFor(async () => (await count()) > before + 5, `${what} grows`, 30_000, 200);
}

describe('moderation', function () {
  this.timeout(120_000);
  before(() => pcs.start());
  after(() => pcs.stop());
  afterEach(leaveAll);

  it('mesh: a moderator mutes someone (its audio stops), a non-moderator is refused, a locked room refuses a newcomer, removal ends the call', async () => {
    const { secret, signalingUrl: url } = testAuth();
    const room = uniqueRoom('moderation');
    const mod = await joinAs(url, secret, room, 'Mod', 'moderator', 'mesh');
    const ada = await joinAs(url, secret, room, 'Ada', 'publisher', 'mesh');
    expect(mod.localParticipant.role).to.equal('moderator');
    await waitFor(() => ada.participants.size === 1 && mod.participants.size === 1, 'both see each other');
    expect(ada.participants.get(mod.localParticipant.id)?.role).to.equal('moderator');
    await expectDecoding(mod, ada.localParticipant.id);
    const adaMic = ada.localParticipant.microphoneTrack?.mediaStreamTrack ?? null;
    const heard = mod.participants.get(ada.localParticipant.id)?.microphoneTrack?.mediaStreamTrack ?? null;
    const [sending, receiving] = [carrying(adaMic, 'out'), carrying(heard, 'in')];
    await grows(() => audioPackets(sending, 'out'), "Ada's audio packets sent");

    // A non-moderator is refused, with the typed error, and nothing happens.
    expect((await rejection(ada.moderation.muteParticipant(mod.localParticipant.id))).code).to.equal('forbidden');
    expect((await rejection(ada.moderation.lockRoom(true))).code).to.equal('forbidden');

    const muted = new Promise<string | undefined>((resolve) => ada.on('mutedByModerator', (by) => resolve(by?.name)));
    await mod.moderation.muteParticipant(ada.localParticipant.id);
    expect(await muted).to.equal('Mod');
    expect(ada.localParticipant.microphoneTrack?.muted).to.equal(true);
    await stalls(() => audioPackets(sending, 'out'), "Ada's audio packets sent");
    await stalls(() => audioPackets(receiving, 'in'), "Ada's audio packets received by Mod");
    // The target may unmute itself (not held): its audio flows again.
    await ada.setMicrophoneEnabled(true);
    await grows(() => audioPackets(receiving, 'in'), "Ada's audio packets received by Mod");

    // Locked: a newcomer is refused with room-locked.
    await mod.moderation.lockRoom(true);
    await waitFor(() => ada.moderation.locked, 'Ada learns the room is locked');
    const bob = await rejection(joinAs(url, secret, room, 'Bob', 'publisher', 'mesh'));
    expect(bob.code).to.equal('room-locked');

    // Removed: Ada's call ends, everyone else sees her leave.
    const removed = new Promise<void>((resolve) => ada.on('removed', resolve));
    await mod.moderation.removeParticipant(ada.localParticipant.id);
    await removed;
    await waitFor(() => ada.state === 'disconnected' && mod.participants.size === 0, 'Ada is out');
  });

  it('SFU (Janus): a moderator mutes someone and Janus drops its audio, even from a client that keeps sending', async function () {
    const sfu = testRecording(); // token-checking signaling server driving the run's Janus
    if (!sfu) this.skip(); // Janus not installed, or not inside the test's network namespace
    const room = uniqueRoom('moderation');
    const mod = await joinAs(sfu.signalingUrl, sfu.secret, room, 'Mod', 'moderator', 'sfu');
    const ada = await joinAs(sfu.signalingUrl, sfu.secret, room, 'Ada', 'publisher', 'sfu');
    await expectDecoding(mod, ada.localParticipant.id);
    const adaMic = ada.localParticipant.microphoneTrack?.mediaStreamTrack ?? null;
    await waitFor(() => Boolean(mod.participants.get(ada.localParticipant.id)?.microphoneTrack?.mediaStreamTrack), 'Mod receives Ada audio');
    const heard = mod.participants.get(ada.localParticipant.id)?.microphoneTrack?.mediaStreamTrack ?? null;
    const [sending, receiving] = [carrying(adaMic, 'out'), carrying(heard, 'in')];
    await grows(() => audioPackets(receiving, 'in'), "Ada's audio packets received by Mod");

    const muted = new Promise<void>((resolve) => ada.on('mutedByModerator', () => resolve()));
    await mod.moderation.muteParticipant(ada.localParticipant.id, { hold: true });
    await muted;
    await stalls(() => audioPackets(receiving, 'in'), "Ada's audio packets received by Mod");
    // A misbehaving client puts its microphone back on the wire by itself: Janus still forwards nothing.
    const sender = sending.flatMap((pc) => pc.getSenders()).find((s) => s.track === null && s.transport?.state !== 'closed');
    adaMic!.enabled = true;
    await sender!.replaceTrack(adaMic);
    await grows(() => audioPackets(sending, 'out'), "Ada's (cheating) audio packets sent");
    await stalls(() => audioPackets(receiving, 'in'), "Ada's audio packets received by Mod");
    // Held: Ada's own unmute is refused until the moderator allows it; then it flows again.
    expect((await rejection(ada.setMicrophoneEnabled(true))).code).to.equal('forbidden');
    await mod.moderation.allowUnmute(ada.localParticipant.id);
    await ada.setMicrophoneEnabled(true);
    await grows(() => audioPackets(receiving, 'in'), "Ada's audio packets received by Mod");
  });
});
