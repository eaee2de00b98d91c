import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../infra/config/app-config';
import { SHORT_TRANSACTION, Transactions, Tx } from '../../infra/database/transactions';
import { PendingRows, SettlementOutboxRepository } from './settlement-outbox.repository';
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
    private readonly transactions: Transactions,
    private readonly repo: SettlementOutboxRepository,
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
    await this.repo.add(tx, run);
  }

  /** Whether the run's job is still waiting in the outbox (written less than OUTBOX_PENDING_ALIVE_MS ago, not yet on the queue). */
  async pending(settlementId: string, run: number): Promise<boolean> {
    return this.repo.pending(settlementId, run, OUTBOX_PENDING_ALIVE_MS);
  }

  /** Right after the run's commit, by the process that queued it: sends that run's row. Never throws. */
  async send(settlementId: string, run: number): Promise<void> {
    await this.sendPending({ settlementId, run }).catch((error: Error) =>
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
    this.running = this.sendPending({ olderThanMs: this.config.settlementOutboxIntervalMs })
      .then(async (sent) => {
        await this.repo.deleteSent(OUTBOX_KEEP_DAYS);
        return sent;
      })
      .catch((error: Error) => {
        this.logger.warn(`settlement outbox relay failed: ${error.name}`);
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async sendPending(which: PendingRows): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await this.transactions.run(async (tx) => {
        const rows = await this.repo.takePending(tx, which);
        let done = 0;
        for (const row of rows) {
          try {
            if (row.current) await this.producer.enqueueRun({ settlementId: row.settlementId, month: row.month, run: row.run });
            await this.repo.markSent(tx, row);
            if (row.current) sent += 1;
            done += 1;
          } catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            await this.repo.markAttemptFailed(tx, row, reason.slice(0, 300));
            this.logger.warn(`settlement ${row.month} run ${row.run}: job not queued yet, will retry (${reason.slice(0, 120)})`);
          }
        }
        return { rows: rows.length, done };
      }, SHORT_TRANSACTION);
      // a full batch all sent: there may be more; anything failing waits for the next pass
      if (batch.rows < 20 || batch.done < batch.rows) return sent;
    }
  }
}
