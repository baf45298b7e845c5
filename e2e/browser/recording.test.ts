// Recording, end to end: in the browser (canvas grid + Web Audio mix → MediaRecorder WebM, checked with ffprobe by
// the test runner) and on the server (Janus VideoRoom .mjr files, converted with janus-pp-rec). ffprobe and
// janus-pp-rec missing fail these tests with the apt-get command; the SFU part skips without Janus, like every SFU
// test.
import { expect } from '@open-wc/testing';
import type { Room } from '../../packages/core/src/room/Room.js';
import type { SfuEvent } from '../../packages/core/src/signaling/sfu-protocol.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectDecoding, firstRecordedData, rejection, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { signalingUrl, testRecording } from '../../packages/core/src/test-support/env.js';
import { convertJanusRecording, durationOf, probeMedia, signToken } from '../../packages/core/src/test-support/media-probe.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Labels drawn on any canvas (names on tiles) and AudioContexts created, while installed. */
function spy(): { labels: string[]; contexts: AudioContext[]; sources: number; restore(): void } {
  const state = { labels: [] as string[], contexts: [] as AudioContext[], sources: 0, restore: () => undefined };
  const fillText = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, text: string, ...rest: [number, number, number?]) {
    state.labels.push(text);
    return fillText.call(this, text, ...rest);
  };
  const Original = window.AudioContext;
  window.AudioContext = class extends Original {
    constructor(options?: AudioContextOptions) {
      super(options);
      state.contexts.push(this);
      const create = this.createMediaStreamSource.bind(this);
      this.createMediaStreamSource = (stream) => (state.sources++, create(stream));
    }
  };
  state.restore = () => {
    CanvasRenderingContext2D.prototype.fillText = fillText;
    window.AudioContext = Original;
  };
  return state;
}

/**
 * The labels drawn from now until each of `expected` was drawn `frames` times: every tile is drawn on every frame,
 * so a label that is drawn then (or missing) is drawn (or missing) in those frames, however slowly they come.
 */
async function drawnFrames(labels: string[], expected: string[], frames = 3): Promise<string[]> {
  labels.length = 0;
  const count = (name: string): number => labels.filter((l) => l === name).length;
  await waitFor(() => expected.every((name) => count(name) >= frames), `${frames} frames drawn with ${expected.join(', ')}`, 60_000);
  return [...new Set(labels)].sort();
}

/** The labels drawn while `ms` pass: only to show that nothing is drawn any more (an absence). */
async function drawnDuring(labels: string[], ms = 400): Promise<string[]> {
  labels.length = 0;
  await sleep(ms);
  return [...new Set(labels)].sort();
}

