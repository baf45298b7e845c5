// @rtc-room/janus against a real Janus (scripts/janus.mjs; only inside the test network namespace, as `npm test`
// runs this suite): the server's session coming back after Janus restarts, VideoRoom refusals with their codes, and
// the subscriber driver refusing layer and ICE-restart requests before it has a handle. The media sequences
// (publish, subscribe, update, start) need browsers: e2e/browser/sfu-*.test.ts and janus-direct.test.ts.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createRoomRequest,
  JanusConnection,
  JanusError,
  openJanusSession,
  VideoRoomError,
  VideoRoomPublisher,
  VideoRoomSubscriber,
  type JanusSession,
} from '@rtc-room/janus';
import { WebSocket } from 'ws';
import { deadPort, waitFor } from './helpers.js';

interface TestJanus {
  url: string;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** scripts/janus.mjs, found from this file whether the test runs from source or from `.test-build/`. */
async function startJanus(): Promise<TestJanus | null> {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'scripts', 'janus.mjs'))) dir = path.dirname(dir);
  const script = (await import(pathToFileURL(path.join(dir, 'scripts', 'janus.mjs')).href)) as {
    startJanus(): Promise<TestJanus | null>;
  };
  return script.startJanus();
}

async function rejection(promise: Promise<unknown>): Promise<JanusError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof JanusError, `expected a JanusError, got ${String(error)}`);
  return error;
}

describe('@rtc-room/janus without Janus', () => {
  it('openJanusSession on a port nobody listens on rejects with a JanusError naming the URL, without a code', async () => {
    const url = `ws://127.0.0.1:${await deadPort()}`;
    const error = await rejection(openJanusSession(url, { WebSocket }));
    assert.match(error.message, new RegExp(`Cannot reach Janus at ${url}`));
    assert.equal(error.code, undefined);
  });
});

describe('@rtc-room/janus against a real Janus', { timeout: 60_000 }, () => {
  let janus: TestJanus | null = null;
  before(async () => {
    janus = await startJanus();
  });
  after(async () => {
    await janus?.stop();
  });

  it('JanusConnection: prepare and onUp on each new session; onDown when Janus dies; back after its restart', async (t) => {
    if (!janus) return t.skip('needs janus and the test network namespace (npm test provides both)');
    const events: string[] = [];
    const sessions: JanusSession[] = [];
    const connection = new JanusConnection(janus.url, {
      WebSocket,
      retryMs: 100,
      prepare: async (session) => {
        events.push('prepare');
        await session.attach(() => undefined);
      },
      onUp: (session) => (events.push('up'), sessions.push(session)),
      onDown: () => events.push('down'),
    });
    try {
      await connection.start();
      assert.deepEqual(events, ['prepare', 'up']);
      assert.equal(connection.session, sessions[0]);
      await janus.kill();
      await waitFor(() => events.includes('down'), 10_000, 'onDown');
      assert.equal(connection.session, undefined);
      await janus.restart();
      await waitFor(() => sessions.length === 2, 20_000, 'a second session');
      assert.deepEqual(events, ['prepare', 'up', 'down', 'prepare', 'up']);
      assert.notEqual(sessions[1], sessions[0]);
      assert.equal(connection.session, sessions[1]);
    } finally {
      connection.close();
    }
    assert.equal(connection.session, undefined);
  });

  it('VideoRoomPublisher.join: joined data; a taken feed id and a missing room reject with the VideoRoom codes', async (t) => {
    if (!janus) return t.skip('needs janus and the test network namespace (npm test provides both)');
    const session = await openJanusSession(janus.url, { WebSocket });
    try {
      const room = 4242;
      const control = await session.attach(() => undefined);
      await session.message(control, createRoomRequest(room));
      // Issue 19: the room takes every codec of the room codec policy, VP8 first.
      const { data } = await session.message(control, { request: 'list' });
      const created = (data['list'] as Array<Record<string, unknown>>).find((r) => r['room'] === room);
      assert.equal(created?.['videocodec'], 'vp8,h264,vp9,av1');
      const ann = await VideoRoomPublisher.attach(session, () => undefined);
      const joined = await ann.join(room, { id: 7, display: 'Ann' });
      assert.equal(joined['id'], 7);
      assert.equal(ann.negotiated, false);
      const bob = await VideoRoomPublisher.attach(session, () => undefined);
      assert.equal((await rejection(bob.join(room, { id: 7, display: 'Bob' }))).code, VideoRoomError.ID_EXISTS);
      assert.equal((await rejection(bob.join(room + 1, { id: 8 }))).code, VideoRoomError.NO_SUCH_ROOM);
    } finally {
      session.close();
    }
  });

  it('VideoRoomSubscriber: nothing to receive attaches no handle; configure and restart need one', async (t) => {
    if (!janus) return t.skip('needs janus and the test network namespace (npm test provides both)');
    const session = await openJanusSession(janus.url, { WebSocket });
    const errors: unknown[] = [];
    const offers: unknown[] = [];
    const subscriber = new VideoRoomSubscriber(session, {
      room: 4343,
      wanted: () => [],
      offer: (offer) => void offers.push(offer),
      onError: (error) => void errors.push(error),
    });
    try {
      subscriber.sync();
      // The renegotiation chain runs in order: a restart queued behind the sync sees its outcome.
      assert.match((await rejection(subscriber.restart())).message, /not subscribed/);
      assert.equal(subscriber.handle, undefined);
      assert.match((await rejection(subscriber.configure({ mid: '1', substream: 0 }))).message, /not subscribed/);
      assert.deepEqual([errors, offers], [[], []]);
    } finally {
      subscriber.close();
      session.close();
    }
  });
});
