/**
 * The shared conformance suite every {@link SignalingAdapter} must pass:
 * `runSignalingAdapterTests('websocket', () => new WebSocketSignaling(url))`.
 * It checks presence, ordering, addressing and leaving — the contract documented on `SignalingAdapter`.
 */
import { expect } from '@open-wc/testing';
import type {
  PeerInfo,
  SignalingAdapter,
  SignalingHandlers,
  SignalingPayload,
  SignalingState,
} from '../signaling/SignalingAdapter.js';
import type { RtcError } from '../errors/RtcError.js';
import { waitFor } from './wait.js';

/** An adapter plus everything its handlers received. */
export interface Recorded {
  adapter: SignalingAdapter;
  joined: PeerInfo[];
  left: string[];
  messages: Array<{ from: string; payload: SignalingPayload }>;
  states: SignalingState[];
  errors: RtcError[];
  /** Event log in arrival order, e.g. `joined:<id>`, `message:<id>`. */
  log: string[];
}

export function record(adapter: SignalingAdapter): Recorded {
  const r: Recorded = { adapter, joined: [], left: [], messages: [], states: [], errors: [], log: [] };
  const handlers: SignalingHandlers = {
    peerJoined: (p) => (r.joined.push(p), r.log.push(`joined:${p.id}`)),
    peerLeft: (id) => (r.left.push(id), r.log.push(`left:${id}`)),
    message: (from, payload) => (r.messages.push({ from, payload }), r.log.push(`message:${from}`)),
    stateChanged: (s) => r.states.push(s),
    error: (e) => r.errors.push(e),
  };
  adapter.setHandlers(handlers);
  return r;
}

