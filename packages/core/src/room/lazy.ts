import type { RtcError } from '../errors/RtcError.js';

/**
 * A part of the `Room` whose code loads on first use (a lazy chunk in bundles that split code): made by `load`
 * once, kept in {@link value}. A failed load (`load-failed`) is forgotten, so the next use fetches again.
 * @internal
 */
export class Lazy<T> {
  /** The part, once loaded. */
  value: T | undefined;
  private loading: Promise<T> | undefined;
  private waiting = false;

  /** @param onError - where a failed load of {@link use} and {@link listen} goes (the Room's `error` event) */
  constructor(
    private readonly load: () => Promise<T>,
    private readonly onError: (error: RtcError) => void,
  ) {}

  /** Loads the part (once) and resolves with it. @throws {RtcError} `load-failed` when its chunk cannot be fetched. */
  get(): Promise<T> {
    this.loading ??= this.load().then(
      (value) => (this.value = value),
      (error: unknown) => {
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  }

  /**
   * Runs `use` with the part now if it is loaded, else once it is. Calls made while it loads run in their order
   * (they all wait for the same load). A failed load is reported once, and the calls that waited for it are dropped.
   */
  use(use: (part: T) => void): void {
    if (this.value) return use(this.value);
    const first = !this.waiting;
    this.waiting = true;
    this.get().then(use, (error: RtcError) => {
      if (first) this.onError(error);
      this.waiting = false;
    });
  }

  /** Runs `start` once the part is loaded, if `active()` still holds, until the returned function is called. */
  listen(start: (part: T) => () => void, active: () => boolean): () => void {
    let stop: (() => void) | undefined;
    let listening = true;
    this.get().then((part) => {
      if (listening && active()) stop = start(part);
    }, this.onError);
    return () => {
      listening = false;
      stop?.();
    };
  }
}
