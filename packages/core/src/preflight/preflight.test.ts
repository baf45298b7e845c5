// Room.preflight() against the test run's real signaling server and real coturn (TURN REST credentials), with
// Chromium's fake camera and microphone, and the test kit's fake getUserMedia for the failure cases.
import { expect } from '@open-wc/testing';
import { Room } from '../room/Room.js';
import { MemorySignaling, MemorySignalingHub } from '../signaling/MemorySignaling.js';
import { installFakeGetUserMedia } from '../testing/fake-media.js';
import { signalingUrl, testAuth, testTurn } from '../test-support/env.js';
import { preflight } from './preflight.js';
import type { PreflightCheckName } from './types.js';

/** coturn REST credentials (username "<expiry>:<user>", password base64(HMAC-SHA1(secret, username))). */
async function restCredentials(secret: string, expiresInSeconds = 600): Promise<RTCIceServer> {
  const username = `${Math.floor(Date.now() / 1000) + expiresInSeconds}:preflight-test`;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(username)));
  return { urls: testTurn().url, username, credential: btoa(String.fromCharCode(...mac)) };
}

const NO_DEVICES = { camera: false, microphone: false } as const;

describe('Room.preflight', function () {
  this.timeout(40_000);

  it('everything ok: fake camera and microphone, the server, coturn with credentials from the server, uplink through it', async () => {
    const seen: PreflightCheckName[] = [];
    const result = await Room.preflight({ signalingUrl: testTurn().signalingUrl, onCheck: (name) => seen.push(name) });
    console.log(`preflight (timings, not asserted): ${JSON.stringify(Object.fromEntries(Object.entries(result).map(([k, c]) => [k, { status: c.status, ms: c.ms, detail: c.detail }])))}`);
    expect(result.camera.status, result.camera.detail).to.equal('ok');
    expect(result.camera.width).to.be.greaterThan(0);
    expect(result.camera.frameRate).to.be.greaterThan(5);
    expect(result.microphone.status, result.microphone.detail).to.equal('ok');
    expect(result.microphone.level).to.be.greaterThan(0.005);
    expect(result.signaling.status, result.signaling.detail).to.be.oneOf(['ok', 'warning']);
    expect(result.signaling.ms).to.be.a('number').and.at.least(0);
    expect(result.signaling.connectMs).to.be.a('number');
    expect(result.signaling.detail).to.match(/answers in \d+ ms/);
    expect(result.turn.status, result.turn.detail).to.equal('ok');
    expect(result.uplink.status, result.uplink.detail).to.be.oneOf(['ok', 'warning']);
    expect(result.uplink.sentKbps).to.be.greaterThan(0);
    expect(result.uplink.detail).to.match(/rough/);
    expect([...seen].sort()).to.deep.equal(['camera', 'microphone', 'signaling', 'turn', 'uplink']);
  });

  it('TURN with a wrong secret: failed with the 401 remedy, uplink skipped', async () => {
    const wrong = await restCredentials('not-the-secret');
    const result = await preflight({ ...NO_DEVICES, iceServers: [wrong] });
    expect(result.turn.status).to.equal('failed');
    expect(result.turn.error?.code).to.equal('ice-failed');
    expect(result.turn.detail).to.match(/refused the credentials \((401|438)/);
    expect(result.turn.remedy).to.match(/wrong or expired/);
    expect(result.uplink.status).to.equal('skipped');
    expect(result.camera.status).to.equal('skipped');
    expect(result.signaling.status).to.equal('skipped');
  });

  it('TURN with the right secret given directly: ok, and the uplink runs on a generated picture without a camera', async () => {
    const result = await preflight({ ...NO_DEVICES, iceServers: [await restCredentials(testTurn().secret)], uplinkDurationMs: 1500 });
    expect(result.turn.status, result.turn.detail).to.equal('ok');
    expect(result.turn.ms).to.be.a('number');
    expect(result.uplink.status, result.uplink.detail).to.be.oneOf(['ok', 'warning']);
    expect(result.uplink.sentKbps).to.be.greaterThan(0);
  });

  it('an unreachable signaling server: failed with signaling-failed and a remedy; TURN skipped', async () => {
    const result = await preflight({ ...NO_DEVICES, signalingUrl: 'ws://127.0.0.1:9/ws', timeoutMs: 3000 });
    expect(result.signaling.status).to.equal('failed');
    expect(result.signaling.error?.code).to.equal('signaling-failed');
    expect(result.signaling.remedy).to.match(/server address/);
    expect(result.turn.status).to.equal('skipped');
    expect(result.uplink.status).to.equal('skipped');
  });

  it('a server without TURN: signaling ok, TURN warns that none is configured', async () => {
    const result = await preflight({ ...NO_DEVICES, signalingUrl: signalingUrl() });
    expect(result.signaling.status).to.be.oneOf(['ok', 'warning']);
    expect(result.turn.status).to.equal('warning');
    expect(result.turn.remedy).to.match(/TURN relay/);
  });

  it('a server that requires tokens: the ping works unjoined; TURN skipped, naming the refused join', async () => {
    const result = await preflight({ ...NO_DEVICES, signalingUrl: testAuth().signalingUrl });
    expect(result.signaling.status).to.be.oneOf(['ok', 'warning']);
    expect(result.turn.status).to.equal('skipped');
    expect(result.turn.detail).to.match(/unauthorized/);
  });

  it('a signaling adapter instead of a URL: a timed join', async () => {
    const result = await preflight({ ...NO_DEVICES, signaling: new MemorySignaling(new MemorySignalingHub()) });
    expect(result.signaling.status).to.equal('ok');
    expect(result.signaling.detail).to.match(/Joined a probe room/);
  });

  it('denied camera and microphone: device-denied with a remedy each', async () => {
    const restore = installFakeGetUserMedia({ videoError: 'NotAllowedError', audioError: 'NotAllowedError' });
    try {
      const result = await preflight({ uplink: false });
      for (const check of [result.camera, result.microphone]) {
        expect(check.status).to.equal('failed');
        expect(check.error?.code).to.equal('device-denied');
        expect(check.remedy).to.match(/^Allow (camera|microphone) access/);
      }
    } finally {
      restore();
    }
  });

  it('no camera: device-not-found for the camera, the microphone still checked', async () => {
    const restore = installFakeGetUserMedia({ videoError: 'NotFoundError', tone: 500 });
    try {
      const result = await preflight({ uplink: false });
      expect(result.camera.error?.code).to.equal('device-not-found');
      expect(result.camera.remedy).to.match(/Connect a camera/);
      expect(result.microphone.status, result.microphone.detail).to.equal('ok');
    } finally {
      restore();
    }
  });

  it('the test kit\'s fake media pass: frames at the asked size, a tone above silence', async () => {
    const restore = installFakeGetUserMedia({ width: 320, height: 180, frameRate: 15 });
    try {
      const result = await preflight({ uplink: false });
      expect(result.camera.status, result.camera.detail).to.be.oneOf(['ok', 'warning']);
      expect([result.camera.width, result.camera.height]).to.deep.equal([320, 180]);
      expect(result.microphone.status, result.microphone.detail).to.equal('ok');
    } finally {
      restore();
    }
  });

  it('refuses options it cannot use', async () => {
    let error: unknown;
    await preflight({ timeoutMs: -1 }).catch((e: unknown) => (error = e));
    expect((error as { code?: string }).code).to.equal('invalid-argument');
  });
});
