/**
 * `@rtc-room/protocol`: rtc-room's wire protocol, defined once. Valibot schemas (the server validates with them)
 * and their inferred types (`@rtc-room/core` imports these as types only, so no validator reaches the browser) of:
 * - client → server messages ({@link ClientMessageSchema}, with the SFU requests of {@link SfuMessageSchema}),
 * - server → client messages ({@link ServerMessageSchema}),
 * - peer-to-peer payloads relayed inside `signal` ({@link PeerPayloadSchema}),
 * plus the limits, the error codes and the protocol version.
 *
 * @packageDocumentation
 */
export * from './version.js';
export * from './limits.js';
export * from './errors.js';
export * from './common.js';
export * from './client.js';
export * from './sfu.js';
export * from './moderation.js';
export * from './server.js';
export * from './peer.js';
export * from './parse.js';
