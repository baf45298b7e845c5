import type { RtcError } from '../errors/RtcError.js';
import type { SafeEmitter } from '../events/safe-emitter.js';
import type { SignalingState } from '../signaling/SignalingAdapter.js';
import type { ConnectionState, RoomEvents } from './types.js';

/**
 * The `Room`'s connection state (`idle` → `connecting` → `connected` ⇄ `reconnecting` → `disconnected`, each change
 * emitted as `connectionStateChanged`) and what moves it once joined: the adapter's own state, the media server
 * going away and coming back, and signaling failures the call cannot survive (the room then leaves).
 * @internal
 */
export class RoomState {
  private current: ConnectionState = 'idle';

  constructor(
    private readonly events: SafeEmitter<RoomEvents>,
    private readonly signaling: { readonly state: SignalingState },
    private readonly leave: () => void,
  ) {}

  get value(): ConnectionState {
    return this.current;
  }

  /** In the call: `connected` or `reconnecting`. */
  get joined(): boolean {
    return this.current === 'connected' || this.current === 'reconnecting';
  }

  /** Moves to `state`, emitting `connectionStateChanged` unless it is the current one. */
  set(state: ConnectionState): void {
    const previous = this.current;
    if (state === previous) return;
    this.current = state;
    this.events.emit('connectionStateChanged', state, previous);
  }

  /** The signaling adapter's own connection changed state. */
  signalingChanged(state: SignalingState): void {
    if (state === 'reconnecting' && this.current === 'connected') this.set('reconnecting');
    else if (state === 'connected' && this.current === 'reconnecting') this.set('connected');
  }

  /** The media server (SFU rooms) went away or came back. */
  sfuAvailability(available: boolean, error?: RtcError): void {
    if (!available) {
      if (error) this.events.emit('error', error);
      if (this.current === 'connected') this.set('reconnecting');
    } else if (this.current === 'reconnecting' && this.signaling.state === 'connected') {
      this.set('connected');
    }
  }

  /** An asynchronous signaling failure: emitted; when the adapter gave up (or has no reconnection) the room leaves. */
  signalingError(error: RtcError): void {
    this.events.emit('error', error);
    const code = error.code;
    if (code === 'removed' && this.joined) this.leave();
    else if ((code === 'signaling-failed' || code === 'resume-failed' || code === 'protocol-mismatch') && this.current === 'connected') {
      this.leave();
    }
  }
}
