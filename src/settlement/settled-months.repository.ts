import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { PrismaService, Tx } from '../infra/database/prisma.service';
import { isSettled, SETTLED_STATUSES_SQL } from './settlement-status';

/**
 * One advisory lock per settlement month, held until the transaction ends. Chunks of a run take it
 * shared (they run in parallel); whatever changes the run or freezes the month — a new run, planning,
 * approval — takes it exclusive and so waits for chunks in flight, and they wait for it.
 */
export async function lockMonth(tx: Tx, month: string, mode: 'shared' | 'exclusive'): Promise<void> {
  const key = `settlement:${month}`;
  if (mode === 'shared') await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(hashtextextended(${key}, 0))`;
  else await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}

/**
 * The settlement's answer to "which months are settled?" for the modules whose changes a settled month forbids
 * (rosters, the registry, subsidy policies), and the month lock their changes take so that they and an approval
 * serialise. Its own small module (SettledMonthsModule): those modules import it without importing the settlement.
 */
@Injectable()
export class SettledMonthsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Whether the month's settlement is approved (or paid): the month is closed. */
  async isSettled(month: string): Promise<boolean> {
    const settlement = await this.prisma.settlement.findUnique({ where: { month }, select: { status: true } });
    return settlement ? isSettled(settlement.status) : false;
  }

  /**
   * Takes the month lock (exclusive, as runs and approvals take it) of every month in `[from, before)` that has a
   * settlement (`before` null: no upper bound), in month order, held until the transaction ends.
   */
  async lockMonthsWithSettlement(tx: Tx, from: string, before: string | null): Promise<void> {
    const upper = before === null ? Prisma.empty : Prisma.sql`AND month < ${before}`;
    const months = await tx.$queryRaw<{ month: string }[]>`
      SELECT month FROM settlements WHERE month >= ${from} ${upper} ORDER BY month`;
    for (const { month } of months) await lockMonth(tx, month, 'exclusive');
  }

  /** Months in `[from, before)` whose settlement is APPROVED or PAID, in month order. */
  async settledMonths(tx: Tx, from: string, before: string): Promise<string[]> {
    const rows = await tx.$queryRaw<{ month: string }[]>`
      SELECT month FROM settlements
       WHERE status IN ${SETTLED_STATUSES_SQL} AND month >= ${from} AND month < ${before}
       ORDER BY month`;
    return rows.map((r) => r.month);
  }
}
