/**
 * `Room.preflight()`'s implementation, loaded on first use. Runs the device checks and the signaling check side by
 * side, then TURN (with the signaling server's credentials unless `iceServers` is given), then the uplink estimate
 * through that TURN. Never throws for a failed check: every failure is a result with a remedy.
 */
import { RtcError } from '../errors/RtcError.js';
import { capture, checkCamera, checkMicrophone } from './media-checks.js';
import { checkTurn, checkUplink, turnServers } from './network-checks.js';
import { probeAdapter, probeUrl, type SignalingProbe } from './signaling-check.js';
import type {
  PreflightCameraCheck,
  PreflightCheck,
  PreflightCheckName,
  PreflightMicrophoneCheck,
  PreflightOptions,
  PreflightResult,
} from './types.js';

const skipped = (detail: string): PreflightCheck => ({ status: 'skipped', detail });

/** A check that threw unexpectedly (a bug or an exotic browser): reported, never thrown. */
function crashed(error: unknown): PreflightCheck {
  const e = error instanceof RtcError ? error : new RtcError('invalid-state', `The check could not run: ${String(error)}`, { cause: error });
  return { status: 'failed', detail: e.message, error: e };
}

/**
 * Checks that a call can work here: camera and microphone produce frames and sound, the signaling server answers
 * (round trip in ms), a TURN relay can be allocated with the given credentials, and a rough uplink estimate.
 * Same as `Room.preflight()`, without going through `Room`.
 *
 * @example
 * ```ts
 * import { preflight } from '@rtc-room/core/preflight';
 * const result = await preflight({ signalingUrl: 'wss://calls.example.com/ws' });
 * if (result.turn.status === 'failed') console.warn(result.turn.detail, result.turn.remedy);
 * ```
 */
export async function preflight(options: PreflightOptions = {}): Promise<PreflightResult> {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw RtcError.invalidArgument('preflight() takes an options object.');
  }
  const timeoutMs = options.timeoutMs ?? 8000;
  const uplinkMs = options.uplinkDurationMs ?? 2500;
  if (!(timeoutMs > 0) || !(uplinkMs > 0)) throw RtcError.invalidArgument('timeoutMs and uplinkDurationMs must be positive numbers of ms.');
  const report = <C extends PreflightCheck>(name: PreflightCheckName, check: C): C => {
    try {
      options.onCheck?.(name, check);
    } catch (error) {
      console.error(error);
    }
    return check;
  };

  const cameraWanted = options.camera ?? true;
  const micWanted = options.microphone ?? true;
  const devices = (async () => {
    const startedAt = performance.now();
    const media = await capture(cameraWanted, micWanted);
    const camera: Promise<PreflightCameraCheck> = media.camera
      ? Promise.resolve(media.camera)
      : media.video
        ? checkCamera(media.video, startedAt, timeoutMs).catch(crashed)
        : Promise.resolve(skipped('Not asked for.'));
    const microphone: Promise<PreflightMicrophoneCheck> = media.microphone
      ? Promise.resolve(media.microphone)
      : media.audio
        ? checkMicrophone(media.audio, startedAt).catch(crashed)
        : Promise.resolve(skipped('Not asked for.'));
    void camera.then((c) => report('camera', c));
    void microphone.then((c) => report('microphone', c));
    return { media, camera: await camera, microphone: await microphone };
  })();

  const wantIceServers = options.iceServers === undefined;
  const signaling: Promise<SignalingProbe> = (
    options.signaling
      ? probeAdapter(options.signaling, { ...(options.room ? { room: options.room } : {}), timeoutMs })
      : options.signalingUrl
        ? probeUrl(options.signalingUrl, {
            wantIceServers,
            ...(options.room ? { room: options.room } : {}),
            ...(options.token ? { token: options.token } : {}),
            timeoutMs,
          })
        : Promise.resolve({ check: skipped('No signaling server given (signalingUrl or signaling).') })
  ).catch((error: unknown) => ({ check: crashed(error) }));

  const probe = await signaling;
  report('signaling', probe.check);
  const iceServers = options.iceServers ?? probe.iceServers;
  const servers = turnServers(iceServers ?? []);
  let turn: PreflightCheck;
  if (servers.length > 0) {
    turn = await checkTurn(servers, timeoutMs).catch(crashed);
  } else if (iceServers === undefined) {
    turn = {
      status: 'skipped',
      detail: probe.iceServersProblem
        ? `No TURN server to check: ${probe.iceServersProblem}.`
        : 'No TURN server to check: pass iceServers, or a signaling server that hands them out.',
    };
  } else {
    turn = {
      status: 'warning',
      detail: 'No TURN server is configured.',
      remedy: 'Calls between restrictive networks (corporate firewalls, some mobile networks) need a TURN relay; configure one (docs/server.md, "TURN").',
    };
  }
  report('turn', turn);

  // The uplink test reuses the camera, so it waits for the device checks (and sends while nothing else runs).
  const { media, camera, microphone } = await devices.catch((error: unknown) => ({
    media: { video: null, audio: null },
    camera: crashed(error),
    microphone: crashed(error),
  }));
  let uplink: PreflightCheck;
  if (options.uplink === false) uplink = skipped('Not asked for.');
  else if (turn.status !== 'ok') uplink = skipped('Needs a working TURN relay (the estimate is a call through it).');
  else uplink = await checkUplink(servers, media.video, uplinkMs, timeoutMs).catch(crashed);
  report('uplink', uplink);
  media.video?.stop();
  media.audio?.stop();
  return { camera, microphone, signaling: probe.check, turn, uplink };
}
