/**
 * {@link SharedModeration} in Redis: `rtc:lk:<room>` marks a locked room (deleted with the room's other keys when it
 * empties, `./scripts.ts`), `rtc:md:<digest>` a deny-list entry (its own expiry: the removed token's, or the resume
 * grace period for a removed seat). Digests keep room names and token ids of any length out of key names.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import type { SharedJoinCheck, SharedModeration } from '../moderation/shared.js';
import { deniedTokenKey } from '../moderation/shared.js';
import type { RedisLink } from './redis.js';
import { keys } from './scripts.js';

const digest = (key: string): string => createHash('sha256').update(key, 'utf8').digest('base64url');

export class RedisModeration implements SharedModeration {
  constructor(private readonly link: RedisLink) {}

  async check(room: string, tokenKey: string | undefined): Promise<SharedJoinCheck> {
    const [locked, denied] = await Promise.all([
      this.link.cmd.exists(keys.roomLock(room)),
      tokenKey === undefined ? 0 : this.link.cmd.exists(keys.denied(digest(deniedTokenKey(room, tokenKey)))),
    ]);
    return { locked: locked === 1, denied: denied === 1 };
  }

  async denied(key: string): Promise<boolean> {
    return (await this.link.cmd.exists(keys.denied(digest(key)))) === 1;
  }

  async lock(room: string, locked: boolean): Promise<void> {
    if (locked) await this.link.cmd.set(keys.roomLock(room), '1');
    else await this.link.cmd.del(keys.roomLock(room));
  }

  async deny(key: string, until: number): Promise<void> {
    await this.link.cmd.set(keys.denied(digest(key)), '1', 'PX', Math.max(1, Math.ceil(until - Date.now())));
  }
}
