import { randomInt } from 'node:crypto';
import type { SettlementStatus } from '../../src/generated/prisma/enums';
import type { PrismaService } from '../../src/infra/database/prisma.service';
import { createInstitution } from '../utils/factories';

/**
 * Settlements written straight to the database in the state a test needs (the settlement module computes
 * them in real life). Months are far in the future so they never meet another test file's settlements.
 */
const usedMonths = new Set<string>();

/** A month no other settlement of this run uses; `years` keeps each test file in its own range. */
export function freshMonth(years: [number, number]): string {
  for (;;) {
    const month = `${randomInt(years[0], years[1])}-${String(randomInt(1, 13)).padStart(2, '0')}`;
    if (!usedMonths.has(month)) {
      usedMonths.add(month);
      return month;
    }
  }
}

export interface ShareSpec {
  institutionId: string;
  second?: number;
  third?: number;
  adjustmentFen?: number;
  carriedInFen?: number;
  /** default: second × 30000 + third × 40000 + adjustment − carried-in, at least 0 */
  amountFen?: number;
}

export async function createSettlement(prisma: PrismaService, month: string, status: SettlementStatus, shares: ShareSpec[]) {
  const rows = shares.map((s) => {
    const second = s.second ?? 0;
    const third = s.third ?? 0;
    const subsidyFen = second * 30000 + third * 40000;
    const adjustmentFen = s.adjustmentFen ?? 0;
    const carriedInFen = s.carriedInFen ?? 0;
    const raw = subsidyFen + adjustmentFen - carriedInFen;
    return {
      institutionId: s.institutionId,
      paidChildren: second + third,
      secondChildCount: second,
      thirdChildCount: third,
      subsidyFen,
      adjustmentFen,
      carriedInFen,
      amountFen: s.amountFen ?? Math.max(0, raw),
      carriedForwardFen: Math.max(0, -raw),
    };
  });
  const total = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((sum, r) => sum + pick(r), 0);
  return prisma.settlement.create({
    data: {
      month,
      status,
      paidChildren: total((r) => r.paidChildren),
      secondChildCount: total((r) => r.secondChildCount),
      thirdChildCount: total((r) => r.thirdChildCount),
      amountFen: BigInt(total((r) => r.amountFen)),
      computedAt: new Date(),
      approvedAt: status === 'APPROVED' || status === 'PAID' ? new Date() : null,
      institutions: { create: rows },
    },
  });
}

export { createInstitution };
