/**
 * Command-line parsing for `rtc-room-server`, kept apart from `cli.ts` so it is testable.
 *
 * @packageDocumentation
 */
import { parseArgs } from 'node:util';
import type { ServerOptions } from './options.js';

/** Usage text printed by `--help`. */
export const USAGE = `Usage: rtc-room-server [options]

Options:
  --port N                 TCP port (default: $PORT, else 8080; 0 picks a free port)
  --host H                 interface to bind (default 0.0.0.0)
  --static DIR             directory served at / (relative to the current directory)
  --mount /prefix/=DIR     also serve DIR under /prefix/ (repeatable)
  --max-participants N     participants per room (default 16)
  --max-message-bytes N    largest WebSocket message in bytes (default 65536)
  --ping-interval-ms N     heartbeat period in ms (default 5000)
  --ice-server URL         ICE server URL handed to clients, e.g. stun:stun.example.org (repeatable)
  -h, --help               show this help

Endpoints: static files, GET /healthz, WebSocket signaling at /ws.`;

/** Result of {@link parseCliArgs}. */
export type CliCommand = { kind: 'help' } | { kind: 'run'; options: ServerOptions };

function integer(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new TypeError(`${flag} expects a non-negative integer, got "${value}"`);
  return Number(value);
}

/**
 * Parses CLI arguments (without `node` and the script path).
 *
 * @param env - environment used for the `PORT` fallback
 * @throws {TypeError} on unknown flags, missing values or malformed numbers/mounts
 */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliCommand {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      static: { type: 'string' },
      mount: { type: 'string', multiple: true },
      'max-participants': { type: 'string' },
      'max-message-bytes': { type: 'string' },
      'ping-interval-ms': { type: 'string' },
      'ice-server': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { kind: 'help' };

  const staticMounts: Record<string, string> = {};
  for (const mount of values.mount ?? []) {
    const eq = mount.indexOf('=');
    if (eq <= 0 || eq === mount.length - 1 || !mount.startsWith('/')) {
      throw new TypeError(`--mount expects /prefix/=DIR, got "${mount}"`);
    }
    staticMounts[mount.slice(0, eq)] = mount.slice(eq + 1);
  }

  const options: ServerOptions = {};
  const port = integer('--port', values.port ?? (env['PORT'] || undefined));
  if (port !== undefined) options.port = port;
  if (values.host !== undefined) options.host = values.host;
  if (values.static !== undefined) options.staticDir = values.static;
  if (Object.keys(staticMounts).length > 0) options.staticMounts = staticMounts;
  const maxParticipants = integer('--max-participants', values['max-participants']);
  if (maxParticipants !== undefined) options.maxParticipantsPerRoom = maxParticipants;
  const maxBytes = integer('--max-message-bytes', values['max-message-bytes']);
  if (maxBytes !== undefined) options.maxMessageBytes = maxBytes;
  const ping = integer('--ping-interval-ms', values['ping-interval-ms']);
  if (ping !== undefined) options.pingIntervalMs = ping;
  if (values['ice-server']?.length) options.iceServers = values['ice-server'].map((urls) => ({ urls }));
  return { kind: 'run', options };
}
