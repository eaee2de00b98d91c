import { Injectable } from '@nestjs/common';
import type { InstitutionStatus } from '../generated/prisma/enums';
import { PrismaService } from '../infra/database/prisma.service';
import type { Tx } from '../infra/database/transactions';

/**
 * The registry's answers other modules need about one institution (grants, documents, staff, users, finance ask
 * here instead of reading the `institutions` table). Its own Nest module (RegistryLookupModule) depends on
 * nothing but the database, so modules the registry itself uses (documents) can ask it without a cycle.
 */
@Injectable()
export class InstitutionLookup {
  constructor(private readonly prisma: PrismaService) {}

  /** Whether an institution has this id. */
  async exists(id: string, db: Tx = this.prisma): Promise<boolean> {
    return !!(await db.institution.findUnique({ where: { id }, select: { id: true } }));
  }

  /** The institution's filing status, null when there is no such institution. */
  async status(id: string, db: Tx = this.prisma): Promise<InstitutionStatus | null> {
    const rows = await db.$queryRaw<{ status: InstitutionStatus }[]>`SELECT status FROM institutions WHERE id = ${id}::uuid`;
    return rows[0]?.status ?? null;
  }

  /**
   * The filing status, holding the institution's row until the transaction ends (a suspension, closure or filing
   * decision waits, or is seen); null when there is no such institution.
   */
  async lockStatus(tx: Tx, id: string): Promise<InstitutionStatus | null> {
    const rows = await tx.$queryRaw<{ status: InstitutionStatus }[]>`SELECT status FROM institutions WHERE id = ${id}::uuid FOR UPDATE`;
    return rows[0]?.status ?? null;
  }

  /** The facts grant eligibility depends on (kind, independent, district level), null when there is no such institution. */
  grantFacts(id: string, db: Tx = this.prisma) {
    return db.institution.findUnique({
      where: { id },
      select: { id: true, status: true, kind: true, independent: true, districtLevel: true },
    });
  }
}
