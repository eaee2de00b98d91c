import { Injectable } from '@nestjs/common';
import type { SettlementInstitution } from '../generated/prisma/client';
import { PrismaService, Tx } from '../infra/database/prisma.service';

/** An institution's part of a settlement, with the institution's name. */
export type InstitutionPartRow = SettlementInstitution & { institution: { name: string } };

/**
 * Each institution's part of a settlement (table `settlement_institutions`): its totals, and the payee fixed at
 * approval.
 */
@Injectable()
export class SettlementInstitutionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The parts of several settlements (only `institutionId`'s when given), by settlement and institution id. */
  partsOf(settlementIds: string[], institutionId: string | undefined): Promise<InstitutionPartRow[]> {
    return this.prisma.settlementInstitution.findMany({
      where: { settlementId: { in: settlementIds }, institutionId },
      include: { institution: { select: { name: true } } },
      orderBy: [{ settlementId: 'asc' }, { institutionId: 'asc' }],
    });
  }

  /** One settlement's parts (only `institutionId`'s when given), by institution id. */
  parts(settlementId: string, institutionId: string | undefined): Promise<InstitutionPartRow[]> {
    return this.prisma.settlementInstitution.findMany({
      where: { settlementId, institutionId },
      include: { institution: { select: { name: true } } },
      orderBy: { institutionId: 'asc' },
    });
  }

  /** One settlement's parts in the order of the institutions' names (the public notice). */
  partsByName(settlementId: string): Promise<InstitutionPartRow[]> {
    return this.prisma.settlementInstitution.findMany({
      where: { settlementId },
      include: { institution: { select: { name: true } } },
      orderBy: { institution: { name: 'asc' } },
    });
  }

  /** How many institutions each of the settlements has a part for (settlements without any are absent). */
  async countParts(settlementIds: string[]): Promise<Map<string, number>> {
    const counts = await this.prisma.settlementInstitution.groupBy({
      by: ['settlementId'],
      where: { settlementId: { in: settlementIds } },
      _count: { _all: true },
    });
    return new Map(counts.map((c) => [c.settlementId, c._count._all]));
  }

  /**
   * Fixes the payee of every institution of an approved settlement: name, credit code and bank account as the
   * registry has them at approval (in the approval's transaction). The payment file of the month shows these
   * values from then on; a later change of the institution's bank details is shown to finance as a change, it
   * never silently redirects the money.
   */
  async fixPayees(tx: Tx, settlementId: string, at: Date): Promise<void> {
    await tx.$executeRaw`
    UPDATE settlement_institutions si
       SET "payeeFixedAt" = ${at}, "payeeName" = i.name, "payeeCreditCode" = i."creditCode", "payeeBankName" = i."bankName",
           "payeeAccountName" = i."bankAccountName", "payeeAccountNumber" = i."bankAccountNumber"
      FROM institutions i
     WHERE i.id = si."institutionId" AND si."settlementId" = ${settlementId}::uuid`;
  }
}
