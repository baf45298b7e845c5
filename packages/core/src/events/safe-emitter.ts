import { createNanoEvents, type Emitter, type Unsubscribe } from 'nanoevents';

/**
 * The listener map an emitter is typed by (nanoevents 9 does not export its own; 10 does, but needs Node 22).
 * @internal
 */
export interface EventsMap {
  // `any`, as nanoevents' own: an interface of listener signatures (no index signature) must satisfy it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [event: string]: any;
}

/**
 * A nanoevents emitter whose `emit` isolates listeners: one that throws is reported (to `onListenerError`,
 * default `console.error`) and the remaining listeners still run. nanoevents alone stops at the first throw.
 * @internal
 */
export class SafeEmitter<Events extends EventsMap> {
  private readonly emitter: Emitter<Events> = createNanoEvents<Events>();

  constructor(private readonly onListenerError: (error: unknown, event: keyof Events) => void = defaultReport) {}

  on<K extends keyof Events>(event: K, listener: Events[K]): Unsubscribe {
    return this.emitter.on(event, listener);
  }

  emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    const listeners = this.emitter.events[event];
    if (!listeners) return;
    for (const listener of [...listeners]) {
      try {
        listener(...args);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }

  /** Drops every listener. */
  clear(): void {
    this.emitter.events = {};
  }
}

function defaultReport(error: unknown, event: PropertyKey): void {
  console.error(`[rtc-room] a '${String(event)}' listener threw:`, error);
}
