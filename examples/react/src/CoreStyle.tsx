// Style 2: a custom UI on `@rtc-room/core` alone, through `useRoom`: participants list, video tiles, mute buttons.
import { WebSocketSignaling, type LocalParticipant, type RemoteParticipant } from '@rtc-room/core';
import { useRoom } from '@rtc-room/react';
import { displayName, roomName, server } from './params.js';

export function App() {
  const { room, state, participants, localParticipant, activeSpeaker, error, join, leave } = useRoom({
    room: roomName,
    name: displayName,
    signaling: () => new WebSocketSignaling(server),
    video: { width: 640, height: 360 },
  });
  window.rtcExample = { ...window.rtcExample, room: () => room };
  const micOn = localParticipant?.isMicrophoneEnabled ?? false;
  const cameraOn = localParticipant?.isCameraEnabled ?? false;

  return (
    <>
      <header>
        <strong>React · useRoom</strong>
        <span data-testid="state">{state}</span>
        <a href={`?style=element&room=${encodeURIComponent(roomName)}&name=${encodeURIComponent(displayName)}`}>element style</a>
      </header>
      {error && <p role="alert" data-code={error.code}>{error.message}</p>}
      <ul className="participants" data-testid="participants">
        {participants.map((p) => (
          <li key={p.id} data-name={p.name} data-mic={p.isMicrophoneEnabled ? 'on' : 'off'} data-camera={p.isCameraEnabled ? 'on' : 'off'}>
            {p.name} {p.isMicrophoneEnabled ? '' : '(muted)'} {activeSpeaker?.id === p.id ? '· speaking' : ''}
          </li>
        ))}
      </ul>
      <div className="tiles">
        {localParticipant && <Tile participant={localParticipant} stream={localParticipant.stream} cameraOn={cameraOn} />}
        {participants.map((p) => (
          <Tile key={p.id} participant={p} stream={p.stream} cameraOn={p.isCameraEnabled} />
        ))}
      </div>
      <div className="bar">
        <button aria-pressed={micOn} data-testid="mic" disabled={state !== 'connected'} onClick={() => room?.setMicrophoneEnabled(!micOn)}>
          {micOn ? 'Mute' : 'Unmute'}
        </button>
        <button aria-pressed={cameraOn} data-testid="camera" disabled={state !== 'connected'} onClick={() => room?.setCameraEnabled(!cameraOn)}>
          {cameraOn ? 'Camera off' : 'Camera on'}
        </button>
        {state === 'connected' || state === 'reconnecting' ? (
          <button onClick={() => void leave()}>Leave</button>
        ) : (
          <button onClick={() => void join().catch(() => undefined)} disabled={state === 'connecting'}>Join</button>
        )}
      </div>
    </>
  );
}

function Tile({ participant, stream, cameraOn }: { participant: LocalParticipant | RemoteParticipant; stream: MediaStream; cameraOn: boolean }) {
  return (
    <figure className="tile" data-participant={participant.name} data-local={participant.isLocal} data-camera={cameraOn ? 'on' : 'off'}>
      <video
        autoPlay
        playsInline
        muted={participant.isLocal} // your own microphone is not played back
        ref={(video) => {
          if (video && video.srcObject !== stream) video.srcObject = stream;
        }}
      />
      <figcaption>{participant.isLocal ? `${participant.name} (you)` : participant.name}</figcaption>
    </figure>
  );
}
