/** Waiting helpers for tests: poll a condition, the frames a `Room` decodes, the error a promise rejects with. */
import { RtcError } from '../errors/RtcError.js';
import type { Room } from '../room/Room.js';

/**
 * Polls `condition` every `intervalMs` (default 50) until it returns true; rejects after `timeoutMs` (default
 * 10000) with an error naming `what`. `what` may be a function, called only on timeout, to describe the state
 * that was reached (e.g. what was last measured).
 *
 * Keep `timeoutMs` a generous upper bound, never a near-normal duration: the test then waits for the event, not
 * for a clock.
 *
 * @example
 * ```ts
 * await waitFor(() => room.participants.size === 1, 'Bob to join');
 * ```
 * @throws {RtcError} `invalid-state` after `timeoutMs`: `Timed out after N ms waiting for <what>.`
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string | (() => string | Promise<string>),
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) {
      const described = typeof what === 'function' ? await what() : what;
      throw new RtcError('invalid-state', `Timed out after ${timeoutMs} ms waiting for ${described}.`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * The error `promise` rejects with; throws (failing the test) if it resolves.
 *
 * @example
 * ```ts
 * expect((await rejection(room.join())).code).to.equal('unauthorized');
 * ```
 */
export async function rejection(promise: Promise<unknown>): Promise<RtcError> {
  try {
    await promise;
  } catch (e) {
    return e as RtcError;
  }
  throw new Error('expected a rejection');
}

/**
 * `inbound-rtp` video `framesDecoded` of `room`'s connection to `participantId` (its normalized stats; 0 before
 * the first frame or when there is no such participant).
 */
export async function framesDecoded(room: Room, participantId: string): Promise<number> {
  return (await room.getStats()).get(participantId)?.framesDecoded ?? 0;
}

/**
 * Resolves once `room` has decoded at least `minFrames` (default 5) video frames from `participantId` (its
 * normalized stats, `framesDecoded`), with the count: proof that media really flows, not just that events fired.
 *
 * @example
 * ```ts
 * await waitForFramesDecoded(ann, bob.localParticipant.id);
 * ```
 * @throws {RtcError} `invalid-state` after `timeoutMs` (default 10000).
 */
export async function waitForFramesDecoded(
  room: Room,
  participantId: string,
  { minFrames = 5, timeoutMs = 10_000 }: { minFrames?: number; timeoutMs?: number } = {},
): Promise<number> {
  let frames = 0;
  await waitFor(
    async () => (frames = await framesDecoded(room, participantId)) >= minFrames,
    `${minFrames} video frames decoded from ${participantId}`,
    timeoutMs,
    100,
  );
  return frames;
}

/**
 * Waits until `room` decodes video from `participantId`, then until the count grows again: real frames that
 * keep coming, not a one-off. The error names both sides.
 *
 * @param timeoutMs - Upper bound for the first frame (default 20000); the growth gets 10000 more.
 * @throws {RtcError} `invalid-state` on timeout.
 */
export async function expectDecoding(room: Room, participantId: string, timeoutMs = 20_000): Promise<void> {
  const who = `${room.localParticipant.name} decoding ${room.participants.get(participantId)?.name ?? participantId}`;
  // getStats() is not free: poll every 150 ms so a dozen parallel checks do not starve the call on 2 cores.
  await waitFor(async () => (await framesDecoded(room, participantId)) > 0, `${who}: first frame`, timeoutMs, 150);
  const first = await framesDecoded(room, participantId);
  await waitFor(async () => (await framesDecoded(room, participantId)) > first, `${who}: frames keep coming`, 10_000, 150);
}

/** {@link expectDecoding} for every pair: each room decodes video from every other one. */
export async function expectFullMesh(rooms: readonly Room[]): Promise<void> {
  const checks: Promise<void>[] = [];
  for (const r of rooms) {
    for (const other of rooms) {
      if (other !== r) checks.push(expectDecoding(r, other.localParticipant.id));
    }
  }
  await Promise.all(checks);
}
