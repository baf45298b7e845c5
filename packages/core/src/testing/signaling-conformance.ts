/**
 * The shared conformance suite every {@link SignalingAdapter} must pass:
 * `runSignalingAdapterTests('websocket', () => new WebSocketSignaling(url))`.
 * It checks presence, ordering, addressing, peer channels and leaving — the contract documented on `SignalingAdapter`.
 *
 * It registers its tests with the runner's `describe`/`it`/`afterEach` (mocha's BDD interface, which jasmine, jest
 * and vitest share): the globals, or the functions passed as `options.api`. It needs no assertion library.
 */
import type {
  PeerChannel,
  PeerInfo,
  SignalingAdapter,
  SignalingHandlers,
  SignalingPayload,
  SignalingState,
} from '../signaling/SignalingAdapter.js';
import type { RtcError } from '../errors/RtcError.js';
import { deepEqual, equal, ok } from './assert.js';
import { waitFor } from './wait.js';

/** An adapter plus everything its handlers and its peer channel received. */
export interface Recorded {
  adapter: SignalingAdapter;
  /** The peer channel `recordSignaling` opened (`undefined` when the adapter has no `peer()`). */
  channel: PeerChannel | undefined;
  joined: PeerInfo[];
  left: string[];
  /** Payloads `channel` received, in order. */
  messages: Array<{ from: string; payload: SignalingPayload }>;
  states: SignalingState[];
  errors: RtcError[];
  /** Event log in arrival order, e.g. `joined:<id>`, `message:<id>`. */
  log: string[];
}

/** A participant of a test: what it recorded, and its id once joined. */
type Joined = Recorded & { readonly id: string };

/**
 * Sets handlers on `adapter` and opens a peer channel on it (if it has `peer()`), recording everything they report
 * (what the conformance tests look at).
 */
export function recordSignaling(adapter: SignalingAdapter): Recorded {
  const r: Recorded = { adapter, channel: undefined, joined: [], left: [], messages: [], states: [], errors: [], log: [] };
  const handlers: SignalingHandlers = {
    peerJoined: (p) => (r.joined.push(p), r.log.push(`joined:${p.id}`)),
    peerLeft: (id) => (r.left.push(id), r.log.push(`left:${id}`)),
    stateChanged: (s) => r.states.push(s),
    error: (e) => r.errors.push(e),
  };
  adapter.setHandlers(handlers);
  r.channel = adapter.peer?.((from, payload) => (r.messages.push({ from, payload }), r.log.push(`message:${from}`)));
  return r;
}

/** `r`'s peer channel; fails (the messaging tests need one) when the adapter has no `peer()`. */
function channel(r: Recorded): PeerChannel {
  ok(r.channel !== undefined, 'a peer channel (peer(); { messaging: false } for an adapter without one)');
  return r.channel;
}

