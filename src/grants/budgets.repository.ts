import { Injectable } from '@nestjs/common';
import type { Budget } from '../generated/prisma/client';
import type { FundingSource } from '../generated/prisma/enums';
import { PrismaService } from '../infra/database/prisma.service';
import type { Tx } from '../infra/database/transactions';
import type { BudgetRow } from './grant-rules';

export type { Budget } from '../generated/prisma/client';

/** Every database access of the annual budgets. */
@Injectable()
export class BudgetsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** One page of budgets (newest year first), and how many match. */
  list(year: number | undefined, page: { skip: number; take: number }): Promise<[Budget[], number]> {
    const where = { year };
    return Promise.all([
      this.prisma.budget.findMany({ where, orderBy: [{ year: 'desc' }, { source: 'asc' }], ...page }),
      this.prisma.budget.count({ where }),
    ]);
  }

  /**
   * Insert-or-lock, step one: inserts the budget unless one exists (its row, as inserted; empty when it existed).
   * Concurrent first PUTs cannot both insert, and an approval cannot commit in between.
   */
  insertIfAbsent(tx: Tx, year: number, source: FundingSource, amount: bigint): Promise<BudgetRow[]> {
    return tx.$queryRaw<BudgetRow[]>`
        INSERT INTO budgets (year, source, "amountFen", "committedFen", "updatedAt")
        VALUES (${year}, ${source}::"FundingSource", ${amount}, 0, now())
        ON CONFLICT (year, source) DO NOTHING
        RETURNING year, source::text AS source, "amountFen", "committedFen"`;
  }

  /** Locks the existing budget rows of `year` for `sources`, in enum (CITY, DISTRICT) order. */
  lock(tx: Tx, year: number, sources: FundingSource[]): Promise<BudgetRow[]> {
    return tx.$queryRaw<BudgetRow[]>`
      SELECT year, source::text AS source, "amountFen", "committedFen" FROM budgets
       WHERE year = ${year} AND source::text = ANY(${sources}::text[])
       ORDER BY source
       FOR UPDATE`;
  }

  setAmount(tx: Tx, year: number, source: FundingSource, amount: bigint): Promise<Budget> {
    return tx.budget.update({ where: { year_source: { year, source } }, data: { amountFen: amount } });
  }

  /** Adds an approved amount to what the budget has committed. */
  async commit(tx: Tx, year: number, source: FundingSource, amountFen: number): Promise<void> {
    await tx.budget.update({ where: { year_source: { year, source } }, data: { committedFen: { increment: BigInt(amountFen) } } });
  }
}
