import { Injectable } from '@nestjs/common';
import type { Prisma, Settlement } from '../generated/prisma/client';
import type { SettlementStatus } from '../generated/prisma/enums';
import { PrismaService, Tx } from '../infra/database/prisma.service';
import { lockMonth } from './settled-months.repository';
import { IN_PROGRESS_STATUSES_SQL, SETTLED_STATUSES } from './settlement-status';

export type { Settlement };

/** Which settlements a list shows. */
export type SettlementFilter = Pick<Prisma.SettlementWhereInput, 'month' | 'status'>;

/** What finance needs of a settlement to record payments against it. */
export interface SettlementHead {
  id: string;
  month: string;
  status: SettlementStatus;
  paidAt: Date | null;
}

/** The per-institution totals a run ends with. */
export interface RunTotals {
  paid: number;
  second: number;
  third: number;
  amount: bigint;
}

/**
 * The settlement runs (table `settlements`): one row per month, its status, run number, progress and totals,
 * and the month lock every change of a run takes.
 */
@Injectable()
export class SettlementRunsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * The month's advisory lock, held until the transaction ends (shared: a chunk; exclusive: whatever changes
   * the run or freezes the month).
   */
  lockMonth(tx: Tx, month: string, mode: 'shared' | 'exclusive'): Promise<void> {
    return lockMonth(tx, month, mode);
  }

  findById(id: string, db: Tx = this.prisma): Promise<Settlement | null> {
    return db.settlement.findUnique({ where: { id } });
  }

  getById(tx: Tx, id: string): Promise<Settlement> {
    return tx.settlement.findUniqueOrThrow({ where: { id } });
  }

  findByMonth(month: string, db: Tx = this.prisma): Promise<Settlement | null> {
    return db.settlement.findUnique({ where: { month } });
  }

  /** The row lock of the month's settlement (if it has one), held until the transaction ends. */
  async lockRowOfMonth(tx: Tx, month: string): Promise<void> {
    await tx.$queryRaw`SELECT id FROM settlements WHERE month = ${month} FOR UPDATE`;
  }

  /** The settlement's status under its row lock; null when there is none. */
  async lockStatus(tx: Tx, id: string): Promise<{ status: SettlementStatus } | null> {
    const [row] = await tx.$queryRaw<{ status: SettlementStatus }[]>`SELECT status FROM settlements WHERE id = ${id}::uuid FOR UPDATE`;
    return row ?? null;
  }

  /** A page of settlements, newest month first, and how many match. */
  page(where: SettlementFilter, page: { skip: number; take: number }): Promise<[Settlement[], number]> {
    return Promise.all([
      this.prisma.settlement.findMany({ where, orderBy: { month: 'desc' }, ...page }),
      this.prisma.settlement.count({ where }),
    ]);
  }

  /** The first run of a month, QUEUED. */
  create(tx: Tx, month: string, at: Date): Promise<Settlement> {
    return tx.settlement.create({ data: { month, status: 'QUEUED', run: 1, queuedAt: at } });
  }

  /** A new run of the month's settlement: QUEUED again, the next run number, everything of the last run cleared. */
  requeue(tx: Tx, id: string, at: Date): Promise<Settlement> {
    return tx.settlement.update({
      where: { id },
      data: {
        status: 'QUEUED',
        run: { increment: 1 },
        progressDone: 0,
        progressTotal: 0,
        failureCode: null,
        failureReason: null,
        paidChildren: 0,
        secondChildCount: 0,
        thirdChildCount: 0,
        amountFen: 0,
        queuedAt: at,
        startedAt: null,
        computedAt: null,
        publishedAt: null,
      },
    });
  }

  markRunning(tx: Tx, id: string, data: { startedAt: Date; policyId: string; progressTotal: number }): Promise<Settlement> {
    return tx.settlement.update({
      where: { id },
      data: { status: 'RUNNING', startedAt: data.startedAt, policyId: data.policyId, progressDone: 0, progressTotal: data.progressTotal },
    });
  }

  /** One more chunk of the run done; the row lock taken here orders the chunks' ends. */
  async countChunkDone(tx: Tx, id: string, run: number): Promise<{ progressDone: number; progressTotal: number }> {
    const [progress] = await tx.$queryRaw<{ progressDone: number; progressTotal: number }[]>`
        UPDATE settlements SET "progressDone" = "progressDone" + 1, "updatedAt" = now()
         WHERE id = ${id}::uuid AND run = ${run} RETURNING "progressDone", "progressTotal"`;
    return progress;
  }

  markComputed(tx: Tx, id: string, at: Date, totals: RunTotals): Promise<Settlement> {
    return tx.settlement.update({
      where: { id },
      data: {
        status: 'COMPUTED',
        computedAt: at,
        paidChildren: totals.paid,
        secondChildCount: totals.second,
        thirdChildCount: totals.third,
        amountFen: totals.amount,
      },
    });
  }

  /** The run's status under the row lock, if that run is still QUEUED or RUNNING. */
  lockRunInProgress(tx: Tx, id: string, run: number): Promise<{ status: string }[]> {
    return tx.$queryRaw<{ status: string }[]>`
        SELECT status FROM settlements WHERE id = ${id}::uuid AND run = ${run} AND status IN ${IN_PROGRESS_STATUSES_SQL} FOR UPDATE`;
  }

  markFailed(tx: Tx, id: string, failure: { code: string; reason: string }): Promise<Settlement> {
    return tx.settlement.update({
      where: { id },
      data: { status: 'FAILED', failureCode: failure.code, failureReason: failure.reason },
    });
  }

  markPublished(tx: Tx, id: string, at: Date): Promise<Settlement> {
    return tx.settlement.update({ where: { id }, data: { status: 'PUBLISHED', publishedAt: at } });
  }

  markApproved(tx: Tx, id: string, at: Date, approvedById: string): Promise<Settlement> {
    return tx.settlement.update({
      where: { id },
      data: { status: 'APPROVED', approvedAt: at, approvedById },
    });
  }

  /** Settlements of months before `month` that are not APPROVED/PAID, in month order. */
  earlierNotApproved(tx: Tx, month: string): Promise<{ month: string; status: SettlementStatus }[]> {
    return tx.settlement.findMany({
      where: { month: { lt: month }, status: { notIn: [...SETTLED_STATUSES] } },
      select: { month: true, status: true },
      orderBy: { month: 'asc' },
    });
  }

  /** The latest settlement of a month after `month` that is APPROVED/PAID. */
  laterApproved(month: string, db: Tx = this.prisma): Promise<{ month: string; status: SettlementStatus } | null> {
    return db.settlement.findFirst({
      where: { month: { gt: month }, status: { in: [...SETTLED_STATUSES] } },
      orderBy: { month: 'desc' },
      select: { month: true, status: true },
    });
  }

  /** Months before `month` approved after `since`, in month order. */
  earlierApprovedAfter(tx: Tx, month: string, since: Date): Promise<{ month: string }[]> {
    return tx.settlement.findMany({
      where: { month: { lt: month }, approvedAt: { gt: since } },
      select: { month: true },
      orderBy: { month: 'asc' },
    });
  }

  findHead(id: string, db: Tx = this.prisma): Promise<SettlementHead | null> {
    return db.settlement.findUnique({ where: { id }, select: { id: true, month: true, status: true, paidAt: true } });
  }

  /** Row lock on the settlement: payment batches and the move to PAID of one settlement run one at a time. */
  async lockHead(tx: Tx, id: string): Promise<SettlementHead | null> {
    const rows = await tx.$queryRaw<SettlementHead[]>`
      SELECT id, month, status::text AS status, "paidAt" FROM settlements WHERE id = ${id}::uuid FOR UPDATE`;
    return rows[0] ?? null;
  }

  /** APPROVED → PAID; false when the settlement was no longer APPROVED. */
  async markPaid(tx: Tx, id: string, at: Date): Promise<boolean> {
    const { count } = await tx.settlement.updateMany({ where: { id, status: 'APPROVED' }, data: { status: 'PAID', paidAt: at } });
    return count === 1;
  }
}
