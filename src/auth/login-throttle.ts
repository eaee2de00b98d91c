import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { REDIS } from '../infra/redis/redis.module';

/**
 * Limits FAILED sign-ins, per username and per client address, over a fixed window (LOGIN_FAILURE_WINDOW_SECONDS
 * from the first failure). Successes never count, so an office behind one NAT address that signs in correctly
 * is never locked out; a botnet spreading guesses over many addresses still meets the per-username limit.
 *
 * The username's count is taken *before* the password is checked (and given back on success), so parallel
 * guesses cannot all pass the check at once; the address's count only grows on failure, so correct sign-ins
 * from one address never compete for it. Counts live in Redis under `<REDIS_PREFIX>:login-failures:` (shared by
 * every API process); while Redis is unreachable each process keeps them in memory instead.
 */
@Injectable()
export class LoginThrottle {
  private readonly byUsername: RateLimiterRedis;
  private readonly byAddress: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    const { maxFailuresPerUsername, maxFailuresPerAddress, windowSeconds } = config.loginThrottle;
    const limiter = (kind: string, points: number) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${config.redisPrefix}:login-failures:${kind}`,
        points,
        duration: windowSeconds,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ points, duration: windowSeconds }),
      });
    this.byUsername = limiter('username', maxFailuresPerUsername);
    this.byAddress = limiter('address', maxFailuresPerAddress);
  }

  /** Before the password check: 429 when the address or the username has no failures left. */
  async begin(username: string, address: string): Promise<void> {
    const seen = await this.byAddress.get(address);
    if (seen && seen.consumedPoints >= this.byAddress.points) throw tooMany(seen);
    await this.byUsername.consume(userKey(username)).catch((rejection: unknown) => {
      throw rejection instanceof RateLimiterRes ? tooMany(rejection) : rejection;
    });
  }

  /** The password was right: the username's earlier failures are forgiven; the address is not touched. */
  async succeeded(username: string): Promise<void> {
    await this.byUsername.delete(userKey(username));
  }

  /** The sign-in failed: the username keeps the point taken in begin(), the address gets one. */
  async failed(address: string): Promise<void> {
    await this.byAddress.penalty(address);
  }

  /** The check itself broke (e.g. the database): nothing was learned, so the username gets its point back. */
  async abandoned(username: string): Promise<void> {
    await this.byUsername.reward(userKey(username));
  }
}

// usernames are kept out of Redis key names
const userKey = (username: string) => createHash('sha256').update(username).digest('hex');

function tooMany(res: RateLimiterRes): RateLimitedError {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new RateLimitedError(seconds, `登录失败次数过多，请 ${seconds} 秒后再试`);
}
