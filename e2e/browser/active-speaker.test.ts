// Active speaker from real audio: Chromium's fake microphone beeps (it has a level), a muted one sends silence.
// Mesh rooms measure remote audio levels (getStats), so each page plays the others' audio as a UI would; SFU rooms
// rely only on Janus `talking` events relayed by the signaling server (nothing is played there, and a Room in an
// SFU room samples no levels: a speaker seen there came from Janus).
import { expect } from '@open-wc/testing';
import type { RemoteParticipant } from '../../packages/core/src/participants/RemoteParticipant.js';
import type { Room } from '../../packages/core/src/room/Room.js';
import type { Topology } from '../../packages/core/src/room/types.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectFullMesh, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { signalingUrl, testSfu } from '../../packages/core/src/test-support/env.js';

const players: HTMLAudioElement[] = [];

/** Plays every remote participant's audio, as a call UI does (Chromium measures levels of played audio only). */
function playRemoteAudio(room: Room): void {
  for (const p of room.participants.values()) {
    const audio = new Audio();
    audio.srcObject = p.stream;
    void audio.play();
    players.push(audio);
  }
}

/** Records the names each room reports in `activeSpeakerChanged` (subscribing also starts mesh level sampling). */
function follow(room: Room): string[] {
  const seen: string[] = [];
  room.on('activeSpeakerChanged', (p: RemoteParticipant | null) => seen.push(p?.name ?? 'null'));
  return seen;
}

async function threeParty(topology: Topology, url: string, playAudio: boolean): Promise<void> {
  const name = uniqueRoom(`speaker-${topology}`);
  const [ann, bob, cat] = ['Ann', 'Bob', 'Cat'].map((n) => makeRoom(name, n, new WebSocketSignaling(url), { topology })) as [Room, Room, Room];
  const [atAnn, atBob, atCat] = [ann, bob, cat].map(follow) as [string[], string[], string[]];
  await ann.join();
  await bob.join();
  await bob.setMicrophoneEnabled(false);
  await cat.join();
  await cat.setMicrophoneEnabled(false);
  const all = [ann, bob, cat];
  await waitFor(() => all.every((r) => r.participants.size === 2), 'everyone to see two others');
  const micOn = (r: Room, of: Room): boolean | undefined => r.participants.get(of.localParticipant.id)?.isMicrophoneEnabled;
  await waitFor(() => all.every((r) => micOn(r, bob) !== true && micOn(r, cat) !== true), 'everyone to see Bob and Cat muted');
  await expectFullMesh(all);
  if (playAudio) all.forEach(playRemoteAudio);

  const speaker = (r: Room): string | undefined => r.activeSpeaker?.name;
  await waitFor(() => speaker(bob) === 'Ann' && speaker(cat) === 'Ann', 'Bob and Cat to see Ann as the active speaker', 15_000, 100);
  expect(atBob).to.deep.equal(['Ann']);
  expect(atCat).to.deep.equal(['Ann']);
  expect(atAnn, 'Ann hears only muted participants').to.deep.equal([]);

  await ann.setMicrophoneEnabled(false);
  await bob.setMicrophoneEnabled(true);
  await waitFor(() => speaker(ann) === 'Bob' && speaker(cat) === 'Bob', 'Ann and Cat to see Bob as the active speaker', 15_000, 100);
  expect(atCat).to.deep.equal(['Ann', 'Bob']);
  expect(atAnn).to.deep.equal(['Bob']);
  // Nobody else talks: Bob stays Ann's and Cat's speaker, and Bob's own view keeps Ann (the last one who spoke).
  expect(speaker(bob)).to.equal('Ann');
}

describe('active speaker from real audio', function () {
  this.timeout(90_000);
  afterEach(async () => {
    for (const a of players.splice(0)) {
      a.pause();
      a.srcObject = null;
    }
    await leaveAll();
  });

  it('mesh: from remote audio levels; muted participants never become the speaker', async () => {
    await threeParty('mesh', signalingUrl(), true);
  });

  it('SFU: from Janus talking events relayed by the server', async function () {
    const sfu = testSfu();
    if (!sfu) this.skip(); // Janus not installed, or not inside the test's network namespace (npm test sets it up)
    await threeParty('sfu', sfu!.signalingUrl, false);
  });
});
