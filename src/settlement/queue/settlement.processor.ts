import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { runWithContext } from '../../common/request-context';
import { APP_CONFIG, AppConfig } from '../../infra/config/app-config';
import { failureLogDetail, PermanentRunError, runFailure } from '../run-failure';
import { SettlementComputeService } from '../settlement-compute.service';
import { SettlementService } from '../settlement.service';
import { ChunkPayload, JOB_ATTEMPTS, RunPayload, SETTLEMENT_QUEUE, SettlementJob } from './settlement-queue';
import { SettlementProducer } from './settlement.producer';

/**
 * Consumes the settlement queue (loaded only where workers run). Any number of worker processes may run:
 * chunks of one month are shared among them. A worker killed mid-job loses its lock after
 * SETTLEMENT_JOB_LOCK_MS; BullMQ then hands the job to another worker (stalled job), and the chunk's
 * transaction, rolled back by PostgreSQL when the connection died, is simply done again.
 */
@Injectable()
export class SettlementProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SettlementProcessor.name);
  private worker?: Worker;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly compute: SettlementComputeService,
    private readonly settlements: SettlementService,
    private readonly producer: SettlementProducer,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker(SETTLEMENT_QUEUE, (job) => runWithContext({ requestId: `job:${job.id}` }, () => this.process(job)), {
      prefix: `${this.config.redisPrefix}:bull`,
      connection: { url: this.config.redisUrl, maxRetriesPerRequest: null },
      concurrency: this.config.settlementWorkerConcurrency,
      lockDuration: this.config.settlementJobLockMs,
      stalledInterval: this.config.settlementJobLockMs,
      maxStalledCount: 5,
    });
    this.worker.on('error', (error) => this.logger.warn(`settlement worker: ${error.message}`));
  }

  /**
   * Graceful shutdown: stop taking jobs and let the active ones finish. If they cannot finish within a
   * lock period (or Redis is gone), cut the worker's Redis connections and stop waiting: their locks lapse
   * and another worker retries them, and each chunk is one transaction (rolled back when this process
   * exits), so nothing is lost or doubled. (`worker.close(true)` cannot do this: once a graceful close is
   * under way, BullMQ returns that same pending close.)
   */
  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const graceful = worker.close().then(
      () => true,
      () => false,
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.config.settlementJobLockMs)));
    const closed = await Promise.race([graceful, timeout]);
    clearTimeout(timer);
    if (!closed) {
      this.logger.warn('Settlement jobs still running after a lock period: releasing them to other workers');
      await worker.disconnect().catch(() => undefined);
    }
  }

  private async process(job: Job): Promise<unknown> {
    if (job.name === SettlementJob.PREVIOUS_MONTH) {
      const month = this.settlements.previousMonth();
      const settlement = await this.settlements.requestRun(month, { onlyIfAbsent: true });
      return { month, settlementId: settlement.id, run: settlement.run };
    }
    const payload = job.data as RunPayload | ChunkPayload;
    try {
      if (job.name === SettlementJob.RUN) {
        const chunks = await this.compute.plan(payload);
        await this.producer.enqueueChunks(chunks);
        return { chunks: chunks.length };
      }
      if (job.name === SettlementJob.CHUNK) return { result: await this.compute.chunk(payload as ChunkPayload) };
      throw new UnrecoverableError(`Unknown settlement job ${job.name}`);
    } catch (error) {
      const permanent = error instanceof PermanentRunError || error instanceof UnrecoverableError;
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? JOB_ATTEMPTS);
      if (permanent || lastAttempt) {
        // people see a code and our own sentence; the detail (no personal data) goes to the log
        const detail = failureLogDetail(error);
        const where = job.name === SettlementJob.CHUNK ? `chunk ${(payload as ChunkPayload).chunkNo}` : 'plan';
        await this.compute.fail(payload, runFailure(error), `${where}, attempt ${job.attemptsMade + 1}: ${detail}`);
        throw new UnrecoverableError(`${where}: ${runFailure(error).code}`);
      }
      throw error;
    }
  }
}
