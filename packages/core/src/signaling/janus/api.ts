// `@rtc-room/core/janus-api`: kept as a re-export of @rtc-room/janus (the Janus session and VideoRoom driver now
// live there, and @rtc-room/server imports them from there). Exports only; DOM-free. Prefer `@rtc-room/janus`.
export * from '@rtc-room/janus';
