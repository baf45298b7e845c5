// topology 'auto': the server moves a growing room from mesh to the SFU (above 4 participants) and back (at 2),
// make-before-break: on every page every remote video keeps rendering frames through a switch, and each camera is
// handed to the new path only once that path receives media, while the old one still does. (Issue 4 put it as "no
// gap longer than 500 ms"; a gap is a time, which a loaded machine stretches: the test shows the same by events.)
import { expect } from '@open-wc/testing';
import type { Room } from '../../packages/core/src/room/Room.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectFullMesh, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { testSfu } from '../../packages/core/src/test-support/env.js';

/**
 * Plays every remote participant's stream (as `<rtc-video-tile>` does: the participant's one `MediaStream`, whose
 * tracks are swapped in place when the transport changes) in a hidden `<video>` and counts the frames it renders
 * (`requestVideoFrameCallback`): what a user sees, whichever connection carries it.
 */
function playRemoteVideos(rooms: Room[]): { frames(): number[]; stop(): void } {
  const counts: number[] = [];
  const videos: HTMLVideoElement[] = [];
  let running = true;
  for (const room of rooms) {
    for (const participant of room.participants.values()) {
      const index = counts.push(0) - 1;
      const video = document.createElement('video');
      video.muted = true;
      video.playsInline = true;
      video.style.cssText = 'position:fixed;width:160px;height:90px;opacity:0;pointer-events:none';
      video.srcObject = participant.stream;
      document.body.append(video);
      videos.push(video);
      const onFrame = (): void => {
        counts[index] = (counts[index] ?? 0) + 1;
        if (running) video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
      void video.play();
    }
  }
  return {
    frames: () => [...counts],
    stop() {
      running = false;
      videos.forEach((v) => v.remove());
    },
  };
}

/** One remote camera moved from the old path's track to the new path's, as `trackSubscribed` announced it. */
interface Handover {
  pair: string;
  /** The new track was receiving media already (`muted` false: RTP arrived, WebRTC 1.0 §5.3.1). */
  newReceiving: boolean;
  /** The old track was still receiving (its connection open, `readyState` `live` and not `muted`). */
  oldReceiving: boolean;
}

/**
 * Records every hand-over of a remote camera between the participants of `rooms` that are there now. Make-before-break,
 * as a user sees it and however slow the machine: when a video's track is swapped, the new one already receives
 * media and the old one still did, so the tile never shows a frozen or black picture while a path comes up.
 */
function watchHandovers(rooms: Room[]): { handovers: Handover[]; pairs: string[]; done(): boolean; stop(): void } {
  const handovers: Handover[] = [];
  const pairs: string[] = [];
  const offs: Array<() => void> = [];
  const among = new Set(rooms.map((r) => r.localParticipant.id));
  for (const room of rooms) {
    const current = new Map<string, MediaStreamTrack>();
    for (const participant of room.participants.values()) {
      const track = participant.cameraTrack?.mediaStreamTrack;
      if (!track || !among.has(participant.id)) continue;
      current.set(participant.id, track);
      pairs.push(`${room.localParticipant.name}>${participant.name}`);
    }
    offs.push(
      room.on('trackSubscribed', (track, participant) => {
        const old = current.get(participant.id);
        const media = track.mediaStreamTrack;
        if (track.source !== 'camera' || !old || !media || media === old) return;
        current.set(participant.id, media);
        handovers.push({
          pair: `${room.localParticipant.name}>${participant.name}`,
          newReceiving: media.readyState === 'live' && !media.muted,
          oldReceiving: old.readyState === 'live' && !old.muted,
        });
      }),
    );
  }
  return {
    handovers,
    pairs,
    done: () => new Set(handovers.map((h) => h.pair)).size === pairs.length,
    stop: () => offs.forEach((off) => off()),
  };
}

/**
 * Until `done()`: rounds in which every video in `play` renders at least one new frame — each round ends as soon as
 * all did, however long that takes on a loaded machine; only a video that stops for good (a generous 15 s) fails.
 */
async function framesKeepComing(play: { frames(): number[] }, done: () => boolean, what: string): Promise<number> {
  let rounds = 0;
  do {
    const before = play.frames();
    await waitFor(
      () => play.frames().every((n, i) => n > (before[i] ?? 0)),
      () => `every remote video to render a new frame ${what} (round ${rounds + 1}: ${before.join(',')} → ${play.frames().join(',')})`,
      15_000,
      20,
    );
    rounds += 1;
  } while (!done());
  return rounds;
}

/** Every pair handed over once, make-before-break (see {@link watchHandovers}). */
function expectMakeBeforeBreak(watch: { handovers: Handover[]; pairs: string[] }): void {
  const handedOver = [...new Set(watch.handovers.map((h) => h.pair))].sort();
  expect(handedOver, 'remote cameras handed over to the new path').to.deep.equal([...watch.pairs].sort());
  for (const h of watch.handovers) {
    expect(h, `${h.pair}: the new path received media before the switch, the old one still did`).to.deep.equal({
      pair: h.pair,
      newReceiving: true,
      oldReceiving: true,
    });
  }
}

/** Counts the RTCPeerConnections the page creates. */
let created = 0;
const Native = window.RTCPeerConnection;

describe('topology auto: mesh → SFU → mesh', function () {
  this.timeout(180_000);
  const sfu = testSfu();
  before(function () {
    if (!sfu) this.skip();
  });
  before(() => {
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        created += 1;
      }
    } as typeof RTCPeerConnection;
  });
  after(() => {
    window.RTCPeerConnection = Native;
  });
  afterEach(leaveAll);

  it('switches after the 5th participant with every video playing through it, and back to mesh at 2', async function () {
    const name = uniqueRoom('auto');
    const rooms: Room[] = [];
    const topology = (r: Room): string => (r as unknown as { transport?: { topology?: string } }).transport?.topology ?? '?';
    for (let i = 0; i < 4; i++) {
      const r = makeRoom(name, `P${i + 1}`, new WebSocketSignaling(sfu!.signalingUrl), { topology: 'auto', audio: false });
      await r.join();
      rooms.push(r);
    }
    await expectFullMesh(rooms);
    expect(rooms.map(topology)).to.deep.equal(['mesh', 'mesh', 'mesh', 'mesh']);

    const play = playRemoteVideos(rooms);
    await waitFor(() => play.frames().every((n) => n > 0), 'every remote video playing before the switch');
    const toSfu = watchHandovers(rooms);
    const fifth = makeRoom(name, 'P5', new WebSocketSignaling(sfu!.signalingUrl), { topology: 'auto', audio: false });
    await fifth.join();
    rooms.push(fifth);
    // Frames keep coming on every page through the whole move: until every camera is handed over to the SFU, then
    // one round more (the old mesh links close after the hand-over).
    const moved = (): boolean => toSfu.done() && rooms.every((r) => topology(r) === 'sfu');
    const rounds = await framesKeepComing(play, moved, 'during the mesh → SFU move');
    await framesKeepComing(play, () => true, 'after the mesh → SFU move');
    toSfu.stop();
    play.stop();
    console.log(`mesh → SFU: ${rounds} rounds in which every remote video rendered a new frame`);
    expectMakeBeforeBreak(toSfu);
    await expectFullMesh(rooms);

    // A newcomer to a room already in the SFU goes straight there: its publish and subscribe connections, no mesh
    // link to anyone (and nobody opens one to it).
    const before = created;
    const sixth = makeRoom(name, 'P6', new WebSocketSignaling(sfu!.signalingUrl), { topology: 'auto', audio: false });
    await sixth.join();
    rooms.push(sixth);
    await expectFullMesh(rooms);
    expect(topology(sixth)).to.equal('sfu');
    expect(created - before, 'RTCPeerConnections created for the 6th participant').to.equal(2);

    // Back to mesh at 2, make-before-break too.
    const left = rooms.splice(2);
    const toMesh = watchHandovers(rooms.slice(0, 2));
    for (const r of left) await r.leave();
    await waitFor(() => rooms.every((r) => topology(r) === 'mesh'), 'the last two to return to mesh', 20_000, 100);
    await waitFor(() => toMesh.done(), 'both cameras handed over to mesh', 20_000, 100);
    toMesh.stop();
    expectMakeBeforeBreak(toMesh);
    await expectFullMesh(rooms);
  });
});
