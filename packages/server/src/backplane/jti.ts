/**
 * The {@link JtiStore} of a Redis backplane: room token uses are counted in Redis (`INCR` with the token's expiry),
 * so `maxUsesPerJti` holds across every node.
 *
 * @packageDocumentation
 */
import { ProtocolError } from '../errors.js';
import type { JtiStore } from '../jti-store.js';
import type { RedisLink } from './redis.js';
import { JTI_USE, keys } from './scripts.js';

export class RedisJtiStore implements JtiStore {
  constructor(private readonly link: RedisLink) {}

  /** @throws {ProtocolError} `server-unavailable` while Redis is unreachable (a use cannot be counted) */
  async use(jti: string, expiresAtMs: number): Promise<number> {
    try {
      return Number(await this.link.run(JTI_USE, [keys.jti(jti)], [Math.ceil(expiresAtMs)]));
    } catch {
      throw ProtocolError.serverUnavailable('join');
    }
  }
}
