import { Injectable } from '@nestjs/common';
import type { InclusiveDesignation } from '../generated/prisma/client';
import { PrismaService, type Tx } from '../infra/database/prisma.service';

export type { InclusiveDesignation };

/** The inclusive designations (普惠认定) of institutions: one row per institution and effective month. */
@Injectable()
export class DesignationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** How many times the institution has been designated inclusive. */
  countInclusive(tx: Tx, institutionId: string): Promise<number> {
    return tx.inclusiveDesignation.count({ where: { institutionId, inclusive: true } });
  }

  /** The designation of the institution taking effect in `effectiveFrom`, if any. */
  find(tx: Tx, institutionId: string, effectiveFrom: string): Promise<InclusiveDesignation | null> {
    return tx.inclusiveDesignation.findUnique({ where: { institutionId_effectiveFrom: { institutionId, effectiveFrom } } });
  }

  /** Writes the designation of `effectiveFrom`, replacing one already posted for that month. */
  put(
    tx: Tx,
    designation: { institutionId: string; effectiveFrom: string; inclusive: boolean; guidancePriceFen: number | null; actorId: string },
    now: Date,
  ): Promise<InclusiveDesignation> {
    const { institutionId, effectiveFrom, inclusive, guidancePriceFen, actorId } = designation;
    return tx.inclusiveDesignation.upsert({
      where: { institutionId_effectiveFrom: { institutionId, effectiveFrom } },
      create: { institutionId, effectiveFrom, inclusive, guidancePriceFen, actorId },
      update: { inclusive, guidancePriceFen, actorId, createdAt: now },
    });
  }

  /** The effective month of the institution's first designation after `from`, if any. */
  nextAfter(tx: Tx, institutionId: string, from: string) {
    return tx.inclusiveDesignation.findFirst({
      where: { institutionId, effectiveFrom: { gt: from } },
      orderBy: { effectiveFrom: 'asc' },
      select: { effectiveFrom: true },
    });
  }

  /** Every designation of the institution, oldest first. */
  history(institutionId: string): Promise<InclusiveDesignation[]> {
    return this.prisma.inclusiveDesignation.findMany({ where: { institutionId }, orderBy: { effectiveFrom: 'asc' } });
  }
}
