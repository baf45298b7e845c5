/**
 * A part of the `Room` whose code loads on first use (a lazy chunk in bundles that split code): made by `load`
 * once, kept in {@link value}. A failed load (`load-failed`) is forgotten, so the next use fetches again.
 * @internal
 */
export class Lazy<T> {
  /** The part, once loaded. */
  value: T | undefined;
  private loading: Promise<T> | undefined;

  constructor(private readonly load: () => Promise<T>) {}

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
}
