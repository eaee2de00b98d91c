import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Worker } from 'bullmq';
import { runWithContext } from '../../common/request-context';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MAINTENANCE_QUEUE, MaintenanceTasks } from './maintenance-tasks';

/** Runs the maintenance jobs (loaded where queue workers run: the worker process, and the API unless RUN_WORKERS=false). */
@Injectable()
export class MaintenanceProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MaintenanceProcessor.name);
  private worker?: Worker;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tasks: MaintenanceTasks,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker(
      MAINTENANCE_QUEUE,
      async (job) => {
        const task = this.tasks.get(job.name);
        if (!task) throw new Error(`no maintenance task named ${job.name}`);
        await runWithContext({ requestId: `job:${job.id}` }, task.run);
      },
      { prefix: `${this.config.redisPrefix}:bull`, connection: { url: this.config.redisUrl, maxRetriesPerRequest: null }, concurrency: 1 },
    );
    this.worker.on('error', (error) => this.logger.warn(`maintenance worker: ${error.message}`));
    this.worker.on('failed', (job, error) => this.logger.error(`maintenance job ${job?.name} failed: ${error.message}`));
  }

  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    // the tasks are short and safe to repeat: wait briefly, then cut the connections and let the job's lock lapse
    const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 5000).unref());
    const closed = await Promise.race([
      worker.close().then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
    if (!closed) await worker.disconnect().catch(() => undefined);
  }
}
