// Layer choice from a publisher's real encodings (issue 18): the encodings sized to the capture, the layers they
// produce, the announcement subscribers receive, and the layer picked for a rendered size. The real call at a
// 1000×700 viewport, in both browsers, is e2e/browser/sfu-sharp.test.ts.
import { expect } from '@open-wc/testing';
import { LayerChoice } from './layers.js';
import { clampQuality, layerFor, layersMessage, parseLayersMessage, plannedLayers, simulcastEncodings } from './simulcast.js';

describe('simulcast layers from the real capture', () => {
  it('sizes the encodings to the capture so that no layer is below what Chromium sends', () => {
    const widths = (w: number, h: number) => plannedLayers(w, h, simulcastEncodings(w, h) ?? []).map((l) => `${l.width}×${l.height}`);
    expect(widths(1280, 720)).to.deep.equal(['320×180', '640×360', '1280×720']);
    expect(widths(640, 480)).to.deep.equal(['320×240', '640×480']); // not a 160 px layer Chromium never sends
    expect(widths(1920, 1080)).to.deep.equal(['480×270', '960×540', '1920×1080']);
    expect(simulcastEncodings(480, 270)).to.equal(undefined); // one layer: no simulcast
    expect(simulcastEncodings(1280, 720)!.map((e) => e.rid)).to.deep.equal(['h', 'm', 'l']); // top first (Janus "hml")
  });

  it('picks the smallest real layer at least as wide as the view in device pixels', () => {
    const hd = plannedLayers(1280, 720, simulcastEncodings(1280, 720)!);
    const vga = plannedLayers(640, 480, simulcastEncodings(640, 480)!);
    // The tile: 485 px in a two-person call.
    expect(layerFor(hd, { width: 485, height: 273 })).to.equal('medium'); // 640
    expect(layerFor(vga, { width: 485, height: 364 })).to.equal('medium'); // 640, the top of two layers
    expect(layerFor(hd, { width: 320, height: 180 })).to.equal('low');
    expect(layerFor(hd, { width: 641, height: 360 })).to.equal('high');
    expect(layerFor(hd, { width: 2000, height: 1125 })).to.equal('high'); // none is wide enough: the largest
    // A tall view covered by the frame needs height × its aspect ratio across: 300×500 shows ~889 px of a 16:9 frame.
    expect(layerFor(hd, { width: 300, height: 500 })).to.equal('high');
    expect(layerFor(hd, { width: 0, height: 0 })).to.equal('low'); // hidden
    // A layer the encoder really sends smaller (CPU adaptation: 640 → 480) no longer fits a 485 px view.
    expect(layerFor([{ width: 240, height: 135 }, { width: 480, height: 270 }, { width: 1280, height: 720 }], { width: 485, height: 273 })).to.equal('high');
    expect(clampQuality('high', vga.length)).to.equal('medium');
  });

  it('announces layers in a message subscribers parse, and refuses anything else', () => {
    const layers = [{ width: 320, height: 180 }, { width: 1280, height: 720 }];
    expect(parseLayersMessage(layersMessage(layers))).to.deep.equal(layers);
    for (const bad of ['', 'hello', '{"rtcRoomLayers":[]}', '{"rtcRoomLayers":[[1,2,3]]}', '{"rtcRoomLayers":[[-1,2]]}', '{"rtcRoomLayers":[[1,2],[3,4],[5,6],[7,8]]}', 'null', `{"rtcRoomLayers":[[1e9,2]]}`]) {
      expect(parseLayersMessage(bad), bad).to.equal(undefined);
    }
  });

  it('re-resolves a size preference when the publisher announces its layers, asking only for changes', () => {
    const choice = new LayerChoice();
    choice.prefer('ann', { width: 485, height: 273 });
    expect(choice.next('ann')).to.equal('medium'); // assumed 1280×720 camera: 640
    choice.applied('ann', 'medium');
    expect(choice.next('ann')).to.equal(undefined); // in force
    // Ann really sends 640×480 in two layers: 320 and 640; the 640 one is substream 1 again.
    expect(choice.announced('ann', layersMessage([{ width: 320, height: 240 }, { width: 640, height: 480 }]))).to.equal(true);
    expect(choice.next('ann')).to.equal(undefined);
    // Three layers, the middle one sent at 480 (CPU adaptation): too narrow, the top one is needed.
    const adapted = layersMessage([{ width: 240, height: 135 }, { width: 480, height: 270 }, { width: 1280, height: 720 }]);
    expect(choice.announced('ann', adapted)).to.equal(true);
    expect(choice.next('ann')).to.equal('high');
    expect(choice.announced('ann', adapted)).to.equal(false); // the same again: nothing to re-apply
    choice.announced('ann', layersMessage([{ width: 320, height: 240 }, { width: 640, height: 480 }]));
    choice.prefer('ann', 'high');
    expect(choice.next('ann')).to.equal(undefined); // clamped to 'medium' (two layers), which is in force
    choice.reset('ann'); // a new subscription starts on Janus's default layer
    choice.applied('ann', 'high');
    choice.prefer('ann', { width: 100, height: 56 });
    expect(choice.next('ann')).to.equal('low');
  });
});
