// Room codec policy (issue 19): a member whose browser cannot use VP8 joins; the room settles on the first codec of
// the policy (VP8, H.264, VP9) that everyone can decode and encode, and video decodes with it — mesh and SFU.
// "A browser without VP8" is simulated in a same-origin iframe (its own window, so its own RTCPeerConnection,
// RTCRtpReceiver…): its getCapabilities lists no VP8 and every one of its descriptions leaves VP8 out
// (setCodecPreferences), as a browser that lacks the codec would. The Room there is a real one, loaded in the frame.
// Measured here: Debian's Chromium 156 has H.264 (OpenH264 encoder, FFmpeg decoder) — the room goes to H.264;
// Debian's Firefox ESR 153 has none (its OpenH264 plugin is downloaded at run time, and this machine is offline) —
// the room goes to VP9.
import { expect } from '@open-wc/testing';
import type { Room } from '../../packages/core/src/room/Room.js';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom, SMALL_VIDEO } from '../../packages/core/src/test-support/call.js';
import { signalingUrl, testSfu } from '../../packages/core/src/test-support/env.js';
import { uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import type { VideoCodec } from '../../packages/core/src/media/codecs.js';

type Core = typeof import('../../packages/core/src/index.js');

/** Makes `w`'s WebRTC behave as a browser without `mimeType` (e.g. `video/vp8`) would. */
function withoutCodec(w: typeof globalThis, mimeType: string): void {
  const keep = (c: RTCRtpCodec): boolean => c.mimeType.toLowerCase() !== mimeType;
  for (const api of [w.RTCRtpReceiver, w.RTCRtpSender]) {
    const get = api.getCapabilities.bind(api);
    api.getCapabilities = (kind: string) => {
      const caps = get(kind);
      return caps && kind === 'video' ? { ...caps, codecs: caps.codecs.filter(keep) } : caps;
    };
  }
  const proto = w.RTCRtpTransceiver.prototype;
  const set = proto.setCodecPreferences;
  const preferred = new WeakSet<RTCRtpTransceiver>();
  proto.setCodecPreferences = function (this: RTCRtpTransceiver, codecs: Iterable<RTCRtpCodec>) {
    preferred.add(this);
    set.call(this, [...codecs].filter(keep));
  };
  // Transceivers the app set no preferences on leave the codec out too (getCapabilities above has none of it).
  const restrictAll = (pc: RTCPeerConnection): void => {
    for (const t of pc.getTransceivers()) {
      if (t.receiver.track.kind !== 'video' || t.currentDirection === 'stopped' || preferred.has(t)) continue;
      set.call(t, w.RTCRtpReceiver.getCapabilities('video')!.codecs);
    }
  };
  const pcProto = w.RTCPeerConnection.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ['createOffer', 'createAnswer', 'setLocalDescription'] as const) {
    const original = pcProto[method]!;
    pcProto[method] = function (this: RTCPeerConnection, ...args: unknown[]) {
      // Only descriptions the browser makes itself (setLocalDescription() with no argument, createOffer/Answer).
      if (method !== 'setLocalDescription' || args[0] === undefined) restrictAll(this);
      return original.apply(this, args);
    };
  }
}

const frames: HTMLIFrameElement[] = [];
const frameRooms: Room[] = [];

/** The core, loaded in a new same-origin frame whose browser "lacks" `mimeType`. */
async function coreWithout(mimeType: string): Promise<Core> {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  frames.push(frame);
  const w = frame.contentWindow as unknown as typeof globalThis & { eval(code: string): unknown };
  withoutCodec(w, mimeType);
  const url = new URL('/packages/core/src/index.ts', location.href).href;
  return (await w.eval(`import(${JSON.stringify(url)})`)) as Core;
}

/** The codec this browser's rooms should settle on once a member without VP8 is in. */
function fallbackCodec(): VideoCodec {
  const h264 = (kind: typeof RTCRtpSender | typeof RTCRtpReceiver): boolean =>
    kind.getCapabilities('video')!.codecs.some((c) => c.mimeType.toLowerCase() === 'video/h264');
  return h264(RTCRtpSender) && h264(RTCRtpReceiver) ? 'h264' : 'vp9';
}

