/**
 * The protocol's major version. A client says which one it speaks in `join` and `resume` (`protocol`); the server
 * names its own in `joined` and `resumed`. A server that receives another major answers `protocol-mismatch` and
 * closes the socket (code 1002, RFC 6455 §7.4.1). Bumped only for changes an older peer would misread; added
 * optional fields do not bump it.
 */
export const PROTOCOL_VERSION = 1;

/** The type of {@link PROTOCOL_VERSION} (a literal): a client keeping its own copy fails to compile when it moves. */
export type ProtocolVersion = typeof PROTOCOL_VERSION;
