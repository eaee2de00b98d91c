import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import Redis from 'ioredis';
import { Public } from '../auth/roles.decorator';
import { ServiceUnavailableError } from '../common/errors';
import { ApiErrors, ApiOk } from '../infra/http/api-docs';
import { REDIS } from '../infra/redis/redis.module';
import { HealthRepository } from './health.repository';
import { HealthView } from './health.view';

const TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS).unref())]);
}

@ApiTags('service')
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: HealthRepository,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: '服务健康检查',
    description: '200 `{ status: "ok", database: "up", redis: "up" }` when both are reachable, else 503 naming what is down.',
  })
  @ApiOk(HealthView)
  @ApiErrors({ 503: ['SERVICE_UNAVAILABLE'] })
  async check(): Promise<HealthView> {
    const [database, redis] = await Promise.all([
      withTimeout(this.db.ping()).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      withTimeout(this.redis.ping()).then(
        () => 'up' as const,
        () => 'down' as const,
      ),
    ]);
    if (database === 'down' || redis === 'down') {
      const down = Object.entries({ database, redis })
        .filter(([, s]) => s === 'down')
        .map(([name]) => name);
      throw new ServiceUnavailableError(
        'SERVICE_UNAVAILABLE',
        `Unavailable: ${down.join(' and ')}`,
        down.map((field) => ({ field, code: 'DOWN', message: `${field} is not reachable` })),
      );
    }
    return { status: 'ok', database: 'up', redis: 'up' };
  }
}
