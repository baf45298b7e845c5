/**
 * The server package's version (`rtc-room-server --version`, `rtc_room_build_info`), read once from its own
 * package.json: the nearest one above this module whose name is `@rtc-room/server`.
 *
 * @packageDocumentation
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** `@rtc-room/server`'s version, e.g. `0.1.0`; `'unknown'` when its package.json cannot be found. */
export function serverVersion(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  cached = 'unknown';
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
        if (pkg.name === '@rtc-room/server' && typeof pkg.version === 'string') {
          cached = pkg.version;
          break;
        }
      } catch {
        // not JSON: keep looking upwards
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return cached;
}
