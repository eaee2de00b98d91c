import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../infra/config/app-config';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService, Tx } from '../../infra/database/prisma.service';
import type { RunPayload } from './settlement-queue';
import { SettlementProducer } from './settlement.producer';

/** A pending row younger than this counts as a run on its way to the queue (runAlive); an older one may be re-run. */
export const OUTBOX_PENDING_ALIVE_MS = 2 * 60_000;
/** Rows sent this long ago are deleted by the relay (they only record that a run's job was queued). */
export const OUTBOX_KEEP_DAYS = 30;

/**
 * The settlement outbox. Queuing a run writes its row in the run's own transaction (`add`); only after that
 * commit is the job put on the queue (`relay`), so a job never belongs to a transaction that rolled back, and a
 * committed run whose enqueue failed (Redis unreachable) is sent again. The process that queued the run sends it
 * right after the commit (`send`); every API and worker process sends what is still pending after that, at
 * start-up and every SETTLEMENT_OUTBOX_INTERVAL_MS (`relay`). Several processes may relay at once:
 * rows are taken with FOR UPDATE SKIP LOCKED, and the job id is the run's (`runJobId`), so BullMQ keeps one job
 * per run even if a row is sent twice. A row whose run is no longer the month's current QUEUED run is marked
 * sent without a job (an older run's plan would do nothing anyway). Rows sent more than OUTBOX_KEEP_DAYS ago are
 * deleted by the relay.
 */
@Injectable()
export class SettlementOutbox implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SettlementOutbox.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private next?: Promise<number>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly producer: SettlementProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.relay();
    this.timer = setInterval(() => void this.relay(), this.config.settlementOutboxIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** In the transaction that queues the run. */
  async add(tx: Tx, run: RunPayload): Promise<void> {
    await tx.settlementOutbox.create({ data: { settlementId: run.settlementId, run: run.run, month: run.month } });
  }

  /** Whether the run's job is still waiting in the outbox (written less than OUTBOX_PENDING_ALIVE_MS ago, not yet on the queue). */
  async pending(settlementId: string, run: number): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM settlement_outbox
       WHERE "settlementId" = ${settlementId}::uuid AND run = ${run} AND "enqueuedAt" IS NULL
         AND "createdAt" > now() - make_interval(secs => ${OUTBOX_PENDING_ALIVE_MS / 1000})`;
    return rows[0].n > 0;
  }

  /** Right after the run's commit, by the process that queued it: sends that run's row. Never throws. */
  async send(settlementId: string, run: number): Promise<void> {
    await this.sendPending(Prisma.sql`o."settlementId" = ${settlementId}::uuid AND o.run = ${run}`).catch((error: Error) =>
      this.logger.warn(`settlement outbox: could not send run ${run} now (${error.name}); the relay retries`),
    );
  }

  /**
   * Sends every row pending for longer than a relay interval (a row just written is being sent by the process
   * that wrote it); one pass at a time per process. Returns how many jobs were put on the queue. Never throws:
   * a row that cannot be sent stays pending for the next pass.
   */
  relay(): Promise<number> {
    // a pass under way may have read the outbox before a row became due: run once more after it
    if (this.running) {
      this.next ??= this.running.then(() => {
        this.next = undefined;
        return this.relay();
      });
      return this.next;
    }
    const due = Prisma.sql`o."createdAt" <= now() - make_interval(secs => ${this.config.settlementOutboxIntervalMs / 1000})`;
    this.running = this.sendPending(due)
      .then(async (sent) => {
        await this.prisma
          .$executeRaw`DELETE FROM settlement_outbox WHERE "enqueuedAt" < now() - make_interval(days => ${OUTBOX_KEEP_DAYS})`;
        return sent;
      })
      .catch((error: Error) => {
        this.logger.warn(`settlement outbox relay failed: ${error.name}`);
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async sendPending(which: Prisma.Sql): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await this.prisma.$transaction(
        async (tx) => {
          const rows = await tx.$queryRaw<{ settlementId: string; run: number; month: string; current: boolean }[]>`
            SELECT o."settlementId", o.run, o.month, (s.run = o.run AND s.status = 'QUEUED') AS current
              FROM settlement_outbox o JOIN settlements s ON s.id = o."settlementId"
             WHERE o."enqueuedAt" IS NULL AND ${which}
             ORDER BY o."createdAt" LIMIT 20
               FOR UPDATE OF o SKIP LOCKED`;
          let done = 0;
          for (const row of rows) {
            try {
              if (row.current) await this.producer.enqueueRun({ settlementId: row.settlementId, month: row.month, run: row.run });
              await tx.$executeRaw`UPDATE settlement_outbox SET "enqueuedAt" = now(), attempts = attempts + 1, "lastError" = NULL
                                    WHERE "settlementId" = ${row.settlementId}::uuid AND run = ${row.run}`;
              if (row.current) sent += 1;
              done += 1;
            } catch (error) {
              const reason = error instanceof Error ? error.message : String(error);
              await tx.$executeRaw`UPDATE settlement_outbox SET attempts = attempts + 1, "lastError" = ${reason.slice(0, 300)}
                                    WHERE "settlementId" = ${row.settlementId}::uuid AND run = ${row.run}`;
              this.logger.warn(`settlement ${row.month} run ${row.run}: job not queued yet, will retry (${reason.slice(0, 120)})`);
            }
          }
          return { rows: rows.length, done };
        },
        { timeout: 60_000, maxWait: 10_000 },
      );
      // a full batch all sent: there may be more; anything failing waits for the next pass
      if (batch.rows < 20 || batch.done < batch.rows) return sent;
    }
  }
}
