// Style 1: the `<rtc-room>` element as a tag. Properties are set as properties (React 19 does this for custom
// elements), `rtc-*` events are handled with `onrtc-…` props, and the element owns its Room.
import '@rtc-room/elements'; // defines <rtc-room> and the tags it renders
import type {} from '@rtc-room/react'; // `<rtc-room>` in JSX: props and onrtc-* events typed
import type { RtcRoomElement } from '@rtc-room/elements';
import { useRef, useState } from 'react';
import { displayName, roomName, server } from './params.js';

export function App() {
  const element = useRef<RtcRoomElement>(null);
  const [log, setLog] = useState<string[]>([]);
  const note = (line: string) => setLog((lines) => [...lines.slice(-4), line]);
  window.rtcExample = { ...window.rtcExample, room: () => element.current?.roomInstance };

  return (
    <>
      <header>
        <strong>React · &lt;rtc-room&gt;</strong>
        <span>room “{roomName}” as {displayName}</span>
        <a href={`?style=core&room=${encodeURIComponent(roomName)}&name=${encodeURIComponent(displayName)}`}>core style</a>
      </header>
      <rtc-room
        ref={element}
        room={roomName}
        name={displayName}
        server={server}
        layout="grid"
        roomOptions={{ video: { width: 640, height: 360 } }}
        onrtc-join={(e) => note(`joined as ${e.detail.participantId}`)}
        onrtc-participant-join={(e) => note(`${e.detail.participant.name} joined`)}
        onrtc-participant-leave={(e) => note(`${e.detail.participant.name} left`)}
        onrtc-error={(e) => note(`error: ${e.detail.error.code}`)}
      />
      <ul className="log" data-testid="log">
        {log.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
    </>
  );
}
