/**
 * Every sentence `<rtc-room>` shows, in one place, so an app can translate or reword them: set the element's
 * `strings` property to the ones you change (`el.strings = { left: 'Du hast den Anruf verlassen.' }`); the others
 * keep these defaults. `{room}`, `{device}` and `{label}` are replaced where they appear.
 * The wording follows Google Meet's ("You left the call", Rejoin).
 */
export interface RtcRoomStrings {
  /** While joining. */
  connecting: string;
  /** Signaling lost, the call is recovering. */
  reconnecting: string;
  /** After you left with the leave button (or `leave()`). */
  left: string;
  /** After the call ended without you leaving (the server closed it, the connection could not be resumed). */
  ended: string;
  /** A join that never got into the call (room full, wrong server, unsupported browser…); the error follows. */
  joinFailed: string;
  /** Before a join that waits for you (`manual`, or no server). `{room}`: the room name. */
  ready: string;
  /** The join button. */
  join: string;
  /** The button after leaving or after the call ended. */
  rejoin: string;
  /** The button after a failed join. */
  tryAgain: string;
  /** While you are alone in the room (the `empty` slot's default). */
  waiting: string;
  /** Accessible name of the button that dismisses an error. */
  dismiss: string;
  /** A device stopped and another took over. `{device}`: "camera" or "microphone"; `{label}`: the new device. */
  deviceReplaced: string;
  /** `{label}` when the new device has no label yet. */
  anotherDevice: string;
  /** Word for `{device}`. */
  camera: string;
  /** Word for `{device}`. */
  microphone: string;
  /** Pre-join screen (`prejoin`): its title. */
  prejoinTitle: string;
  /** Pre-join screen: the name field's label. */
  prejoinName: string;
  /** Pre-join screen: the preview video's accessible name. */
  prejoinPreview: string;
  /** Pre-join screen: shown in the preview box while the camera is off. */
  prejoinCameraOff: string;
  /** Pre-join screen: the microphone level meter's label. */
  prejoinLevel: string;
  /** Pre-join screen: a capture failed. `{problem}`: what the browser said. */
  prejoinProblem: string;
  /** Pre-join screen: the microphone toggle's accessible name (its `aria-pressed` says on or off). */
  microphoneButton: string;
  /** Pre-join screen: the camera toggle's accessible name. */
  cameraButton: string;
}

/** The English defaults of {@link RtcRoomStrings}. */
export const DEFAULT_ROOM_STRINGS: Readonly<RtcRoomStrings> = Object.freeze({
  connecting: 'Connecting…',
  reconnecting: 'Connection lost. Reconnecting…',
  left: 'You left the call.',
  ended: 'The call ended.',
  joinFailed: 'Could not join the call.',
  ready: 'Ready to join “{room}”.',
  join: 'Join',
  rejoin: 'Rejoin',
  tryAgain: 'Try again',
  waiting: 'Waiting for others to join…',
  dismiss: 'Dismiss message',
  deviceReplaced: 'Your {device} stopped; now using {label}.',
  anotherDevice: 'another {device}',
  camera: 'camera',
  microphone: 'microphone',
  prejoinTitle: 'Ready to join?',
  prejoinName: 'Your name',
  prejoinPreview: 'Your camera preview',
  prejoinCameraOff: 'Camera is off',
  prejoinLevel: 'Microphone level',
  prejoinProblem: 'Camera or microphone unavailable: {problem}',
  microphoneButton: 'Microphone',
  cameraButton: 'Camera',
});

/** `template` with each `{key}` replaced by `values[key]`. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
