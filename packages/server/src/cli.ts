#!/usr/bin/env node
/**
 * `rtc-room-server`: starts the signaling + static server from the command line, or with
 * `rtc-room-server token …` mints a room token. Run `rtc-room-server --help` for flags. Importing this module has no side effects.
 *
 * @packageDocumentation
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCliArgs, USAGE } from './args.js';
import { mintRoomToken } from './auth.js';
import { createServer } from './server.js';
import { serverVersion } from './version.js';

/**
 * Runs the CLI: parses `argv`, starts the server, drains it on SIGTERM (clients are closed with 1012 and resume
 * elsewhere, see `RtcRoomServer.drain`; also when npm launched it and npm goes away: see `watchLauncher`) and
 * closes it on SIGINT (1001).
 *
 * @returns the process exit code for immediate failures (bad flags, listen errors); `undefined` while running
 */
export async function main(argv: string[] = process.argv.slice(2)): Promise<number | undefined> {
  let command;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    process.stderr.write(`rtc-room-server: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command.kind === 'version') {
    process.stdout.write(`${serverVersion()}\n`);
    return 0;
  }
  if (command.kind === 'token') {
    try {
      process.stdout.write(`${await mintRoomToken(command.options)}\n`);
      return 0;
    } catch (error) {
      process.stderr.write(`rtc-room-server: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
  }
  let server;
  try {
    server = createServer(command.options);
    const { port } = await server.listen();
    process.stdout.write(`rtc-room server listening on http://localhost:${port} (signaling at ws://localhost:${port}/ws)\n`);
  } catch (error) {
    process.stderr.write(`rtc-room-server: ${error instanceof Error ? error.message : String(error)}\n`);
    await server?.close();
    return 1;
  }
  const running = server;
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.exit(130); // a second signal forces exit
    }
    stopping = true;
    process.stderr.write(`rtc-room-server: ${signal} received, ${signal === 'SIGTERM' ? 'draining' : 'shutting down'}\n`);
    (signal === 'SIGTERM' ? running.drain() : running.close()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  watchLauncher(() => stop('SIGTERM'));
  return undefined;
}

/** How often the CLI checks whether the npm process that launched it is still there, in ms. */
const LAUNCHER_POLL_MS = 500;

/**
 * Under `npx rtc-room-server` / `npm start`, npm runs the CLI through `sh -c`: a SIGTERM to npm kills npm and the
 * shell but never reaches this process, which would keep running orphaned (and its clients would never get the
 * 1001 close). When npm launched us (`npm_command` is set), losing the parent process therefore counts as SIGTERM.
 * A CLI started any other way (a service manager, `nohup`, a container's PID 1) keeps running when its parent exits.
 */
function watchLauncher(onGone: () => void): void {
  if (process.env['npm_command'] === undefined) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, LAUNCHER_POLL_MS);
  timer.unref();
}

function isMainModule(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  void main().then((code) => {
    if (code !== undefined) process.exitCode = code;
  });
}
