import { expect } from '@open-wc/testing';
import type { RtcError } from '../errors/RtcError.js';
import { signalingUrl } from '../test-support/env.js';
import { rejection } from '../testing/wait.js';
import { WebSocketSignaling } from './WebSocketSignaling.js';

/**
 * Against the real signaling server, a client or a server of another protocol major: the page's `WebSocket` is
 * replaced by one that rewrites the `protocol` field of the frames in one direction (an older or newer build on
 * that side), everything else on the wire is real.
 */
function speakingAs(direction: 'client' | 'server', protocol: number): () => void {
  const Native = globalThis.WebSocket;
  const rewrite = (text: unknown): unknown => {
    if (typeof text !== 'string') return text;
    const message = JSON.parse(text) as Record<string, unknown>;
    return 'protocol' in message ? JSON.stringify({ ...message, protocol }) : text;
  };
  class Rewriting extends Native {
    override send(data: string): void {
      super.send(direction === 'client' ? (rewrite(data) as string) : data);
    }
    override set onmessage(listener: ((event: MessageEvent) => void) | null) {
      super.onmessage =
        listener && direction === 'server'
          ? (event: MessageEvent) => listener.call(this, new MessageEvent('message', { data: rewrite(event.data) }))
          : listener;
    }
    override get onmessage(): ((event: MessageEvent) => void) | null {
      return super.onmessage;
    }
  }
  globalThis.WebSocket = Rewriting;
  return () => {
    globalThis.WebSocket = Native;
  };
}

describe('WebSocketSignaling protocol version', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  it('says which protocol it speaks and joins a server of the same major', async () => {
    const adapter = new WebSocketSignaling(signalingUrl());
    const result = await adapter.join({ room: `pv-ok-${Math.random()}`, name: 'A' });
    expect(result.selfId).to.be.a('string');
    await adapter.leave();
  });

  /** Joins with `direction` speaking protocol `major`; resolves with the adapter and the rejection. */
  const joinSpeaking = async (direction: 'client' | 'server', major: number): Promise<[WebSocketSignaling, RtcError]> => {
    restore = speakingAs(direction, major);
    const adapter = new WebSocketSignaling(signalingUrl());
    return [adapter, await rejection(adapter.join({ room: `pv-${direction}-${Math.random()}`, name: 'A' }))];
  };

  it('rejects join() with protocol-mismatch when the server refuses the client major', async () => {
    const [adapter, error] = await joinSpeaking('client', 2);
    expect(error?.code).to.equal('protocol-mismatch');
    expect(error?.name).to.equal('SignalingError');
    expect(error?.message).to.match(/this server speaks protocol 1, the client 2/);
    expect(adapter.state).to.equal('disconnected');
  });

  it('rejects join() with protocol-mismatch when the server names another major', async () => {
    const [adapter, error] = await joinSpeaking('server', 2);
    expect(error?.code).to.equal('protocol-mismatch');
    expect(error?.message).to.match(/client protocol 1, server 2/);
    expect(adapter.state).to.equal('disconnected');
  });
});
