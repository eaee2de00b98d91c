import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { REDIS } from '../infra/redis/redis.module';

/**
 * Limits how many conflicting birth-order claims (an entry whose 孩次 differs from the child's confirmed one) an
 * operator may submit within BIRTH_ORDER_CLAIM_WINDOW_SECONDS. An operator's answer never says whether a claim
 * conflicts (the roster is stored as typed and the reviewer sees the conflict), so trying 1–9 for an ID number
 * teaches nothing; this bound keeps such probing, and the audit entries it leaves, small.
 *
 * Once the operator's claims are used up, *every* roster write of that operator is refused (429
 * BIRTH_ORDER_CLAIMS_LIMITED) whatever it contains, so the refusal itself says nothing about the entries of the
 * request. Counts live in Redis under `<REDIS_PREFIX>:birth-order-claims:` keyed by user id (no personal data);
 * while Redis is unreachable each process keeps them in memory instead.
 */
@Injectable()
export class BirthOrderClaims {
  private readonly limiter: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    const { maxConflicts, windowSeconds } = config.birthOrderClaims;
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.redisPrefix}:birth-order-claims`,
      points: maxConflicts,
      duration: windowSeconds,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points: maxConflicts, duration: windowSeconds }),
    });
  }

  /** Before a roster write: 429 when the user has no conflicting claims left. */
  async assertAllowed(userId: string): Promise<void> {
    const seen = await this.limiter.get(userId);
    if (seen && seen.consumedPoints >= this.limiter.points) throw limited(seen);
  }

  /** The write claimed `conflicts` birth orders that differ from the confirmed ones: they count (the write itself goes on). */
  async count(userId: string, conflicts: number): Promise<void> {
    if (conflicts > 0) await this.limiter.penalty(userId, conflicts);
  }
}

function limited(res: RateLimiterRes): RateLimitedError {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  const wait = seconds >= 3600 ? `${Math.ceil(seconds / 3600)} 小时` : seconds >= 60 ? `${Math.ceil(seconds / 60)} 分钟` : `${seconds} 秒`;
  return new RateLimitedError(
    seconds,
    `名册中与已确认孩次不一致的填报过多，暂停上报名册，请 ${wait}后再试；如孩次确有变化，请联系区卫生健康局更正`,
    'BIRTH_ORDER_CLAIMS_LIMITED',
  );
}
