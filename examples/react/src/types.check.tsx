// Type tests, checked by `tsc --noEmit` (the e2e suite runs it) and never bundled: `<rtc-room>` in JSX.
import type {} from '@rtc-room/react';
import type { RtcRoomElement } from '@rtc-room/elements';
import { createRef } from 'react';

const ref = createRef<RtcRoomElement>();
export const ok = (
  <rtc-room
    ref={ref}
    room="standup"
    server="ws://localhost:8080/ws"
    name="Ann"
    manual
    topology="sfu"
    layout="speaker"
    roomOptions={{ audio: false }}
    className="call"
    onrtc-join={(e) => e.detail.participantId.toUpperCase()}
    onrtc-state-change={(e) => e.detail.state === 'reconnecting'}
    onrtc-error={(e) => e.detail.error.code === 'room-full'}
  />
);

// @ts-expect-error topology is 'mesh' | 'sfu' | 'auto' | ''
export const badTopology = <rtc-room topology="p2p" />;
// @ts-expect-error layout is 'grid' | 'speaker'
export const badLayout = <rtc-room layout="tiles" />;
// @ts-expect-error manual is a boolean
export const badManual = <rtc-room manual="yes" />;
// @ts-expect-error the rtc-join detail has no `participant`
export const badDetail = <rtc-room onrtc-join={(e) => e.detail.participant} />;
// @ts-expect-error roomOptions takes RoomOptions fields
export const badOptions = <rtc-room roomOptions={{ audio: 'loud' }} />;
// @ts-expect-error the ref is an RtcRoomElement, not an input
export const badRef = <rtc-room ref={createRef<HTMLInputElement>()} />;
