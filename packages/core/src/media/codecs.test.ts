// The room codec policy's choice and option checks (no network; the codec lists are this browser's own).
import { expect } from '@open-wc/testing';
import { checkVideoCodecs, chooseVideoCodec, codecPreferences, DEFAULT_VIDEO_CODECS, type VideoCodecSupport } from './codecs.js';

const both = (...codecs: VideoCodecSupport['decode']): VideoCodecSupport => ({ decode: codecs, encode: codecs });

describe('room codec policy', () => {
  it('settles on the first codec of the policy that every member decodes (and every sender encodes)', () => {
    const policy = ['vp8', 'h264', 'vp9'] as const;
    expect(chooseVideoCodec(policy, [both('vp8', 'h264', 'vp9'), both('vp8', 'vp9')])).to.equal('vp8');
    // A member without VP8 (say, a hardware-only decoder): H.264 if all have it, else VP9.
    expect(chooseVideoCodec(policy, [both('vp8', 'h264', 'vp9'), both('h264', 'vp9')])).to.equal('h264');
    expect(chooseVideoCodec(policy, [both('vp8', 'vp9'), both('h264', 'vp9')])).to.equal('vp9');
    // Firefox without OpenH264 decodes H.264 through the system but cannot send it: H.264 is out while it sends…
    const decodesOnly: VideoCodecSupport = { decode: ['h264', 'vp9'], encode: ['vp9'] };
    expect(chooseVideoCodec(['h264', 'vp9'], [both('h264', 'vp9'), decodesOnly])).to.equal('vp9');
    // …and fine for a receive-only member (encodes nothing).
    expect(chooseVideoCodec(['h264', 'vp9'], [both('h264', 'vp9'), { decode: ['h264'], encode: [] }])).to.equal('h264');
    // The policy's order wins over the members' own order.
    expect(chooseVideoCodec(['vp9', 'vp8'], [both('vp8', 'vp9')])).to.equal('vp9');
  });

  it('without a codec for everyone, takes the one most members decode (earlier on a tie)', () => {
    expect(chooseVideoCodec(['vp8', 'h264'], [both('vp8'), both('h264'), both('h264')])).to.equal('h264');
    expect(chooseVideoCodec(['vp8', 'h264'], [both('vp8'), both('h264')])).to.equal('vp8');
  });

  it('checks the option: default VP8, H.264, VP9; unknown or repeated codecs are refused', () => {
    expect(checkVideoCodecs(undefined)).to.deep.equal(DEFAULT_VIDEO_CODECS);
    expect(checkVideoCodecs(['av1', 'vp8'])).to.deep.equal(['av1', 'vp8']);
    for (const bad of [[], ['vp8', 'vp8'], ['h265'], 'vp8']) {
      expect(() => checkVideoCodecs(bad)).to.throw().with.property('code', 'invalid-argument');
    }
  });

  it('prefers the chosen codec first, keeps RTX, and leaves codecs outside the policy out', () => {
    const list = codecPreferences('vp9', ['vp8', 'vp9'], true)!;
    expect(list[0]!.mimeType.toLowerCase()).to.equal('video/vp9');
    const names = new Set(list.map((c) => c.mimeType.toLowerCase()));
    expect(names.has('video/vp8')).to.equal(true);
    expect(names.has('video/rtx')).to.equal(true);
    expect(names.has('video/av1') || names.has('video/h264')).to.equal(false);
    const alone = codecPreferences('vp8', ['vp8', 'vp9'], false)!;
    expect(alone.filter((c) => !/rtx|red|ulpfec|flexfec/i.test(c.mimeType)).every((c) => c.mimeType.toLowerCase() === 'video/vp8')).to.equal(true);
  });
});
