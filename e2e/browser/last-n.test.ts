// Last-N video through the run's real Janus (issue 19): four participants, Ann receiving with `lastN: 1`. Janus
// must forward one camera only — the paused ones' `inbound-rtp` bytesReceived stop growing on Ann's side, not just
// in the UI — and resume another one when it becomes relevant (pinned, then speaking), whose framesDecoded grows.
// Bob, Cat and Dan send small cameras without microphones, so no talking event reorders them before phase 3.
import { expect } from '@open-wc/testing';
import type { Room } from '../../packages/core/src/room/Room.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { trackPeerConnections, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { testSfu } from '../../packages/core/src/test-support/env.js';

const STEP_MS = 30_000;
const { created, start, stop } = trackPeerConnections();

/** What Ann's subscribe connection has received of `peerId`'s camera (`inbound-rtp` of its receiver). */
async function inbound(room: Room, peerId: string): Promise<{ bytes: number; frames: number }> {
  const track = room.participants.get(peerId)?.cameraTrack?.mediaStreamTrack;
  for (const pc of created) {
    if (!track || pc.connectionState === 'closed') continue;
    const receiver = pc.getReceivers().find((r) => r.track === track);
    if (!receiver) continue;
    let out = { bytes: 0, frames: 0 };
    (await receiver.getStats()).forEach((s: { type: string; kind?: string; bytesReceived?: number; framesDecoded?: number }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') out = { bytes: s.bytesReceived ?? 0, frames: s.framesDecoded ?? 0 };
    });
    return out;
  }
  return { bytes: 0, frames: 0 };
}

/** Waits until `peerId`'s video decodes frames again (framesDecoded grows by 10 within the wait). */
async function expectDecoding(room: Room, peerId: string, who: string): Promise<void> {
  const first = (await inbound(room, peerId)).frames;
  let now = first;
  await waitFor(async () => (now = (await inbound(room, peerId)).frames) >= first + 10, () => `${who}'s video to decode (${first} → ${now} frames)`, STEP_MS, 250);
}

/**
 * Waits until none of `peerIds`' videos receives a byte for 2 s in a row (two 1 s samples unchanged): paused at the
 * SFU. Without last-N each keeps receiving ~15 frames a second and this times out.
 */
async function expectStalled(room: Room, peerIds: string[], who: string): Promise<void> {
  let last = '';
  let still = 0;
  await waitFor(
    async () => {
      const now = JSON.stringify(await Promise.all(peerIds.map(async (id) => (await inbound(room, id)).bytes)));
      still = now === last ? still + 1 : 0;
      last = now;
      return still >= 2;
    },
    () => `${who} to receive no more bytes (last: ${last})`,
    STEP_MS,
    1000,
  );
}

describe('last-N video through Janus', function () {
  this.timeout(6 * STEP_MS);
  before(function () {
    if (!testSfu()) this.skip(); // Janus not installed, or not inside the run's network namespace
    start();
  });
  after(stop);
  afterEach(leaveAll);

  it('lastN 1: one video forwarded, the others paused at the SFU; pinning or speaking resumes one', async () => {
    const name = uniqueRoom('last-n');
    const url = testSfu()!.signalingUrl;
    const ann = makeRoom(name, 'Ann', new WebSocketSignaling(url), { topology: 'sfu', lastN: 1, video: false, audio: false });
    const [bob, cat, dan] = ['Bob', 'Cat', 'Dan'].map((n) => makeRoom(name, n, new WebSocketSignaling(url), { topology: 'sfu', audio: false })) as [Room, Room, Room];
    const paused: string[] = [];
    ann.on('trackPaused', (track, p, isPaused) => paused.push(`${p.name}:${track.source}:${isPaused}`));
    for (const r of [bob, cat, dan, ann]) await r.join();
    const [b, c, d] = [bob, cat, dan].map((r) => r.localParticipant.id) as [string, string, string];
    const camera = (id: string) => ann.participants.get(id)?.cameraTrack;
    await waitFor(() => [b, c, d].every((id) => camera(id) !== undefined), 'Ann to subscribe to three cameras', STEP_MS);

    // Nobody pinned, nobody spoke: the first in join order (Bob) is forwarded, Cat and Dan are paused.
    await waitFor(() => camera(c)?.paused === true && camera(d)?.paused === true, 'Cat and Dan paused', STEP_MS);
    expect(camera(b)?.paused).to.equal(false);
    await expectDecoding(ann, b, 'Bob');
    await expectStalled(ann, [c, d], 'Cat and Dan');
    expect(paused).to.include.members(['Cat:camera:true', 'Dan:camera:true']);

    // Pinned: Cat's video is resumed (and decodes), Bob's is paused.
    ann.setVideoPinned(c, true);
    await waitFor(() => camera(c)?.paused === false && camera(b)?.paused === true, 'Cat resumed, Bob paused', STEP_MS);
    await expectDecoding(ann, c, 'Cat (pinned)');
    await expectStalled(ann, [b, d], 'Bob and Dan');

    // Unpinned, and Dan speaks (Janus talking events from his fake microphone's beep): Dan's video is resumed.
    ann.setVideoPinned(c, false);
    await dan.setMicrophoneEnabled(true);
    await waitFor(() => camera(d)?.paused === false, 'Dan (speaking) resumed', STEP_MS);
    await expectDecoding(ann, d, 'Dan (speaking)');
    await expectStalled(ann, [b, c], 'Bob and Cat');
    expect(paused).to.include.members(['Dan:camera:false', 'Cat:camera:false', 'Bob:camera:true']);
  });
});
