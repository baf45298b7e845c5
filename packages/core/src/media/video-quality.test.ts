// The size → simulcast layer mapping, and the per-track preference API in a mesh room (where it changes nothing).
import { expect } from '@open-wc/testing';
import { MemorySignaling, MemorySignalingHub } from '../signaling/MemorySignaling.js';
import { leaveAll, makeRoom } from '../test-support/call.js';
import { rejection, waitFor } from '../testing/index.js';
import { videoQualityFor } from './video-quality.js';

describe('videoQualityFor', () => {
  it('maps a rendered size in CSS px to the layer that fits it', () => {
    expect(videoQualityFor({ width: 160, height: 90 })).to.equal('low');
    expect(videoQualityFor({ width: 400, height: 225 })).to.equal('low'); // the 320 layer scaled up 1.25×
    expect(videoQualityFor({ width: 401, height: 225 })).to.equal('medium');
    expect(videoQualityFor({ width: 640, height: 360 })).to.equal('medium');
    expect(videoQualityFor({ width: 800, height: 450 })).to.equal('medium');
    expect(videoQualityFor({ width: 801, height: 450 })).to.equal('high');
    expect(videoQualityFor({ width: 1000, height: 562 })).to.equal('high');
    // A tall view covered by a 16:9 frame needs height × 16/9 across: 300×500 shows ~889 px of width.
    expect(videoQualityFor({ width: 300, height: 500 })).to.equal('high');
    expect(videoQualityFor({ width: 300, height: 300 })).to.equal('medium');
  });

  it('gives the lowest layer for a hidden (zero-size) view', () => {
    expect(videoQualityFor({ width: 0, height: 0 })).to.equal('low');
    expect(videoQualityFor({ width: 1000, height: 0 })).to.equal('low');
    expect(videoQualityFor({ width: 0, height: 1000 })).to.equal('low');
  });

  it('refuses sizes that are not finite numbers ≥ 0 with invalid-argument', () => {
    for (const bad of [{ width: -1, height: 10 }, { width: NaN, height: 10 }, { width: 10, height: Infinity }, { width: '10', height: 10 }, null]) {
      expect(() => videoQualityFor(bad as never), JSON.stringify(bad)).to.throw().with.property('code', 'invalid-argument');
    }
  });
});

describe('RemoteTrack layer preference in a mesh room', function () {
  this.timeout(30_000);
  afterEach(leaveAll);

  it('resolves without effect for video and audio tracks, and validates its argument', async () => {
    const hub = new MemorySignalingHub();
    const ann = makeRoom('prefs', 'Ann', new MemorySignaling(hub));
    const bob = makeRoom('prefs', 'Bob', new MemorySignaling(hub));
    await ann.join();
    await bob.join();
    const annId = ann.localParticipant.id;
    await waitFor(() => {
      const p = bob.participants.get(annId);
      return p?.cameraTrack !== undefined && p.microphoneTrack !== undefined;
    }, 'Bob to receive Ann’s camera and microphone');
    const ann4Bob = bob.participants.get(annId)!;
    const camera = ann4Bob.cameraTrack!;
    await camera.setVideoQuality('low');
    await camera.setVideoDimensions({ width: 1280, height: 720 });
    await ann4Bob.microphoneTrack!.setVideoQuality('low'); // audio: ignored
    expect((await rejection(camera.setVideoQuality('tiny' as never))).code).to.equal('invalid-argument');
    expect((await rejection(camera.setVideoDimensions({ width: -5, height: 10 }))).code).to.equal('invalid-argument');
    expect((await rejection(ann4Bob.microphoneTrack!.setVideoQuality('tiny' as never))).code).to.equal('invalid-argument');
  });
});
