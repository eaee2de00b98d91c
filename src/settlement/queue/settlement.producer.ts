import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import type Redis from 'ioredis';
import { ServiceUnavailableError } from '../../common/errors';
import { APP_CONFIG, AppConfig } from '../../infra/config/app-config';
import { REDIS } from '../../infra/redis/redis.module';
import {
  ChunkPayload,
  chunkJobId,
  JOB_ATTEMPTS,
  RunPayload,
  runJobId,
  SETTLEMENT_QUEUE,
  SETTLEMENT_SCHEDULER_ID,
  SettlementJob,
} from './settlement-queue';

const ENQUEUE_TIMEOUT_MS = 5000;
const ALIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Puts settlement jobs on the queue. Its Redis connection does not queue commands while Redis is down
 * (unlike the workers' connection), so a request fails at once with 503 instead of hanging.
 */
@Injectable()
export class SettlementProducer implements OnModuleDestroy {
  private readonly logger = new Logger(SettlementProducer.name);
  readonly queue: Queue;
  // owned here rather than by BullMQ, so shutdown can always cut it, even while Redis is unreachable
  private readonly connection: Redis;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    this.connection = new IORedis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    this.connection.on('error', () => undefined);
    this.queue = new Queue(SETTLEMENT_QUEUE, {
      prefix: `${config.redisPrefix}:bull`,
      connection: this.connection,
      defaultJobOptions: {
        attempts: JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    });
    this.queue.on('error', (error) => this.logger.warn(`settlement queue: ${error.message}`));
  }

  async onModuleDestroy(): Promise<void> {
    // with Redis unreachable close() may fail or never settle: wait briefly, then cut the connection
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
    await Promise.race([this.queue.close().catch(() => undefined), timeout]);
    this.connection.disconnect();
  }

  /** 503 at once when Redis is unreachable, before anything is written. */
  async assertAvailable(): Promise<void> {
    try {
      await this.redis.ping();
    } catch {
      throw unavailable();
    }
  }

  async enqueueRun(payload: RunPayload): Promise<void> {
    await guarded(this.queue.add(SettlementJob.RUN, payload, { jobId: runJobId(payload.month, payload.run) }));
  }

  async enqueueChunks(payloads: ChunkPayload[]): Promise<void> {
    for (let i = 0; i < payloads.length; i += 500) {
      await guarded(
        this.queue.addBulk(
          payloads
            .slice(i, i + 500)
            .map((p) => ({ name: SettlementJob.CHUNK, data: p, opts: { jobId: chunkJobId(p.month, p.run, p.chunkNo) } })),
        ),
      );
    }
  }

  /**
   * Whether a run still has jobs that will finish it. False when Redis lost them (restarted without
   * persistence) or they failed for good, and when the run's job completed without leaving a chunk to do
   * (it planned nothing for this run, yet the month is still QUEUED/RUNNING): the caller then starts a new run.
   */
  async isRunAlive(month: string, run: number, undoneChunks: number[]): Promise<boolean> {
    const parent = await guarded(this.queue.getJob(runJobId(month, run)));
    if (!parent) return false;
    const state = await guarded(parent.getState());
    if (ALIVE_STATES.has(state)) return true;
    if (state !== 'completed' || undoneChunks.length === 0) return false;
    for (const chunkNo of undoneChunks.slice(0, 200)) {
      const job = await guarded(this.queue.getJob(chunkJobId(month, run, chunkNo)));
      if (!job || !ALIVE_STATES.has(await guarded(job.getState()))) return false;
    }
    return true;
  }

  /** Registers (or, with an empty pattern, removes) the one scheduler; idempotent, so every process may call it. */
  async syncScheduler(pattern: string): Promise<void> {
    if (!pattern) {
      await this.queue.removeJobScheduler(SETTLEMENT_SCHEDULER_ID);
      return;
    }
    await this.queue.upsertJobScheduler(
      SETTLEMENT_SCHEDULER_ID,
      { pattern, tz: 'Asia/Shanghai' },
      {
        name: SettlementJob.PREVIOUS_MONTH,
        data: {},
        opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
      },
    );
  }
}

function unavailable(): ServiceUnavailableError {
  return new ServiceUnavailableError(
    'SERVICE_UNAVAILABLE',
    'The job queue (Redis) is unavailable; nothing was changed. Try again shortly.',
  );
}

/** Any Redis failure or a stall becomes a 503; the caller's transaction then rolls back. */
async function guarded<T>(operation: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      operation,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), ENQUEUE_TIMEOUT_MS);
      }),
    ]);
  } catch {
    throw unavailable();
  } finally {
    clearTimeout(timer);
  }
}
