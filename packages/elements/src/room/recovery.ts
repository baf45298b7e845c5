import type { RtcError } from '@rtc-room/core';

/** Errors of a connection that the Room keeps trying to restore (ICE restart, signaling resume, SFU return). */
const TRANSIENT: ReadonlySet<string> = new Set(['ice-failed', 'negotiation-failed', 'signaling-failed', 'sfu-unavailable']);

/** Is `error` a connection problem the call may still recover from (shown with "Reconnecting…")? */
export function isTransient(error: RtcError | undefined): boolean {
  return error !== undefined && TRANSIENT.has(error.code);
}

/**
 * The error still to show once the call recovered: `undefined` instead of a transient connection error
 * (`ice-failed`, `negotiation-failed`, `signaling-failed`, `sfu-unavailable`). With `participantId` (the connection
 * to that participant came back), only an `ice-failed` / `negotiation-failed` of that participant's connection is.
 */
export function afterRecovery(error: RtcError | undefined, participantId?: string): RtcError | undefined {
  if (!error || !isTransient(error)) return error;
  if (participantId === undefined) return undefined;
  const ofPeer = error.code === 'ice-failed' || error.code === 'negotiation-failed';
  return ofPeer && (!error.participantId || error.participantId === participantId) ? undefined : error;
}