describe('recording', function () {
  this.timeout(120_000);
  afterEach(leaveAll);

  it('in the browser: 5 s of a call give a WebM with video and audio; joins and leaves are followed; stop releases', async () => {
    const s = spy();
    try {
      const room = uniqueRoom('rec');
      const ws = (): WebSocketSignaling => new WebSocketSignaling(signalingUrl());
      const ann = makeRoom(room, 'Ann', ws());
      const bob = makeRoom(room, 'Bob', ws());
      await ann.join();
      await bob.join();
      await expectDecoding(ann, bob.localParticipant.id);

      const rec = await ann.startRecording({ width: 640, height: 360, frameRate: 15 });
      expect(rec.state).to.equal('recording');
      expect(rec.mimeType).to.match(/^video\/webm/);
      await waitFor(() => s.labels.includes('Bob'), 'Bob drawn');
      expect(await drawnFrames(s.labels, ['Ann', 'Bob'])).to.deep.equal(['Ann', 'Bob']);
      expect(s.sources).to.equal(2); // Ann's and Bob's microphones in the mix

      await drawnFrames(s.labels, ['Ann', 'Bob'], 20); // some call to record (a count of frames, not a time)
      const cat = makeRoom(room, 'Cat', ws());
      await cat.join();
      await waitFor(() => s.labels.includes('Cat'), 'Cat drawn after joining');
      await waitFor(() => s.sources === 3, "Cat's microphone mixed in");
      await bob.leave();
      await waitFor(() => ann.participants.size === 1, 'Bob gone');
      expect(await drawnFrames(s.labels, ['Ann', 'Cat'])).to.deep.equal(['Ann', 'Cat']);
      await drawnFrames(s.labels, ['Ann', 'Cat'], 30);

      const blob = await rec.stop();
      expect(rec.state).to.equal('stopped');
      expect(await rec.stop()).to.equal(blob);
      expect(blob.type).to.match(/^video\/webm/);
      expect(s.contexts.map((c) => c.state)).to.deep.equal(['closed']);
      expect(await drawnDuring(s.labels)).to.deep.equal([]); // nothing is drawn any more

      const probe = await probeMedia(blob);
      expect(probe.format.format_name).to.contain('webm');
      const video = probe.streams.find((x) => x.codec_type === 'video');
      const audio = probe.streams.find((x) => x.codec_type === 'audio');
      expect(video, 'a video track').to.exist;
      expect(audio, 'an audio track').to.exist;
      expect([video!.width, video!.height]).to.deep.equal([640, 360]);
      expect(probe.packetCount[String(video!.index)] ?? 0).to.be.greaterThan(10);
      expect(probe.packetCount[String(audio!.index)] ?? 0).to.be.greaterThan(10);
      expect(durationOf(probe)).to.be.greaterThan(2); // ~5 s recorded; a generous floor, not a timing goal
    } finally {
      s.restore();
    }
  });

  it('stops by itself when the room is left, and refuses what it cannot record', async () => {
    const ann = makeRoom(uniqueRoom('rec-leave'), 'Ann', new WebSocketSignaling(signalingUrl()), { audio: false });
    await ann.join();
    expect((await rejection(ann.startRecording({ mimeType: 'video/x-unknown' }))).code).to.equal('recording-unsupported');
    expect((await rejection(ann.startRecording({ width: 0 }))).code).to.equal('invalid-argument');
    const encoded = firstRecordedData();
    const rec = await ann.startRecording({ width: 320, height: 240, frameRate: 10 });
    await encoded; // a recording stopped before the encoder's first output is empty
    await ann.leave();
    await waitFor(() => rec.state === 'stopped', 'the recording to stop on leave');
    const blob = await rec.stop();
    const probe = await probeMedia(blob);
    // No microphone at all: the mix is silence, but the WebM still has its audio track.
    expect(probe.streams.map((x) => x.codec_type).sort()).to.deep.equal(['audio', 'video']);
    expect((await rejection(ann.startRecording())).code).to.equal('invalid-state');
  });

  it('on the server (SFU): a token with record: true starts and stops Janus recording; the files convert with janus-pp-rec', async function () {
    const recording = testRecording();
    if (!recording) this.skip(); // Janus not installed, or not inside the test's network namespace
    const { signalingUrl: url, secret } = recording!;
    const room = uniqueRoom('srec');
    const hostSignaling = new WebSocketSignaling(url, { token: await signToken(secret, { room, name: 'Host', record: true }) });
    const guestSignaling = new WebSocketSignaling(url, { token: await signToken(secret, { room, name: 'Guest' }) });
    const host = makeRoom(room, 'Host', hostSignaling, { topology: 'sfu' });
    const guest: Room = makeRoom(room, 'Guest', guestSignaling, { topology: 'sfu' });
    await host.join();
    await guest.join();
    await expectDecoding(guest, host.localParticipant.id);
    await expectDecoding(host, guest.localParticipant.id);
    const told: SfuEvent[] = [];
    const channel = guestSignaling.sfu((event) => void (event.type === 'sfu-event' && event.event === 'recording' && told.push(event)));

    expect((await rejection(guest.setServerRecording(true))).code).to.equal('forbidden');
    const started = await host.setServerRecording(true);
    expect(started.active).to.equal(true);
    expect(started.id).to.match(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    expect(await host.setServerRecording(true)).to.deep.equal(started); // already recording: same recording
    await waitFor(() => told.length === 1, 'the guest to be told');
    expect(told[0]).to.deep.include({ participant: host.localParticipant.id, active: true });
    await sleep(4000);
    expect(await host.setServerRecording(false)).to.deep.equal({ active: false, id: started.id });
    await waitFor(() => told.length === 2, 'the guest to be told it stopped');
    channel.close();

    const { files } = await convertJanusRecording(started.id);
    // Two publishers, each an audio and a video stream.
    expect(files.map((f) => f.kind).sort()).to.deep.equal(['audio', 'audio', 'video', 'video']);
    for (const f of files) {
      expect(f.ok, `${f.mjr}: ${f.error ?? ''}`).to.equal(true);
      const stream = f.probe!.streams[0]!;
      expect(stream.codec_name).to.equal(f.kind === 'video' ? 'vp8' : 'opus');
      expect(durationOf(f.probe!), f.mjr).to.be.greaterThan(1);
    }
  });
});
