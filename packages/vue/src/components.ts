/**
 * `<rtc-room>` in Vue templates, for `vue-tsc` and Volar. Vue sets a custom element's bindings as **properties**
 * when the element has one of that name (`room`, `server`) or the value is not a string (`:room-options="{…}"`),
 * else as attributes; `@rtc-join="…"` listens to the DOM event `rtc-join`. Tell the compiler the tag is a custom
 * element (`compilerOptions.isCustomElement: (tag) => tag.startsWith('rtc-')` in `@vitejs/plugin-vue`).
 *
 * Active as soon as anything is imported from `@rtc-room/vue`. Import `@rtc-room/elements` once to define the tag.
 */
import type { HTMLAttributes, PublicProps } from 'vue';
import type { RtcEventDetailMap, RtcRoomElement, RtcRoomProperties } from '@rtc-room/elements';

export type { RtcRoomProperties };


/** The `rtc-*` events as handler props (`onRtcJoin`: what `@rtc-join` compiles to). */
export type RtcEventHandlers = {
  [K in keyof RtcEventDetailMap as `on${Capitalize<CamelCase<K>>}`]?: (event: CustomEvent<RtcEventDetailMap[K]>) => void;
};

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/**
 * `<rtc-room>` as Vue's type checker sees it (the shape Vue's guide gives custom elements): the element, whose
 * `$props` are its properties, the usual HTML attributes and `on…` handlers for its events (what `@rtc-join`
 * compiles to).
 */
export type RtcRoomComponent = new () => RtcRoomElement & {
  $props: HTMLAttributes & PublicProps & RtcRoomProperties & RtcEventHandlers;
};

declare module 'vue' {
  interface GlobalComponents {
    'rtc-room': RtcRoomComponent;
  }
}
