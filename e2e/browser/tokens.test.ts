// Room tokens against a server started with an auth secret: roles are enforced end to end.
import { expect } from '@open-wc/testing';
import { WebSocketSignaling } from '../../packages/core/src/signaling/WebSocketSignaling.js';
import { leaveAll, makeRoom } from '../../packages/core/src/test-support/call.js';
import { expectDecoding, rejection, uniqueRoom, waitFor } from '../../packages/core/src/testing/index.js';
import { testAuth, testRecording } from '../../packages/core/src/test-support/env.js';

const b64url = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const enc = (value: object): string => b64url(new TextEncoder().encode(JSON.stringify(value)));

/** An HS256 JWT (RFC 7519) signed with WebCrypto, independently of the server's minting code. */
async function token(claims: { room: string; name?: string; role?: 'publisher' | 'subscriber'; expiresIn?: number }): Promise<string> {
  const { expiresIn = 600, ...rest } = claims;
  const body = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ ...rest, exp: Math.floor(Date.now() / 1000) + expiresIn })}`;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(testAuth().secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `${body}.${b64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body))))}`;
}

describe('room tokens', function () {
  this.timeout(60_000);
  afterEach(leaveAll);

  it('a subscriber receives the call, publishes nothing, and may not turn a camera on', async () => {
    const room = uniqueRoom('tokens');
    const url = testAuth().signalingUrl;
    const ann = makeRoom(room, 'Ann', new WebSocketSignaling(url, { token: await token({ room, name: 'Ann' }) }));
    const viewer = makeRoom(room, 'ignored', new WebSocketSignaling(url, {
      token: () => token({ room, name: 'Viewer', role: 'subscriber' }),
    }));
    await ann.join();
    await viewer.join();
    expect(viewer.localRole).to.equal('subscriber');
    expect(ann.localRole).to.equal('publisher');
    expect(viewer.localParticipant.tracks.size).to.equal(0);
    await expectDecoding(viewer, ann.localParticipant.id);
    await waitFor(() => ann.participants.size === 1, 'Ann to see the viewer');
    const onAnn = [...ann.participants.values()][0]!;
    expect(onAnn.name).to.equal('Viewer'); // the token's name wins over the one asked for
    expect(onAnn.isCameraEnabled || onAnn.isMicrophoneEnabled).to.equal(false);
    expect((await rejection(viewer.setCameraEnabled(true))).code).to.equal('forbidden');
  });

  it('refuses a join without a token, with an expired one, or with one for another room (unauthorized)', async () => {
    const room = uniqueRoom('tokens-bad');
    const url = testAuth().signalingUrl;
    const attempts = [
      new WebSocketSignaling(url),
      new WebSocketSignaling(url, { token: await token({ room, expiresIn: -60 }) }),
      new WebSocketSignaling(url, { token: await token({ room: `${room}-other` }) }),
    ];
    for (const signaling of attempts) {
      const r = makeRoom(room, 'Mallory', signaling, { audio: false, video: false });
      const error = await rejection(r.join());
      expect(error.code).to.equal('unauthorized');
      expect(r.state).to.equal('disconnected');
    }
  });

  // Issue 15: a subscriber's `hello` with `current: "sfu"` (meant for clients back after a server restart) moved
  // a mesh room to the SFU. Raw sockets against the server that drives the run's Janus and requires tokens.
  it('a subscriber saying hello with current "sfu" does not move a mesh room to the SFU', async function () {
    const server = testRecording();
    if (!server) this.skip();
    const room = uniqueRoom('hello-sfu');
    const sockets: WebSocket[] = [];
    /** A joined raw client; `next(type)` resolves with its next message of that type, in arrival order. */
    const client = async (name: string, role: 'publisher' | 'subscriber') => {
      const ws = new WebSocket(server!.signalingUrl);
      sockets.push(ws);
      const inbox: Array<Record<string, unknown>> = [];
      ws.onmessage = (e) => inbox.push(JSON.parse(e.data as string) as Record<string, unknown>);
      await new Promise((resolve, reject) => ((ws.onopen = resolve), (ws.onerror = reject)));
      const next = async (type: string): Promise<Record<string, unknown>> => {
        let found: Record<string, unknown> | undefined;
        await waitFor(() => {
          const i = inbox.findIndex((m) => m['type'] === type);
          if (i >= 0) found = inbox.splice(0, i + 1)[i];
          return found !== undefined;
        }, `${name}'s next ${type}`);
        return found!;
      };
      ws.send(JSON.stringify({ type: 'join', room, name, token: await token({ room, name, role }) }));
      expect((await next('joined'))['role']).to.equal(role);
      return { send: (m: object) => ws.send(JSON.stringify(m)), next };
    };
    try {
      const ann = await client('Ann', 'publisher');
      ann.send({ type: 'sfu', op: 'hello', topology: 'auto' });
      expect((await ann.next('topology'))['topology']).to.equal('mesh');
      const sub = await client('Sub', 'subscriber');
      sub.send({ type: 'sfu', op: 'hello', topology: 'auto', current: 'sfu' });
      expect((await sub.next('topology'))['topology']).to.equal('mesh');
      // The room is still mesh for everyone (the old server told only the subscriber `sfu`, splitting the room)...
      ann.send({ type: 'sfu', op: 'hello', topology: 'auto' });
      expect((await ann.next('topology'))['topology']).to.equal('mesh');
      // ...while a publisher back after a restart still keeps its room in the SFU.
      const bob = await client('Bob', 'publisher');
      bob.send({ type: 'sfu', op: 'hello', topology: 'auto', current: 'sfu' });
      expect((await bob.next('topology'))['topology']).to.equal('sfu');
    } finally {
      sockets.forEach((ws) => ws.close());
    }
  });
});
