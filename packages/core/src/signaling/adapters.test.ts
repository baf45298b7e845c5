import { expect } from '@open-wc/testing';
import { runSignalingAdapterTests } from '../testing/index.js';
import { BroadcastChannelSignaling } from './BroadcastChannelSignaling.js';
import { MemorySignaling, MemorySignalingHub } from './MemorySignaling.js';
import { WebSocketSignaling } from './WebSocketSignaling.js';
import type { RtcError } from '../errors/RtcError.js';
import { signalingUrl } from '../test-support/env.js';

const hub = new MemorySignalingHub();
runSignalingAdapterTests('memory', () => new MemorySignaling(hub));
// discoveryMs: how long join() listens for members already present. The 150 ms default missed a member on a loaded
// CI machine (CI on 9ec1768); the contract under test is the listing, not the speed.
runSignalingAdapterTests('broadcast-channel', () => new BroadcastChannelSignaling({ channelPrefix: 'conformance', discoveryMs: 1000 }));
runSignalingAdapterTests('websocket', () => new WebSocketSignaling(signalingUrl()));

describe('WebSocketSignaling', () => {
  it('rejects a non-WebSocket URL with invalid-argument', () => {
    expect(() => new WebSocketSignaling('http://example.com/ws')).to.throw().with.property('code', 'invalid-argument');
    expect(() => new WebSocketSignaling('not a url')).to.throw().with.property('code', 'invalid-argument');
  });

  it('rejects join() with signaling-failed when nothing listens', async () => {
    const adapter = new WebSocketSignaling('ws://127.0.0.1:9/ws');
    let error: RtcError | undefined;
    await adapter.join({ room: 'x', name: 'A' }).catch((e: RtcError) => (error = e));
    expect(error?.code).to.equal('signaling-failed');
    expect(adapter.state).to.equal('disconnected');
  });
});
