import { Injectable } from '@nestjs/common';
import type { SettlementStatus } from '../generated/prisma/enums';
import { SettlementPayouts } from '../settlement/settlement-payouts.service';
import { GrantFunding } from '../grants/grant-funding.repository';
import { FinanceRepository } from './finance.repository';
import type { FinanceSummaryView } from './finance.view';

const SOURCES = ['CITY', 'DISTRICT'] as const;

/** The finance bureau's year at a glance: subsidies owed and paid per month, grants per funding source. */
@Injectable()
export class SummaryService {
  constructor(
    private readonly repo: FinanceRepository,
    private readonly grants: GrantFunding,
    private readonly settlements: SettlementPayouts,
  ) {}

  async summary(year: number): Promise<FinanceSummaryView> {
    const [settled, grants] = await Promise.all([this.subsidyMonths(year), this.grants.bySource(year)]);
    const months = Array.from({ length: 12 }, (_, i) => {
      const month = `${year}-${String(i + 1).padStart(2, '0')}`;
      const s = settled.find((r) => r.month === month);
      return {
        month,
        settlementId: s?.settlementId ?? null,
        status: s?.status ?? null,
        expectedFen: Number(s?.expectedFen ?? 0n),
        paidFen: Number(s?.paidFen ?? 0n),
        outstandingFen: Number(s?.outstandingFen ?? 0n),
      };
    });
    const sources = SOURCES.map((source) => {
      const g = grants.find((r) => r.source === source);
      const approvedFen = Number(g?.approvedFen ?? 0n);
      const disbursedFen = Number(g?.disbursedFen ?? 0n);
      return { source, approvedFen, disbursedFen, outstandingFen: Math.max(0, approvedFen - disbursedFen) };
    });
    const sum = <T>(items: T[], pick: (t: T) => number) => items.reduce((total, item) => total + pick(item), 0);
    return {
      year,
      subsidies: {
        expectedFen: sum(months, (m) => m.expectedFen),
        paidFen: sum(months, (m) => m.paidFen),
        outstandingFen: sum(months, (m) => m.outstandingFen),
        months,
      },
      grants: {
        approvedFen: sum(sources, (s) => s.approvedFen),
        disbursedFen: sum(sources, (s) => s.disbursedFen),
        outstandingFen: sum(sources, (s) => s.outstandingFen),
        sources,
      },
    };
  }

  /**
   * Per approved/paid settlement of the year: owed, paid (to the institutions it owes), and the sum of every
   * institution's shortfall.
   */
  private async subsidyMonths(year: number): Promise<SubsidyMonth[]> {
    const owed = await this.settlements.settledAmountsOfYear(year);
    const paid = await this.repo.paidPerInstitution([...new Set(owed.map((r) => r.settlementId))]);
    const paidOf = new Map(paid.map((p) => [`${p.settlementId}:${p.institutionId}`, p.paid]));
    const months = new Map<string, SubsidyMonth>();
    for (const r of owed) {
      const m = months.get(r.settlementId) ?? {
        settlementId: r.settlementId,
        month: r.month,
        status: r.status,
        expectedFen: 0n,
        paidFen: 0n,
        outstandingFen: 0n,
      };
      months.set(r.settlementId, m);
      if (r.institutionId === null || r.amountFen === null) continue;
      const amount = BigInt(r.amountFen);
      const toIt = paidOf.get(`${r.settlementId}:${r.institutionId}`) ?? 0n;
      m.expectedFen += amount;
      m.paidFen += toIt;
      if (amount > toIt) m.outstandingFen += amount - toIt;
    }
    return [...months.values()];
  }
}

interface SubsidyMonth {
  settlementId: string;
  month: string;
  status: SettlementStatus;
  expectedFen: bigint;
  paidFen: bigint;
  outstandingFen: bigint;
}
