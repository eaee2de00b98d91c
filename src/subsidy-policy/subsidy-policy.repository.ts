import { Injectable } from '@nestjs/common';
import type { SubsidyPolicy } from '../generated/prisma/client';
import { PrismaService } from '../infra/database/prisma.service';
import type { Tx } from '../infra/database/transactions';

export type { SubsidyPolicy } from '../generated/prisma/client';

/** Every database access of the subsidy policy versions. */
@Injectable()
export class SubsidyPolicyRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Every version, newest first. */
  list(): Promise<SubsidyPolicy[]> {
    return this.prisma.subsidyPolicy.findMany({ orderBy: { effectiveFrom: 'desc' } });
  }

  /** The version in force for `month`, or null before the first version. */
  inForce(month: string, db: Tx = this.prisma): Promise<SubsidyPolicy | null> {
    return db.subsidyPolicy.findFirst({ where: { effectiveFrom: { lte: month } }, orderBy: { effectiveFrom: 'desc' } });
  }

  findByEffectiveFrom(tx: Tx, effectiveFrom: string): Promise<SubsidyPolicy | null> {
    return tx.subsidyPolicy.findUnique({ where: { effectiveFrom } });
  }

  create(
    tx: Tx,
    version: {
      effectiveFrom: string;
      secondChildFen: number;
      thirdChildFen: number;
      minAttendanceDays: number;
      maxAgeMonths: number;
      createdById: string;
    },
  ): Promise<SubsidyPolicy> {
    return tx.subsidyPolicy.create({ data: version });
  }

  // ───── reads of the settlement module's table (to be replaced by its "settled months" port) ─────

  /**
   * The settled months a version effective from `effectiveFrom` would govern: from then on, up to the next later
   * version (reads settlements).
   */
  monthsGovernedBy(tx: Tx, effectiveFrom: string): Promise<{ month: string }[]> {
    return tx.$queryRaw<{ month: string }[]>`
        SELECT s.month FROM settlements s
         WHERE s.month >= ${effectiveFrom}
           AND NOT EXISTS (SELECT 1 FROM subsidy_policies p WHERE p."effectiveFrom" > ${effectiveFrom} AND p."effectiveFrom" <= s.month)
         ORDER BY s.month`;
  }

  /** The latest month from `effectiveFrom` and before `currentMonth` whose settlement is approved or paid, if any (reads settlements). */
  latestApprovedMonthSince(tx: Tx, effectiveFrom: string, currentMonth: string): Promise<{ month: string }[]> {
    return tx.$queryRaw<{ month: string }[]>`
        SELECT s.month FROM settlements s
         WHERE s.status IN ('APPROVED', 'PAID') AND s.month >= ${effectiveFrom} AND s.month < ${currentMonth}
         ORDER BY s.month DESC LIMIT 1`;
  }
}