let roomCounter = 0;
/** A room name no other test uses. */
export function uniqueRoom(prefix: string): string {
  roomCounter += 1;
  return `${prefix}-${Date.now().toString(36)}-${roomCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The test runner functions the suite registers with (mocha's BDD interface; jasmine, jest, vitest share it). */
export interface TestApi {
  describe(title: string, body: () => void): unknown;
  it(title: string, body: () => Promise<void>): unknown;
  afterEach(body: () => Promise<void>): unknown;
}

/** What an adapter under test can do beyond presence, and which runner to register with. */
export interface ConformanceOptions {
  /**
   * `false` for adapters that carry no peer-to-peer payloads (no `peer()`; `JanusSignaling`: Janus VideoRoom relays
   * none): the peer channel tests do not apply and are not registered; presence, rooms, leaving and double join
   * still run.
   */
  messaging?: boolean;
  /**
   * `describe`, `it` and `afterEach` to register the tests with, e.g. `import { describe, it, afterEach } from
   * 'vitest'`. Default the globals (mocha, jasmine, jest, vitest with `globals: true`).
   */
  api?: TestApi;
}

function globalApi(): TestApi {
  const g = globalThis as Partial<TestApi>;
  if (typeof g.describe !== 'function' || typeof g.it !== 'function' || typeof g.afterEach !== 'function') {
    throw new TypeError(
      'runSignalingAdapterTests: no describe/it/afterEach globals. Call it from a mocha (or jasmine, jest) test file, or pass options.api.',
    );
  }
  return g as TestApi;
}

/**
 * Registers the conformance tests for one adapter: presence in join order, a peer channel's `send()` to exactly one
 * peer in order and stamped with the sender, `broadcast()` to all others, a newcomer reported before its first
 * payload, every open channel getting every payload and a closed one nothing, rooms kept apart, `leave()` seen by
 * the others and idempotent, a second `join()` rejected with `invalid-state`.
 * `factory` is called for every participant of every test (three at most at once); each must be a fresh,
 * unjoined adapter on the same backend. The suite leaves every adapter after each test.
 *
 * @example
 * ```ts
 * import { runSignalingAdapterTests } from '@rtc-room/core/testing';
 * runSignalingAdapterTests('mqtt', () => new MqttSignaling({ url: 'ws://127.0.0.1:9001' }));
 * ```
 * @throws {TypeError} when there is no runner to register with (no globals and no `options.api`).
 */
export function runSignalingAdapterTests(name: string, factory: () => SignalingAdapter, options: ConformanceOptions = {}): void {
  const { describe, it, afterEach } = options.api ?? globalApi();
  const itMessaging = (title: string, fn: () => Promise<void>): void => {
    if (options.messaging !== false) it(title, fn);
  };
  describe(`SignalingAdapter conformance: ${name}`, () => {
    const open: SignalingAdapter[] = [];
    const make = (): Recorded => {
      const adapter = factory();
      open.push(adapter);
      return recordSignaling(adapter);
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((a) => a.leave()));
    });
    /** Joins a fresh participant per name to one new room, in turn; resolves once the first sees all the others. */
    const joinAll = async <N extends readonly string[]>(...names: N): Promise<{ [K in keyof N]: Joined }> => {
      const room = uniqueRoom(name);
      const all: Joined[] = [];
      for (const who of names) {
        const r = make();
        all.push({ ...r, id: (await r.adapter.join({ room, name: who })).selfId });
      }
      await waitFor(() => all[0]!.joined.length === names.length - 1, 'the first to see all others');
      return all as { [K in keyof N]: Joined };
    };

    it('joins, reports connected, and lists the peers already present in join order', async () => {
      const room = uniqueRoom(name);
      const a = make();
      const b = make();
      const c = make();
      equal(a.adapter.state, 'disconnected', 'state before join()');
      const ja = await a.adapter.join({ room, name: 'Ann' });
      equal(a.adapter.state, 'connected', 'state after join()');
      ok(a.states.includes('connected'), `stateChanged reported connected (got ${a.states.join(', ')})`);
      deepEqual(ja.peers, [], 'peers of the first to join');
      ok(typeof ja.selfId === 'string' && ja.selfId !== '', `selfId is a non-empty string (got ${String(ja.selfId)})`);
      const jb = await b.adapter.join({ room, name: 'Bob' });
      const jc = await c.adapter.join({ room, name: 'Cy' });
      // Adapters may add fields (the WebSocket server adds `role`); id and name are the contract.
      const idName = (peers: readonly PeerInfo[]) => peers.map(({ id, name }) => ({ id, name }));
      deepEqual(idName(jb.peers), [{ id: ja.selfId, name: 'Ann' }], 'peers of the second to join');
      deepEqual(jc.peers.map((p) => p.name), ['Ann', 'Bob'], 'peers of the third to join, in join order');
      equal(new Set([ja.selfId, jb.selfId, jc.selfId]).size, 3, 'distinct selfIds');
      await waitFor(() => a.joined.length === 2 && b.joined.length === 1, 'presence to reach a and b');
      deepEqual(a.joined.map((p) => p.name), ['Bob', 'Cy'], 'peerJoined on the first, in join order');
      deepEqual(idName(b.joined), [{ id: jc.selfId, name: 'Cy' }], 'peerJoined on the second');
    });

    itMessaging('delivers send() to exactly one peer, in order, stamped with the sender id', async () => {
      const [a, b, c] = await joinAll('Ann', 'Bob', 'Cy');
      for (let i = 0; i < 20; i++) channel(a).send(b.id, { n: i, nested: { ok: true } });
      await waitFor(() => b.messages.length === 20, 'b to receive 20 messages');
      deepEqual(b.messages.map((m) => m.payload['n']), [...Array(20).keys()], 'payloads in send order');
      equal(b.messages.every((m) => m.from === a.id), true, 'every message stamped with the sender id');
      deepEqual(b.messages[0]?.payload['nested'], { ok: true }, 'a nested payload');
      // Give stray deliveries a chance to show up before asserting there were none.
      await new Promise((r) => setTimeout(r, 100));
      deepEqual(c.messages, [], 'messages to a peer not addressed');
      deepEqual(a.messages, [], 'messages back to the sender');
    });

    itMessaging('delivers broadcast() to every other peer but not the sender', async () => {
      const [a, b, c] = await joinAll('Ann', 'Bob', 'Cy');
      channel(a).broadcast({ hello: 'all' });
      await waitFor(() => b.messages.length === 1 && c.messages.length === 1, 'b and c to get the broadcast');
      deepEqual(b.messages[0], { from: a.id, payload: { hello: 'all' } }, 'broadcast received by b');
      deepEqual(c.messages[0], { from: a.id, payload: { hello: 'all' } }, 'broadcast received by c');
      await new Promise((r) => setTimeout(r, 100));
      deepEqual(a.messages, [], 'the broadcast echoed to the sender');
    });

    itMessaging('reports a newcomer before any message from it', async () => {
      const room = uniqueRoom(name);
      const a = make();
      const b = make();
      await a.adapter.join({ room, name: 'Ann' });
      const jb = await b.adapter.join({ room, name: 'Bob' });
      const ja = jb.peers[0];
      ok(ja !== undefined, 'the newcomer lists the peer already there');
      channel(b).send(ja!.id, { first: true });
      await waitFor(() => a.messages.length === 1, 'a to get the message');
      ok(a.log.indexOf(`joined:${jb.selfId}`) > -1, `peerJoined for the newcomer (log: ${a.log.join(', ')})`);
      ok(a.log.indexOf(`joined:${jb.selfId}`) < a.log.indexOf(`message:${jb.selfId}`), `peerJoined before its message (log: ${a.log.join(', ')})`);
    });

    itMessaging('delivers to every open peer channel, nothing to or from a closed one', async () => {
      const [a, b] = await joinAll('Ann', 'Bob');
      const second: Array<{ from: string; payload: SignalingPayload }> = [];
      const extra = b.adapter.peer!((from, payload) => second.push({ from, payload })); // opened after join()
      channel(a).send(b.id, { n: 1 });
      channel(a).broadcast({ n: 2 });
      await waitFor(() => b.messages.length === 2 && second.length === 2, "b's channels to get both");
      deepEqual(second, [{ from: a.id, payload: { n: 1 } }, { from: a.id, payload: { n: 2 } }], 'payloads of a second channel');
      extra.close();
      extra.close(); // idempotent
      extra.send(a.id, { closed: true });
      extra.broadcast({ closed: true });
      channel(a).send(b.id, { n: 3 });
      await waitFor(() => b.messages.length === 3, "b's open channel to get a third");
      await new Promise((r) => setTimeout(r, 100));
      equal(second.length, 2, 'payloads delivered to a closed channel');
      deepEqual(a.messages, [], 'payloads sent on a closed channel');
    });

    it('keeps rooms apart', async () => {
      const a = make();
      const b = make();
      await a.adapter.join({ room: uniqueRoom(name), name: 'Ann' });
      const jb = await b.adapter.join({ room: uniqueRoom(name), name: 'Bob' });
      deepEqual(jb.peers, [], 'peers in another room');
      b.channel?.broadcast({ x: 1 });
      await new Promise((r) => setTimeout(r, 200));
      deepEqual(a.joined, [], 'peerJoined from another room');
      deepEqual(a.messages, [], 'messages from another room');
    });

    it('tells the others on leave(), and sends nothing afterwards', async () => {
      const [a, b] = await joinAll('Ann', 'Bob');
      await b.adapter.leave();
      equal(b.adapter.state, 'disconnected', 'state after leave()');
      await waitFor(() => a.left.length === 1, 'a to see b leave');
      deepEqual(a.left, [b.id], 'peerLeft');
      b.channel?.broadcast({ late: true });
      await b.adapter.leave(); // idempotent
      await new Promise((r) => setTimeout(r, 100));
      deepEqual(a.messages, [], 'messages after leave()');
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
      equal((error as RtcError | undefined)?.code, 'invalid-state', 'code of the second join() rejection');
    });
  });
}
