/**
 * The DOM events rtc-room elements dispatch. All are `CustomEvent`s with `bubbles: true, composed: true`, so a page
 * can listen on `<rtc-room>` (or any ancestor) for events fired deep inside its shadow DOM.
 */
import type { ConnectionState, DeviceKind, RemoteParticipant, RtcError } from '@rtc-room/core';

/** `rtc-join`: the local participant is in the room. */
export interface RtcJoinDetail {
  /** Room name. */
  room: string;
  /** The local participant's id in the room. */
  participantId: string;
}

/** `rtc-leave`: the local participant left the room (or was disconnected). */
export interface RtcLeaveDetail {
  /** Room name. */
  room: string;
}

/** `rtc-participant-join` / `rtc-participant-leave`. */
export interface RtcParticipantDetail {
  participant: RemoteParticipant;
}

/** `rtc-error`: something failed. */
export interface RtcErrorDetail {
  error: RtcError;
}

/** `rtc-state-change`: the room's connection state changed. */
export interface RtcStateChangeDetail {
  state: ConnectionState;
  previous: ConnectionState;
}

/** `rtc-toggle-microphone` / `rtc-toggle-camera`: the user asked to turn a device on (`true`) or off. */
export interface RtcToggleDeviceDetail {
  enabled: boolean;
}

/** `rtc-toggle-screen-share`: the user asked to start (`true`) or stop sharing a screen. */
export interface RtcToggleScreenShareDetail {
  enabled: boolean;
}

/** `rtc-toggle-stats` / `rtc-toggle-devices`: the user asked to show (`true`) or hide a panel. */
export interface RtcTogglePanelDetail {
  visible: boolean;
}

/** `rtc-device-change`: the user picked a device. */
export interface RtcDeviceChangeDetail {
  kind: DeviceKind;
  deviceId: string;
}

/** `rtc-recording-stopped`: a browser recording (`<rtc-controls recording-enabled>`) ended. */
export interface RtcRecordingStoppedDetail {
  /** The WebM recording. */
  blob: Blob;
  /** An object URL of `blob`, valid until the next recording starts or the element is removed. */
  url: string;
  /** The suggested file name, `recording-YYYY-MM-DD-HH-MM-SS.webm` (UTC). */
  fileName: string;
}

/** Every `rtc-*` event name and its `detail` type. */
export interface RtcEventDetailMap {
  'rtc-join': RtcJoinDetail;
  'rtc-leave': RtcLeaveDetail;
  'rtc-participant-join': RtcParticipantDetail;
  'rtc-participant-leave': RtcParticipantDetail;
  'rtc-error': RtcErrorDetail;
  'rtc-state-change': RtcStateChangeDetail;
  'rtc-toggle-microphone': RtcToggleDeviceDetail;
  'rtc-toggle-camera': RtcToggleDeviceDetail;
  'rtc-toggle-screen-share': RtcToggleScreenShareDetail;
  'rtc-toggle-stats': RtcTogglePanelDetail;
  'rtc-toggle-devices': RtcTogglePanelDetail;
  'rtc-toggle-participants': RtcTogglePanelDetail;
  'rtc-leave-request': Record<string, never>;
  'rtc-device-change': RtcDeviceChangeDetail;
  'rtc-recording-stopped': RtcRecordingStoppedDetail;
}

/** Name of an rtc-room DOM event. */
export type RtcEventName = keyof RtcEventDetailMap;

/** The typed event object for `name`. */
export type RtcEvent<K extends RtcEventName> = CustomEvent<RtcEventDetailMap[K]>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rtc-join': CustomEvent<RtcJoinDetail>;
    'rtc-leave': CustomEvent<RtcLeaveDetail>;
    'rtc-participant-join': CustomEvent<RtcParticipantDetail>;
    'rtc-participant-leave': CustomEvent<RtcParticipantDetail>;
    'rtc-error': CustomEvent<RtcErrorDetail>;
    'rtc-state-change': CustomEvent<RtcStateChangeDetail>;
    'rtc-toggle-microphone': CustomEvent<RtcToggleDeviceDetail>;
    'rtc-toggle-camera': CustomEvent<RtcToggleDeviceDetail>;
    'rtc-toggle-screen-share': CustomEvent<RtcToggleScreenShareDetail>;
    'rtc-toggle-stats': CustomEvent<RtcTogglePanelDetail>;
    'rtc-toggle-devices': CustomEvent<RtcTogglePanelDetail>;
    'rtc-toggle-participants': CustomEvent<RtcTogglePanelDetail>;
    'rtc-leave-request': CustomEvent<Record<string, never>>;
    'rtc-device-change': CustomEvent<RtcDeviceChangeDetail>;
    'rtc-recording-stopped': CustomEvent<RtcRecordingStoppedDetail>;
  }
}

/**
 * Dispatches a typed `rtc-*` event from `target` (`bubbles` and `composed` true) and returns it, so a caller can
 * check `defaultPrevented` when `cancelable` is set.
 *
 * @example
 * ```ts
 * const event = emit(this, 'rtc-device-change', { kind: 'videoinput', deviceId }, { cancelable: true });
 * if (!event.defaultPrevented) await room.switchDevice('videoinput', deviceId);
 * ```
 */
export function emit<K extends RtcEventName>(
  target: EventTarget,
  name: K,
  detail: RtcEventDetailMap[K],
  options: { cancelable?: boolean } = {},
): RtcEvent<K> {
  const event = new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false });
  target.dispatchEvent(event);
  return event;
}
