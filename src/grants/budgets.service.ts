import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ConflictError } from '../common/errors';
import { Page, skipTake, toPage } from '../common/pagination';
import type { FundingSource } from '../generated/prisma/enums';
import { Transactions, Tx } from '../infra/database/transactions';
import { BudgetView } from './budget.view';
import { BudgetsRepository } from './budgets.repository';
import { BudgetQuery } from './dto/budget.dto';
import { BudgetRow, budgetShortfall, describeFen, remainingFen } from './grant-rules';
import { Clock } from '../infra/clock/clock';

function toView(b: BudgetRow): BudgetView {
  return {
    year: b.year,
    source: b.source,
    amountFen: Number(b.amountFen),
    committedFen: Number(b.committedFen),
    remainingFen: Number(remainingFen(b)),
  };
}

/**
 * Annual budgets per funding source. Approving a grant charges its components here (see `charge`);
 * a year and source without a budget row is simply not limited.
 */
@Injectable()
export class BudgetsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly budgets: BudgetsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(query: BudgetQuery): Promise<Page<BudgetView>> {
    const [rows, total] = await this.budgets.list(query.year, skipTake(query));
    return toPage(rows.map(toView), total, query);
  }

  /** Creates or changes a budget; never below what approved grants have already committed (409). */
  async set(year: number, source: FundingSource, amountFen: number): Promise<BudgetView> {
    const amount = BigInt(amountFen);
    return this.transactions.run(async (tx) => {
      // Insert-or-lock: concurrent first PUTs cannot both insert, and an approval cannot commit in between.
      const inserted = await this.budgets.insertIfAbsent(tx, year, source, amount);
      if (inserted.length) {
        const after = toView(normalise(inserted[0]));
        await this.audit.record(tx, { action: 'BUDGET_SET', entityType: 'Budget', entityId: `${year}:${source}`, before: null, after });
        return after;
      }
      const [locked] = await this.lock(tx, year, [source]);
      if (amount < locked.committedFen) {
        throw new ConflictError(
          'BUDGET_BELOW_COMMITTED',
          `Approved grants have already committed ${describeFen(locked.committedFen)} of the ${source} budget for ${year}; ` +
            `it cannot be set to ${describeFen(amount)}`,
        ).with({ committedFen: locked.committedFen, source, year, amountFen: amount });
      }
      const updated = await this.budgets.setAmount(tx, year, source, amount);
      const after = toView(updated);
      await this.audit.record(tx, {
        action: 'BUDGET_SET',
        entityType: 'Budget',
        entityId: `${year}:${source}`,
        before: toView(locked),
        after,
      });
      return after;
    });
  }

  /**
   * Charges approved amounts to the budgets of `year`, inside the caller's (approval) transaction.
   * The budget rows are locked with SELECT … FOR UPDATE in the fixed source order, so concurrent approvals
   * queue up on them and cannot overspend, and never deadlock. Any shortfall refuses the whole approval (409).
   * Returns, per source, whether a budget applied (false: no budget set for that year and source).
   */
  async charge(tx: Tx, year: number, amounts: { source: FundingSource; amountFen: number }[]): Promise<Map<FundingSource, boolean>> {
    const budgets = new Map(
      (
        await this.lock(
          tx,
          year,
          amounts.map((a) => a.source),
        )
      ).map((b) => [b.source, b]),
    );
    for (const { source, amountFen } of amounts) {
      const budget = budgets.get(source);
      const shortfall = budget && budgetShortfall(budget, amountFen);
      if (shortfall) throw new ConflictError('BUDGET_EXCEEDED', shortfall.message).with(shortfall.params);
    }
    const applied = new Map<FundingSource, boolean>();
    for (const { source, amountFen } of amounts) {
      applied.set(source, budgets.has(source));
      if (budgets.has(source)) {
        await this.budgets.commit(tx, year, source, amountFen);
      }
    }
    return applied;
  }

  /** Locks the existing budget rows of `year` for `sources`, in enum (CITY, DISTRICT) order. */
  private async lock(tx: Tx, year: number, sources: FundingSource[]): Promise<BudgetRow[]> {
    const rows = await this.budgets.lock(tx, year, sources);
    return rows.map(normalise);
  }
}

function normalise(row: BudgetRow): BudgetRow {
  return { year: Number(row.year), source: row.source, amountFen: BigInt(row.amountFen), committedFen: BigInt(row.committedFen) };
}
