import { html, nothing, type TemplateResult } from 'lit';
import type { ConnectionState, RtcError } from '@rtc-room/core';
import { describeError, toRtcError } from '../internal/errors.js';
import { icon } from '../internal/icons.js';
import { fill, type RtcRoomStrings } from './strings.js';

/**
 * How the last call of an `<rtc-room>` ended, for the words of its `disconnected` state: `failed` (it never got
 * into the call: room full, wrong server, unsupported browser…), `left` (you left) or `ended` (the server or the
 * network ended it).
 */
export type CallOutcome = 'failed' | 'left' | 'ended';

/** What the status region shows. */
export interface StatusView {
  state: ConnectionState;
  /** Set once a Room was used: how its call ended (read in the `disconnected` state). */
  outcome: CallOutcome | undefined;
  /** The element may (re)join by itself: it owns the room and has a room name. */
  canJoin: boolean;
  /** Shown before a join that waits for the user (`manual`, or no server). */
  waitsForJoin: boolean;
  roomName: string;
  error: RtcError | undefined;
  deviceNotice: string | undefined;
  strings: RtcRoomStrings;
  onJoin: () => void;
  onDismiss: () => void;
}

const spinner = html`<span class="spinner" aria-hidden="true"></span>`;

function joinButton(label: string, onJoin: () => void): TemplateResult {
  return html`<button type="button" part="join-button" class="text-button" @click=${onJoin}>${label}</button>`;
}

/** The notice for a state: joining, recovering (also a lost peer or media server connection), left / ended / failed, or ready to join. */
function notice(view: StatusView): TemplateResult | typeof nothing {
  const s = view.strings;
  switch (view.state) {
    case 'connecting':
      return html`<div class="notice">${spinner}${s.connecting}</div>`;
    case 'connected':
    case 'reconnecting': {
      // Also in the call when a connection to someone (or to the media server) dropped: ICE restarts until it is back.
      const lost = view.error?.code === 'ice-failed' || view.error?.code === 'sfu-unavailable';
      return view.state === 'reconnecting' || lost ? html`<div class="notice" data-reconnecting>${spinner}${s.reconnecting}</div>` : nothing;
    }
    case 'disconnected': {
      if (!view.outcome) return nothing;
      const [text, button] =
        view.outcome === 'failed' ? [s.joinFailed, s.tryAgain] : view.outcome === 'left' ? [s.left, s.rejoin] : [s.ended, s.rejoin];
      return html`<div class="notice" data-outcome=${view.outcome}>${text} ${view.canJoin ? joinButton(button, view.onJoin) : nothing}</div>`;
    }
    case 'idle':
      if (!view.canJoin || !view.waitsForJoin) return nothing;
      return html`<div class="notice">${fill(s.ready, { room: view.roomName })} ${joinButton(s.join, view.onJoin)}</div>`;
    default:
      return nothing;
  }
}

/** `<rtc-room>`'s `role="status"` region: the state's notice, a device notice, and the error with its code. */
export function renderStatus(view: StatusView): TemplateResult {
  const error = view.error;
  const device = view.deviceNotice ? html`<div class="notice" part="device-notice">${view.deviceNotice}</div>` : nothing;
  return html`<div part="status" role="status" aria-live="polite">${notice(view)}${device}${error
    ? html`<div part="error" data-code=${error.code}>
        <span>${describeError(error)}</span>
        <button type="button" class="icon-button" aria-label=${view.strings.dismiss} @click=${view.onDismiss}>${icon('close')}</button>
      </div>`
    : nothing}</div>`;
}

const DEVICE_CODES: ReadonlySet<string> = new Set(['device-denied', 'device-not-found', 'device-in-use']);

/**
 * The error to show once `next` arrives while `shown` is on screen: `next`, except that a second device error
 * (camera and microphone both denied at join) is shown together with the first instead of replacing it.
 */
export function withDeviceError(shown: RtcError | undefined, next: RtcError): RtcError {
  if (!shown || !DEVICE_CODES.has(shown.code) || !DEVICE_CODES.has(next.code) || shown.message.includes(next.message)) return next;
  return toRtcError(new Error(`${shown.message} ${next.message}`), next.code);
}
