/** The coturn started for the test run and the signaling servers that mint credentials for it. */
export interface TestTurn {
  /** `turn:127.0.0.1:PORT?transport=udp` */
  url: string;
  /** coturn's `--static-auth-secret` (TURN REST API). */
  secret: string;
  /** A signaling server started with `turnUrls` + `turnSecret` (default TTL). */
  signalingUrl: string;
  /** The same with a 4 s credential TTL. */
  shortTtlSignalingUrl: string;
}

/** The test run's Janus (VideoRoom) and the signaling servers driving it. */
export interface TestSfu {
  /** A signaling server started with `janusUrl` (centralized signaling: `WebSocketSignaling`). */
  signalingUrl: string;
  /** A signaling server process driving Janus that tests may kill and restart (`/__rtc-test/sfu-signaling/…`). */
  restartableSignalingUrl: string;
  /** Janus's own WebSocket API, `ws://127.0.0.1:PORT` (split signaling: `JanusSignaling`). */
  janusUrl: string;
}

/**
 * A signaling server driving the run's Janus that requires room tokens signed with `secret` (HS256) and records
 * SFU rooms on request into Janus's test folder (see `/__rtc-test/janus/recordings/convert`).
 */
export interface TestRecording {
  signalingUrl: string;
  secret: string;
}

/** Issue 14: a signaling server driving a locked-down Janus (`api_secret`, VideoRoom `admin_key`). */
export interface TestSfuLocked {
  /** Started with the right `janusApiSecret` and `janusAdminKey`. */
  signalingUrl: string;
  /** Started with a wrong `janusApiSecret`: SFU requests get `sfu-misconfigured`. */
  wrongSecretSignalingUrl: string;
}

/** Issue 14: a signaling server placing SFU rooms on two Janus nodes (`janusUrls`). */
export interface TestSfuNodes {
  signalingUrl: string;
  /** The same two nodes with `janusRoomCapacity: 2`: a room's third member goes to the other Janus (cascade). */
  cascadeSignalingUrl: string;
}

declare global {
  interface Window {
    /** Set by web-test-runner.config.mjs; null without Janus. */
    RTC_TEST_SFU_LOCKED?: TestSfuLocked | null;
    /** Set by web-test-runner.config.mjs; null without Janus. */
    RTC_TEST_SFU_NODES?: TestSfuNodes | null;
    /** Set by web-test-runner.config.mjs: the real signaling server started for the test run. */
    RTC_TEST_SIGNALING_URL?: string;
    /** Set by web-test-runner.config.mjs; null when coturn is not installed. */
    RTC_TEST_TURN?: TestTurn | null;
    /** Set by web-test-runner.config.mjs: a signaling server process tests may kill and restart. */
    RTC_TEST_RESTARTABLE_SIGNALING_URL?: string;
    /** Set by web-test-runner.config.mjs: the same without `--resume-secret` (a restart loses every seat). */
    RTC_TEST_RESTARTABLE_PLAIN_SIGNALING_URL?: string;
    /** Set by web-test-runner.config.mjs: the SFU one without `--resume-secret`; null without Janus. */
    RTC_TEST_RESTARTABLE_PLAIN_SFU_SIGNALING_URL?: string | null;
    /** Set by web-test-runner.config.mjs: a signaling server started with `authSecret`. */
    RTC_TEST_AUTH?: { secret: string; signalingUrl: string };
    /** Set by web-test-runner.config.mjs: the run's Janus and signaling servers driving it; null without Janus. */
    RTC_TEST_SFU?: TestSfu | null;
    /** Set by web-test-runner.config.mjs: the recording signaling server; null without Janus. */
    RTC_TEST_RECORDING?: TestRecording | null;
  }
}

/** The test run's coturn. Throws (failing the test, not skipping it) when coturn is missing. */
export function testTurn(): TestTurn {
  const turn = window.RTC_TEST_TURN;
  if (!turn) throw new Error('coturn is not running: install it (apt-get install -y coturn); .ci/run does.');
  return turn;
}

/** URL of the real signaling server the test run started on loopback. */
export function signalingUrl(): string {
  const url = window.RTC_TEST_SIGNALING_URL;
  if (!url) throw new Error('RTC_TEST_SIGNALING_URL is not set: run browser tests through web-test-runner.config.mjs.');
  return url;
}

/** The token-checking signaling server of the test run. */
export function testAuth(): { secret: string; signalingUrl: string } {
  const auth = window.RTC_TEST_AUTH;
  if (!auth) throw new Error('RTC_TEST_AUTH is not set: run browser tests through web-test-runner.config.mjs.');
  return auth;
}

/**
 * The signaling server driving the test run's Janus, or `undefined` when Janus is not running (not installed, or
 * the run is not inside a private network namespace: Janus needs the namespace's veth, see scripts/janus.mjs).
 */
export function testSfu(): TestSfu | undefined {
  return window.RTC_TEST_SFU ?? undefined;
}

/** The recording signaling server of the test run, or `undefined` without Janus (like {@link testSfu}). */
export function testRecording(): TestRecording | undefined {
  return window.RTC_TEST_RECORDING ?? undefined;
}

/** The locked-down Janus's signaling servers, or `undefined` without Janus (see {@link testSfu}). */
export function testSfuLocked(): TestSfuLocked | undefined {
  return window.RTC_TEST_SFU_LOCKED ?? undefined;
}

/** The two-Janus signaling server, or `undefined` without Janus (see {@link testSfu}). */
export function testSfuNodes(): TestSfuNodes | undefined {
  return window.RTC_TEST_SFU_NODES ?? undefined;
}
