/**
 * One Janus the server drives (`--janus-url`, repeatable): its session (kept open by `@rtc-room/janus`'s
 * {@link JanusConnection}, retried every second), the control handle that creates, destroys and records rooms, the
 * credentials sent with every request, and what the node's state is for `/healthz`.
 *
 * Credentials (`--janus-api-secret`, `--janus-token`, `--janus-admin-key`) are never logged. When Janus refuses
 * them the node is `refused`: one `sfu-auth-failed` log line names the option at fault (once per refusal, not per
 * retry), and {@link JanusNode.refusal} is what clients are told (`sfu-misconfigured`) instead of
 * "unreachable; retrying".
 *
 * @packageDocumentation
 */
import { JanusConnection, JanusCoreError, JanusError, VideoRoomError, type JanusSession } from '@rtc-room/janus';
import { WebSocket } from 'ws';
import type { Logger } from '../logger.js';

/** How the server authenticates to Janus. Every field is optional; each one set is sent where Janus needs it. */
export interface JanusCredentials {
  /** janus.jcfg `general.api_secret`: sent as `apisecret` with every request. */
  apiSecret?: string | undefined;
  /** A stored token (janus.jcfg `general.token_auth = true`, added with the Admin API `add_token`): sent as `token`. */
  token?: string | undefined;
  /** janus.plugin.videoroom.jcfg `general.admin_key`: sent as `admin_key` with every `create` (and RTP forwards). */
  adminKey?: string | undefined;
}

/** A node's state: `up` (session open), `connecting` (never up yet, or retrying), `refused` (credentials refused). */
export type JanusNodeState = 'up' | 'connecting' | 'refused';

/** What `/healthz` shows of one node. */
export interface JanusNodeHealth {
  url: string;
  state: JanusNodeState;
  /** Rooms placed on this node by this server. */
  rooms: number;
  /** Publishers + subscribers this server has on the node (the placement's load). */
  load: number;
}

/** Callbacks of a {@link JanusNode}. */
export interface JanusNodeEvents {
  /** A new session (and its control handle) is up. */
  up(node: JanusNode): void;
  /** The session that was up is gone, with every handle and room on it. */
  down(node: JanusNode): void;
}

const RECONNECT_MS = 1000;

/** Flag names of the credentials, for log lines and client errors (the values are never shown). */
const FLAG = { apiSecret: '--janus-api-secret', token: '--janus-token', adminKey: '--janus-admin-key' } as const;

/** One Janus node. Call {@link start} once. */
export class JanusNode {
  readonly #connection: JanusConnection;
  #control = 0;
  #state: JanusNodeState = 'connecting';
  #refusal: string | undefined;
  /** The refusal last logged (logged again only after the node was up in between, or for another reason). */
  #logged: string | undefined;

  constructor(
    readonly url: string,
    readonly credentials: JanusCredentials,
    private readonly log: Logger,
    events: JanusNodeEvents,
  ) {
    this.#connection = new JanusConnection(url, {
      WebSocket,
      connectTimeoutMs: 5000,
      retryMs: RECONNECT_MS,
      ...(credentials.apiSecret ? { apisecret: credentials.apiSecret } : {}),
      ...(credentials.token ? { token: credentials.token } : {}),
      prepare: async (session) => void (this.#control = await session.attach(() => undefined)),
      onUp: () => {
        this.#state = 'up';
        this.#refusal = this.#logged = undefined;
        events.up(this);
      },
      onDown: () => {
        this.#control = 0;
        this.#state = 'connecting';
        events.down(this);
      },
      onAttemptFailed: (error) => this.#attemptFailed(error),
    });
  }

  /** Connects (retrying every second in the background). Resolves after the first attempt. */
  start(): Promise<void> {
    return this.#connection.start();
  }

  close(): void {
    this.#connection.close();
  }

  get state(): JanusNodeState {
    return this.#state;
  }

  /** The session while the node is up. */
  get session(): JanusSession | undefined {
    return this.#connection.session;
  }

  /** The handle for room requests (`create`, `destroy`, `enable_recording`, …) of the current session. */
  get control(): number {
    return this.#control;
  }

  /** Why Janus refuses this server (which option is wrong), while it does; `undefined` otherwise. */
  get refusal(): string | undefined {
    return this.#refusal;
  }

  /**
   * A VideoRoom request that failed on this node: when it is the `admin_key` Janus refused (`create` without one, or
   * with a wrong one), what to tell clients (logged once as `sfu-auth-failed`); `undefined` for any other failure.
   */
  adminKeyRefusal(error: unknown): string | undefined {
    if (!(error instanceof JanusError) || !/admin_key/.test(error.message)) return undefined;
    const codes: readonly number[] = [VideoRoomError.MISSING_ELEMENT, VideoRoomError.INVALID_ELEMENT, VideoRoomError.UNAUTHORIZED];
    if (error.code === undefined || !codes.includes(error.code)) return undefined;
    const why =
      this.credentials.adminKey !== undefined
        ? `Janus refused the VideoRoom admin_key (${FLAG.adminKey} is wrong)`
        : `Janus's VideoRoom requires an admin_key: set ${FLAG.adminKey}`;
    this.#report('adminKey', why, error);
    return why;
  }

  #attemptFailed(error: unknown): void {
    if (!(error instanceof JanusError) || (error.code !== JanusCoreError.UNAUTHORIZED && error.code !== JanusCoreError.UNAUTHORIZED_PLUGIN)) {
      if (this.#state !== 'refused') this.#state = 'connecting';
      return;
    }
    const { apiSecret, token } = this.credentials;
    // Janus accepts either one when both are configured, and says only "Unauthorized request": name what was sent.
    const sent = [apiSecret !== undefined && FLAG.apiSecret, token !== undefined && FLAG.token].filter(Boolean).join(' / ');
    const why =
      error.code === JanusCoreError.UNAUTHORIZED_PLUGIN
        ? `Janus refused ${FLAG.token}: the token may not use the VideoRoom plugin`
        : sent
          ? `Janus refused the server's credentials (${sent} wrong)`
          : `Janus requires an API secret or token: set ${FLAG.apiSecret} or ${FLAG.token}`;
    const option = error.code === JanusCoreError.UNAUTHORIZED_PLUGIN || (apiSecret === undefined && token !== undefined) ? 'token' : 'apiSecret';
    this.#state = 'refused';
    this.#refusal = why;
    this.#report(option, why, error);
  }

  /** Logs a refusal once (again only after the node was up in between, or for another reason). */
  #report(option: keyof typeof FLAG, why: string, error: JanusError): void {
    if (this.#logged === why) return;
    this.#logged = why;
    this.log({ event: 'sfu-auth-failed', janus: this.url, option: FLAG[option], janusError: error.code, error: why });
  }
}
