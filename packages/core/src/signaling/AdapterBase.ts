import type { PeerChannel, PeerListener, SignalingHandlers, SignalingPayload, SignalingState } from './SignalingAdapter.js';

/**
 * What every signaling adapter keeps the same way: the handlers the `Room` registers and the adapter's own
 * connection state, reported through `stateChanged` only when it changes. The built-in adapters extend it. It is
 * internal (not exported): a third-party adapter implements {@link SignalingAdapter}, which is the contract.
 *
 * @example
 * ```ts
 * class MyAdapter extends AdapterBase implements SignalingAdapter {
 *   async join(request) { this.setState('connecting'); … this.setState('connected'); return { selfId, peers }; }
 * }
 * ```
 */
export abstract class AdapterBase {
  /** The `Room`'s callbacks, once {@link setHandlers} ran. */
  protected handlers: SignalingHandlers | undefined;
  private currentState: SignalingState = 'disconnected';

  /** Current connection state. */
  get state(): SignalingState {
    return this.currentState;
  }

  /** Registers the callbacks. Called by the `Room` before `join()`. */
  setHandlers(handlers: SignalingHandlers): void {
    this.handlers = handlers;
  }

  /** Moves to `state`, calling `stateChanged` unless it is the current one. */
  protected setState(state: SignalingState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.handlers?.stateChanged(state);
  }
}

/**
 * An adapter that carries peer payloads: {@link SignalingAdapter.peer} once for all of them. A subclass only moves
 * payloads: {@link sendPeer} puts one on its wire, {@link receivePeer} hands one from the wire to every open channel.
 * @internal
 */
export abstract class PeerAdapterBase extends AdapterBase {
  private readonly listeners = new Set<PeerListener>();

  /** Opens a peer channel: `listener` gets every payload from another member until `close()`. */
  peer(listener: PeerListener): PeerChannel {
    this.listeners.add(listener);
    let open = true;
    return {
      send: (to, payload) => open && this.sendPeer(to, payload),
      broadcast: (payload) => open && this.sendPeer(null, payload),
      close: () => {
        open = false;
        this.listeners.delete(listener);
      },
    };
  }

  /** Puts `payload` on the wire, to the member `to` or (`null`) to every other member; dropped when not joined. */
  protected abstract sendPeer(to: string | null, payload: SignalingPayload): void;

  /** A payload from `from` (as the signaling side stamped it): to every open channel. One that throws stops no other. */
  protected receivePeer(from: string, payload: SignalingPayload): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(from, payload);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
