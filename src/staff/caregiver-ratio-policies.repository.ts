import { Injectable } from '@nestjs/common';
import type { CaregiverRatioPolicy } from '../generated/prisma/client';
import { PrismaService } from '../infra/database/prisma.service';
import type { Tx } from '../infra/database/transactions';

export type { CaregiverRatioPolicy } from '../generated/prisma/client';

/** Every database access of the caregiver-to-child ratio policy versions. */
@Injectable()
export class CaregiverRatioPoliciesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Every version, newest first. */
  list(): Promise<CaregiverRatioPolicy[]> {
    return this.prisma.caregiverRatioPolicy.findMany({ orderBy: { effectiveFrom: 'desc' } });
  }

  /** The version in force for `month`, or null before the first version. */
  async inForce(month: string, db: Tx = this.prisma): Promise<CaregiverRatioPolicy | null> {
    // one plain statement: it runs for every roster answer (a model call costs about twice the CPU)
    const rows = await db.$queryRaw<CaregiverRatioPolicy[]>`
      SELECT * FROM caregiver_ratio_policies WHERE "effectiveFrom" <= ${month} ORDER BY "effectiveFrom" DESC LIMIT 1`;
    return rows[0] ?? null;
  }

  findByEffectiveFrom(tx: Tx, effectiveFrom: string): Promise<CaregiverRatioPolicy | null> {
    return tx.caregiverRatioPolicy.findUnique({ where: { effectiveFrom } });
  }

  create(
    tx: Tx,
    version: { effectiveFrom: string; under12: number; from12To24: number; from24To36: number; createdById: string },
  ): Promise<CaregiverRatioPolicy> {
    return tx.caregiverRatioPolicy.create({ data: version });
  }
}
