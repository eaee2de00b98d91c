import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { PrismaService, Tx } from '../../infra/database/prisma.service';
import type { RunPayload } from './settlement-queue';

/** Which pending rows to send: one run's, or every row written at least `olderThanMs` ago. */
export type PendingRows = { settlementId: string; run: number } | { olderThanMs: number };

/** A pending row, and whether its run is still the month's current QUEUED run. */
export interface PendingRow {
  settlementId: string;
  run: number;
  month: string;
  current: boolean;
}

/** The settlement outbox (table `settlement_outbox`): one row per run whose job is to be put on the queue. */
@Injectable()
export class SettlementOutboxRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** In the transaction that queues the run. */
  async add(tx: Tx, run: RunPayload): Promise<void> {
    await tx.settlementOutbox.create({ data: { settlementId: run.settlementId, run: run.run, month: run.month } });
  }

  /** Whether the run's row is still unsent and was written less than `aliveMs` ago. */
  async pending(settlementId: string, run: number, aliveMs: number): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM settlement_outbox
       WHERE "settlementId" = ${settlementId}::uuid AND run = ${run} AND "enqueuedAt" IS NULL
         AND "createdAt" > now() - make_interval(secs => ${aliveMs / 1000})`;
    return rows[0].n > 0;
  }

  /** Deletes the rows sent more than `keepDays` ago. */
  async deleteSent(keepDays: number): Promise<void> {
    await this.prisma.$executeRaw`DELETE FROM settlement_outbox WHERE "enqueuedAt" < now() - make_interval(days => ${keepDays})`;
  }

  /** Up to 20 unsent rows, oldest first, locked for this transaction (rows another process holds are skipped). */
  takePending(tx: Tx, which: PendingRows): Promise<PendingRow[]> {
    const filter =
      'olderThanMs' in which
        ? Prisma.sql`o."createdAt" <= now() - make_interval(secs => ${which.olderThanMs / 1000})`
        : Prisma.sql`o."settlementId" = ${which.settlementId}::uuid AND o.run = ${which.run}`;
    return tx.$queryRaw<PendingRow[]>`
            SELECT o."settlementId", o.run, o.month, (s.run = o.run AND s.status = 'QUEUED') AS current
              FROM settlement_outbox o JOIN settlements s ON s.id = o."settlementId"
             WHERE o."enqueuedAt" IS NULL AND ${filter}
             ORDER BY o."createdAt" LIMIT 20
               FOR UPDATE OF o SKIP LOCKED`;
  }

  async markSent(tx: Tx, row: { settlementId: string; run: number }): Promise<void> {
    await tx.$executeRaw`UPDATE settlement_outbox SET "enqueuedAt" = now(), attempts = attempts + 1, "lastError" = NULL
                                    WHERE "settlementId" = ${row.settlementId}::uuid AND run = ${row.run}`;
  }

  async markAttemptFailed(tx: Tx, row: { settlementId: string; run: number }, reason: string): Promise<void> {
    await tx.$executeRaw`UPDATE settlement_outbox SET attempts = attempts + 1, "lastError" = ${reason}
                                    WHERE "settlementId" = ${row.settlementId}::uuid AND run = ${row.run}`;
  }
}
