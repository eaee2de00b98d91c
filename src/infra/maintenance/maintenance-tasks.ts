import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import type Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export const MAINTENANCE_QUEUE = 'maintenance';

/** A periodic job, e.g. pruning expired rows. It must tolerate running twice or concurrently (it may, after a crash). */
export interface MaintenanceTask {
  /** the job name and the id of its job scheduler */
  name: string;
  everyMs: number;
  run: () => Promise<void>;
}

/**
 * Periodic housekeeping on one BullMQ queue. Owners register their tasks (in their constructor or onModuleInit);
 * at start-up every process upserts one job scheduler per task, whose fixed id makes it one scheduler and one job
 * per tick however many processes run. The jobs run where queue workers run (MaintenanceProcessor). Like the
 * settlement producer, the queue's connection does not wait for an unreachable Redis, so start-up and shutdown
 * never hang on it.
 */
@Injectable()
export class MaintenanceTasks implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MaintenanceTasks.name);
  private readonly tasks = new Map<string, MaintenanceTask>();
  readonly queue: Queue;
  private readonly connection: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.connection = new IORedis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    this.connection.on('error', () => undefined);
    this.queue = new Queue(MAINTENANCE_QUEUE, { prefix: `${config.redisPrefix}:bull`, connection: this.connection });
    this.queue.on('error', (error) => this.logger.warn(`maintenance queue: ${error.message}`));
  }

  register(task: MaintenanceTask): void {
    this.tasks.set(task.name, task);
  }

  get(name: string): MaintenanceTask | undefined {
    return this.tasks.get(name);
  }

  onApplicationBootstrap(): void {
    // not awaited: start-up must not wait for Redis; the schedulers are registered once it is reachable
    this.syncSchedulers().catch((error: Error) => this.logger.error(`Could not register the maintenance schedule: ${error.message}`));
  }

  async syncSchedulers(): Promise<void> {
    for (const task of this.tasks.values()) {
      await this.queue.upsertJobScheduler(
        task.name,
        { every: task.everyMs },
        { name: task.name, data: {}, opts: { attempts: 1, removeOnComplete: { count: 20 }, removeOnFail: { count: 100 } } },
      );
    }
  }

  async onModuleDestroy(): Promise<void> {
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
    await Promise.race([this.queue.close().catch(() => undefined), timeout]);
    this.connection.disconnect();
  }
}
