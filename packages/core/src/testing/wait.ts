/** Waiting helpers for tests: poll a condition, or the frames a `Room` decoded from a participant. */
import { RtcError } from '../errors/RtcError.js';
import type { Room } from '../room/Room.js';

/**
 * Polls `condition` every `intervalMs` (default 50) until it returns true; rejects after `timeoutMs` (default
 * 10000) with an error naming `what`.
 *
 * @example
 * ```ts
 * await waitFor(() => room.participants.size === 1, 'Bob to join');
 * ```
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new RtcError('invalid-state', `Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
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
    async () => {
      frames = (await room.getStats()).get(participantId)?.framesDecoded ?? 0;
      return frames >= minFrames;
    },
    `${minFrames} video frames decoded from ${participantId}`,
    timeoutMs,
    100,
  );
  return frames;
}
