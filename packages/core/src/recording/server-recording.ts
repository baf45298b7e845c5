import { RtcError } from '../errors/RtcError.js';
import type { SignalingAdapter } from '../signaling/SignalingAdapter.js';
import type { ServerRecording } from './types.js';

/**
 * Asks the signaling server to start or stop recording the SFU room (`sfu` op `record`). Used by
 * `room.setServerRecording()`.
 * @throws {RtcError} see `Room.setServerRecording`.
 * @internal
 */
export async function requestServerRecording(signaling: SignalingAdapter, active: boolean): Promise<ServerRecording> {
  const channel = signaling.sfu?.(() => undefined);
  if (!channel) throw new RtcError('recording-off', 'This signaling adapter has no SFU channel: server recording needs WebSocketSignaling.');
  try {
    const reply = await channel.request({ op: 'record', action: active ? 'start' : 'stop' });
    const error = reply.error;
    if (error) {
      const code =
        error.code === 'forbidden' || error.code === 'recording-off' || error.code === 'sfu-unavailable'
          ? error.code
          : error.code === 'sfu-off'
            ? 'recording-off'
            : 'recording-failed';
      throw new RtcError(code, `Server recording: ${error.message}.`);
    }
    return reply.recording ?? { active, id: '' };
  } finally {
    channel.close();
  }
}
