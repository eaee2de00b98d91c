import { CanActivate, ExecutionContext, HttpException, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { REDIS } from '../infra/redis/redis.module';

/**
 * Fixed-window limit on login attempts per client address, kept in Redis so it holds across
 * every API process. If Redis is unreachable, login is not blocked by the limiter.
 */
@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const { max, windowSeconds } = this.config.loginRateLimit;
    const window = Math.floor(Date.now() / 1000 / windowSeconds);
    const key = `${this.config.redisPrefix}:ratelimit:login:${req.ip}:${window}`;
    let count: number;
    try {
      const [[, incr]] = (await this.redis
        .multi()
        .incr(key)
        .expire(key, windowSeconds + 1)
        .exec()) as [[null, number]];
      count = incr;
    } catch {
      return true;
    }
    if (count > max) {
      const retryAfter = windowSeconds - (Math.floor(Date.now() / 1000) % windowSeconds);
      res.setHeader('Retry-After', String(retryAfter));
      throw new HttpException({ code: 'RATE_LIMITED', message: `Too many sign-in attempts; try again in ${retryAfter} s` }, 429);
    }
    return true;
  }
}
