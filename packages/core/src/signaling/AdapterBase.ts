import type { SignalingHandlers, SignalingState } from './SignalingAdapter.js';

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
