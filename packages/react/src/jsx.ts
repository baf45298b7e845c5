/**
 * `<rtc-room>` in TSX. React 19 passes a custom element's props as **properties** when the element has one of that
 * name (`room`, `server`, `roomOptions`…) and as attributes otherwise, and adds a listener for every `on…` prop
 * whose value is a function: `onrtc-join={fn}` listens to `rtc-join`. These types say so.
 *
 * Active as soon as anything is imported from `@rtc-room/react`. Import `@rtc-room/elements` once to define the tag.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { RtcEventDetailMap, RtcRoomElement, RtcRoomProperties } from '@rtc-room/elements';

export type { RtcRoomProperties };


/** `on<event>` props for every `rtc-*` event, as React 19 adds them to custom elements (name kept as is). */
export type RtcEventProps = {
  [K in keyof RtcEventDetailMap as `on${K}`]?: (event: CustomEvent<RtcEventDetailMap[K]>) => void;
};

/** Every prop `<rtc-room>` takes in JSX. */
export type RtcRoomJsxProps = DetailedHTMLProps<HTMLAttributes<RtcRoomElement>, RtcRoomElement> &
  RtcRoomProperties &
  RtcEventProps & {
    /** The attribute form of `statsVisible` etc. also works; `class` is passed through as in HTML. */
    class?: string;
  };

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'rtc-room': RtcRoomJsxProps;
    }
  }
}
