import type { RtcError, RtcErrorCode } from '@rtc-room/core';

/**
 * Narrows an unknown rejection to an `RtcError`-shaped value without importing core's runtime (elements that only
 * render must stay importable without `@rtc-room/core` built). Anything else is wrapped in a plain `Error` with
 * `code` set to `fallback`.
 */
export function toRtcError(error: unknown, fallback: RtcErrorCode = 'invalid-state'): RtcError {
  if (error instanceof Error && typeof (error as Partial<RtcError>).code === 'string') return error as RtcError;
  const wrapped = new Error(error instanceof Error ? error.message : String(error), { cause: error }) as Error & {
    code: RtcErrorCode;
    participantId: string | undefined;
  };
  wrapped.name = 'RtcError';
  wrapped.code = fallback;
  wrapped.participantId = undefined;
  return wrapped as RtcError;
}

/** A sentence a user can act on, for an error shown in the UI. */
export function describeError(error: RtcError): string {
  switch (error.code) {
    case 'room-full':
      return 'This room is full. Try again later or pick another room.';
    case 'unauthorized':
      return 'You are not allowed to join this room.';
    case 'signaling-failed':
      return 'Could not reach the call server. Check your connection and try again.';
    case 'signaling-closed':
      return 'The call server closed the connection.';
    case 'ice-failed':
      return 'Could not set up media with another participant (network blocked?).';
    // These messages can carry text another participant chose (the browser's SDP parse error quotes the offending
    // line; a display name): never shown as is (issue 15). The full message stays on `error.message`.
    case 'negotiation-failed':
      return 'Could not set up the call with another participant.';
    case 'message-too-large':
      return 'A message was too large and was dropped.';
    case 'room-locked':
      return 'This room is locked by a moderator. Ask them to unlock it.';
    case 'removed':
      return 'A moderator removed you from the call.';
    case 'protocol-error':
      return 'The call server sent something this page does not understand.';
    default:
      // Device and local errors carry a precise message from core ("Permission to use the camera was denied.").
      return error.message || 'Something went wrong.';
  }
}
