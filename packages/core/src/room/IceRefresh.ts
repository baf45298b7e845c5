import { RtcError } from '../errors/RtcError.js';
import type { SignalingAdapter } from '../signaling/SignalingAdapter.js';

/** How long a failed refresh waits before trying again, in ms. */
const RETRY_MS = 5000;

/**
 * Keeps short-lived TURN credentials (RFC 8489 §9.2, TURN REST) fresh: fetches new ones from the signaling
 * adapter at 3/4 of their lifetime, so an ICE restart late in a long call still authenticates. Failures are
 * retried every 5 s until the credentials expire; then the last error is reported.
 * @internal
 */
export class IceRefresh {
  private timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param configured The `iceServers` of the room's options, always used first.
   * @param apply Gets the full list (configured + fresh) each time new credentials arrive.
   */
  constructor(
    private readonly signaling: SignalingAdapter,
    private readonly configured: readonly RTCIceServer[],
    private readonly apply: (iceServers: RTCIceServer[]) => void,
    private readonly error: (error: RtcError) => void,
  ) {}

  /** Configured `iceServers` plus those the signaling server handed out. */
  servers(fromServer: readonly RTCIceServer[] | undefined): RTCIceServer[] {
    return [...this.configured, ...(fromServer ?? [])];
  }

  /** Plans the next refresh for credentials valid `ttlMs` from now (none when `undefined` or unsupported). */
  schedule(ttlMs: number | undefined): void {
    clearTimeout(this.timer);
    const refresh = this.signaling.refreshIceServers?.bind(this.signaling);
    if (ttlMs === undefined || !refresh) return;
    const expiresAt = Date.now() + ttlMs;
    const attempt = (): void => {
      refresh()
        .then((fresh) => {
          this.apply(this.servers(fresh.iceServers));
          this.schedule(fresh.iceServersTtlMs);
        })
        .catch((error: unknown) => {
          if (Date.now() + RETRY_MS < expiresAt) this.timer = setTimeout(attempt, RETRY_MS);
          else if (error instanceof RtcError) this.error(error);
        });
    };
    this.timer = setTimeout(attempt, Math.max(1000, ttlMs * 0.75));
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
