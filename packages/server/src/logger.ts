/**
 * Structured logging: the server reports events as small JSON-able objects. Payloads and
 * client-chosen strings beyond ids are never logged.
 *
 * @packageDocumentation
 */

/** One log event. `event` names what happened; the other fields are JSON-able details. */
export interface LogEvent {
  event: string;
  [field: string]: unknown;
}

/** Receives every log event. Must not throw (if it does, the error is swallowed). */
export type Logger = (event: LogEvent) => void;

/** The default logger: one JSON line per event on stderr, with an ISO `time` field. */
export const stderrLogger: Logger = (event) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
};

/** A logger that drops everything (handy in tests). */
export const silentLogger: Logger = () => {};

/** Wraps a logger so a throwing or misbehaving logger can never break the server. */
export function safeLogger(logger: Logger): Logger {
  return (event) => {
    try {
      logger(event);
    } catch {
      // A broken logger must not take a request down with it.
    }
  };
}
