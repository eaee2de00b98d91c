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

  /** The start of the next version after `effectiveFrom`, or null when there is none (yet). */
  async nextEffectiveFrom(tx: Tx, effectiveFrom: string): Promise<string | null> {
    const next = await tx.subsidyPolicy.findFirst({
      where: { effectiveFrom: { gt: effectiveFrom } },
      orderBy: { effectiveFrom: 'asc' },
      select: { effectiveFrom: true },
    });
    return next?.effectiveFrom ?? null;
  }
}