let roomCounter = 0;
/** A room name no other test uses. */
export function uniqueRoom(prefix: string): string {
  roomCounter += 1;
  return `${prefix}-${Date.now().toString(36)}-${roomCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** What an adapter under test can do beyond presence. */
export interface ConformanceOptions {
  /**
   * `false` for adapters that carry no peer-to-peer payloads (`JanusSignaling`: Janus VideoRoom relays none):
   * the `send()`/`broadcast()` delivery tests do not apply and are not registered; presence, rooms, leaving and
   * double join still run.
   */
  messaging?: boolean;
}

export function runSignalingAdapterTests(name: string, factory: () => SignalingAdapter, options: ConformanceOptions = {}): void {
  const itMessaging = (title: string, fn: () => Promise<void>): void => {
    if (options.messaging !== false) it(title, fn);
  };
  describe(`SignalingAdapter conformance: ${name}`, () => {
    const open: SignalingAdapter[] = [];
    const make = (): Recorded => {
      const adapter = factory();
      open.push(adapter);
      return record(adapter);
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((a) => a.leave()));
    });

    it('joins, reports connected, and lists the peers already present in join order', async () => {
      const room = uniqueRoom(name);
      const a = make();
      const b = make();
      const c = make();
      expect(a.adapter.state).to.equal('disconnected');
      const ja = await a.adapter.join({ room, name: 'Ann' });
      expect(a.adapter.state).to.equal('connected');
      expect(a.states).to.include('connected');
      expect(ja.peers).to.deep.equal([]);
      expect(ja.selfId).to.be.a('string').and.not.equal('');
      const jb = await b.adapter.join({ room, name: 'Bob' });
      const jc = await c.adapter.join({ room, name: 'Cy' });
      // Adapters may add fields (the WebSocket server adds `role`); id and name are the contract.
      const idName = (peers: readonly PeerInfo[]) => peers.map(({ id, name }) => ({ id, name }));
      expect(idName(jb.peers)).to.deep.equal([{ id: ja.selfId, name: 'Ann' }]);
      expect(jc.peers.map((p) => p.name)).to.deep.equal(['Ann', 'Bob']);
      expect(new Set([ja.selfId, jb.selfId, jc.selfId]).size).to.equal(3);
      await waitFor(() => a.joined.length === 2 && b.joined.length === 1, 'presence to reach a and b');
      expect(a.joined.map((p) => p.name)).to.deep.equal(['Bob', 'Cy']);
      expect(idName(b.joined)).to.deep.equal([{ id: jc.selfId, name: 'Cy' }]);
    });

    itMessaging('delivers send() to exactly one peer, in order, stamped with the sender id', async () => {
      const room = uniqueRoom(name);
      const a = make();
      const b = make();
      const c = make();
      const ja = await a.adapter.join({ room, name: 'Ann' });
      const jb = await b.adapter.join({ room, name: 'Bob' });
      await c.adapter.join({ room, name: 'Cy' });
      await waitFor(() => a.joined.length === 2, 'a to see both peers');
      for (let i = 0; i < 20; i++) a.adapter.send(jb.selfId, { n: i, nested: { ok: true } });
      await waitFor(() => b.messages.length === 20, 'b to receive 20 messages');
      expect(b.messages.map((m) => m.payload['n'])).to.deep.equal([...Array(20).keys()]);
      expect(b.messages.every((m) => m.from === ja.selfId)).to.equal(true);
      expect(b.messages[0]?.payload['nested']).to.deep.equal({ ok: true });
      // Give stray deliveries a chance to show up before asserting there were none.
      await new Promise((r) => setTimeout(r, 100));
      expect(c.messages).to.have.length(0);
      expect(a.messages).to.have.length(0);
    });

    itMessaging('delivers broadcast() to every other peer but not the sender', async () => {
      const room = uniqueRoom(name);
      const a = make();
      const b = make();
      const c = make();
      const ja = await a.adapter.join({ room, name: 'Ann' });
      await b.adapter.join({ room, name: 'Bob' });
      await c.adapter.join({ room, name: 'Cy' });
      await waitFor(() => a.joined.length === 2, 'a to see both peers');
      a.adapter.broadcast({ hello: 'all' });
      await waitFor(() => b.messages.length === 1 && c.messages.length === 1, 'b and c to get the broadcast');
      expect(b.messages[0]).to.deep.equal({ from: ja.selfId, payload: { hello: 'all' } });
      expect(c.messages[0]).to.deep.equal({ from: ja.selfId, payload: { hello: 'all' } });
      await new Promise((r) => setTimeout(r, 100));
      expect(a.messages).to.have.length(0);
    });

    itMessaging('reports a newcomer before any message from it', async () => {
      const room = uniqueRoom(name);
      const a = make();
      const b = make();
      await a.adapter.join({ room, name: 'Ann' });
      const jb = await b.adapter.join({ room, name: 'Bob' });
      const ja = jb.peers[0];
      expect(ja).to.not.equal(undefined);
      b.adapter.send(ja!.id, { first: true });
      await waitFor(() => a.messages.length === 1, 'a to get the message');
      expect(a.log.indexOf(`joined:${jb.selfId}`)).to.be.greaterThan(-1);
      expect(a.log.indexOf(`joined:${jb.selfId}`)).to.be.lessThan(a.log.indexOf(`message:${jb.selfId}`));
    });

    it('keeps rooms apart', async () => {
      const a = make();
      const b = make();
      await a.adapter.join({ room: uniqueRoom(name), name: 'Ann' });
      const jb = await b.adapter.join({ room: uniqueRoom(name), name: 'Bob' });
      expect(jb.peers).to.deep.equal([]);
      b.adapter.broadcast({ x: 1 });
      await new Promise((r) => setTimeout(r, 200));
      expect(a.joined).to.have.length(0);
      expect(a.messages).to.have.length(0);
    });

    it('tells the others on leave(), and sends nothing afterwards', async () => {
      const room = uniqueRoom(name);
      const a = make();
      const b = make();
      await a.adapter.join({ room, name: 'Ann' });
      const jb = await b.adapter.join({ room, name: 'Bob' });
      await waitFor(() => a.joined.length === 1, 'a to see b');
      await b.adapter.leave();
      expect(b.adapter.state).to.equal('disconnected');
      await waitFor(() => a.left.length === 1, 'a to see b leave');
      expect(a.left).to.deep.equal([jb.selfId]);
      b.adapter.broadcast({ late: true });
      await b.adapter.leave(); // idempotent
      await new Promise((r) => setTimeout(r, 100));
      expect(a.messages).to.have.length(0);
    });

    it('rejects a second join() with invalid-state', async () => {
      const a = make();
      await a.adapter.join({ room: uniqueRoom(name), name: 'Ann' });
      let error: unknown;
      try {
        await a.adapter.join({ room: uniqueRoom(name), name: 'Ann' });
      } catch (e) {
        error = e;
      }
      expect((error as RtcError | undefined)?.code).to.equal('invalid-state');
    });
  });
}
