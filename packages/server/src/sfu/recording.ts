/**
 * Server-side recording of SFU rooms through Janus VideoRoom's own recorder (`.mjr` files, one per published
 * stream, converted with `janus-pp-rec`; see docs/server.md "Recording").
 *
 * Each start gets a fresh folder `<recordingsDir>/<id>` (`id` = UTC time + random suffix, e.g.
 * `20250101T120000Z-3fa9c2`): the room's recording folder is set with VideoRoom `edit` (`new_rec_dir`), then
 * `enable_recording` (`record: true`) starts a recorder for every current publisher and for every later one, until
 * `enable_recording` with `record: false` (or the room's destruction when everyone left) closes them. Janus names
 * the files `videoroom-<room>-user-<feed>-<time>-{audio,video}-<mid>.mjr`; the server logs `sfu-recording` with the
 * feed → participant map. Janus writes the files, so `recordingsDir` is a path on Janus's machine.
 *
 * Only participants whose room token has `record: true` may start or stop (see {@link grantRecording}); without
 * tokens nobody may. A server without `recordingsDir` answers `recording-off`.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { JanusSession } from '@rtc-room/janus';

/** Joined participants whose room token grants `record` (the participant objects of the room registry). */
const granted = new WeakSet<object>();

/** Marks a joined participant as allowed to start and stop recordings (room token claim `record: true`). */
export function grantRecording(participant: object): void {
  granted.add(participant);
}

/** Whether {@link grantRecording} was called for this participant. */
export function mayRecord(participant: object): boolean {
  return granted.has(participant);
}

/** A room's recording: its folder id and the Janus room it runs in (a Janus restart makes a new room). */
export interface RoomRecordingState {
  id: string;
  janusRoom: number;
}

/** A new recording id: `YYYYMMDDTHHMMSSZ-xxxxxx`. Safe as a folder name. */
export function recordingId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

/**
 * Starts (`state` undefined → new folder) or stops Janus VideoRoom recording of `janusRoom` (whose `secret` it sends).
 * @returns the state to keep: the new recording, or `undefined` once stopped
 * @throws {JanusError} when Janus refuses (the caller answers `sfu-failed`)
 */
export async function toggleRecording(
  janus: JanusSession,
  control: number,
  { janusRoom, secret }: { janusRoom: number; secret: string },
  recordingsDir: string,
  start: boolean,
): Promise<RoomRecordingState | undefined> {
  // The room's `secret` is needed for both (and `lock_record` keeps anyone without it from recording).
  if (!start) {
    await janus.message(control, { request: 'enable_recording', room: janusRoom, secret, record: false });
    return undefined;
  }
  const id = recordingId();
  await janus.message(control, { request: 'edit', room: janusRoom, secret, new_rec_dir: posix.join(recordingsDir, id) });
  await janus.message(control, { request: 'enable_recording', room: janusRoom, secret, record: true });
  return { id, janusRoom };
}