/** Waits until `room` decodes `participantId`'s video with `codec`, and its frame count grows with it. */
async function expectDecodingWith(room: Room, participantId: string, codec: VideoCodec): Promise<void> {
  const who = `${room.localParticipant.name} decoding ${room.participants.get(participantId)?.name ?? participantId} as ${codec}`;
  let seen = 'no stats';
  const sample = async (): Promise<number> => {
    const s = (await room.getStats()).get(participantId);
    seen = `${s?.videoCodec ?? 'no codec'}, ${s?.framesDecoded ?? 0} frames`;
    return s?.videoCodec?.toLowerCase() === `video/${codec}` ? (s.framesDecoded ?? 0) : 0;
  };
  await waitFor(async () => (await sample()) > 0, who, 30_000, 200).catch((error: Error) => {
    throw new Error(`${error.message} (last seen: ${seen})`);
  });
  const first = await sample();
  await waitFor(async () => (await sample()) > first, `${who}: frames keep coming`, 15_000, 200);
}

describe('room codec policy: a member without VP8', function () {
  this.timeout(120_000);
  afterEach(async () => {
    await Promise.all([leaveAll(), ...frameRooms.splice(0).map((r) => r.leave())]);
    for (const f of frames.splice(0)) f.remove();
  });

  it('mesh: the room moves to the first codec everyone has, every link follows, and back to VP8 when it leaves', async () => {
    const room = uniqueRoom('codecs-mesh');
    const ws = (): WebSocketSignaling => new WebSocketSignaling(signalingUrl());
    const ann = makeRoom(room, 'Ann', ws(), { audio: false });
    const cat = makeRoom(room, 'Cat', ws(), { audio: false });
    await ann.join();
    await cat.join();
    const [annId, catId] = [ann.localParticipant.id, cat.localParticipant.id];
    await expectDecodingWith(ann, catId, 'vp8');
    expect(ann.videoCodec).to.equal('vp8');

    const core = await coreWithout('video/vp8');
    const bob = new core.Room({ room, name: 'Bob', signaling: new core.WebSocketSignaling(signalingUrl()), video: SMALL_VIDEO, audio: false });
    frameRooms.push(bob);
    await bob.join();
    const codec = fallbackCodec();
    const bobId = bob.localParticipant.id;
    await waitFor(() => [ann, cat, bob].every((r) => r.videoCodec === codec), `every member to settle on ${codec}`, 20_000);
    // Every link uses it, Ann ↔ Cat too (they could do VP8 between them, but the room has one codec).
    await Promise.all([
      expectDecodingWith(bob, annId, codec),
      expectDecodingWith(ann, bobId, codec),
      expectDecodingWith(cat, annId, codec),
      expectDecodingWith(ann, catId, codec),
    ]);

    await bob.leave();
    await waitFor(() => ann.videoCodec === 'vp8' && cat.videoCodec === 'vp8', 'the room to go back to VP8', 20_000);
    await Promise.all([expectDecodingWith(ann, catId, 'vp8'), expectDecodingWith(cat, annId, 'vp8')]);
  });

  it('SFU: the publisher moves its camera to a codec the newcomer decodes, and each decodes the other', async function () {
    const sfu = testSfu();
    if (!sfu) this.skip(); // Janus not installed, or not inside the test's network namespace (npm test sets it up)
    const room = uniqueRoom('codecs-sfu');
    const ann = makeRoom(room, 'Ann', new WebSocketSignaling(sfu!.signalingUrl), { topology: 'sfu', audio: false });
    await ann.join();
    const core = await coreWithout('video/vp8');
    const bob = new core.Room({
      room,
      name: 'Bob',
      signaling: new core.WebSocketSignaling(sfu!.signalingUrl),
      topology: 'sfu',
      video: SMALL_VIDEO,
      audio: false,
    });
    frameRooms.push(bob);
    await bob.join();
    const codec = fallbackCodec();
    await waitFor(() => ann.videoCodec === codec && bob.videoCodec === codec, `both to settle on ${codec}`, 20_000);
    await Promise.all([
      expectDecodingWith(bob, ann.localParticipant.id, codec),
      expectDecodingWith(ann, bob.localParticipant.id, codec),
    ]);
  });
});
