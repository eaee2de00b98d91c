import { Injectable } from '@nestjs/common';
import type { GrantPolicy } from '../generated/prisma/client';
import type { FundingSource, GrantKind } from '../generated/prisma/enums';
import { PrismaService } from '../infra/database/prisma.service';
import type { Tx } from '../infra/database/transactions';

export type { GrantPolicy } from '../generated/prisma/client';

/** Every database access of the grant policy versions. */
@Injectable()
export class GrantPoliciesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** One page of versions (by kind, newest year first), and how many match. */
  list(kind: GrantKind | undefined, page: { skip: number; take: number }): Promise<[GrantPolicy[], number]> {
    const where = { kind };
    return Promise.all([
      this.prisma.grantPolicy.findMany({
        where,
        orderBy: [{ kind: 'asc' }, { effectiveFromYear: 'desc' }, { source: 'asc' }],
        ...page,
      }),
      this.prisma.grantPolicy.count({ where }),
    ]);
  }

  find(tx: Tx, kind: GrantKind, source: FundingSource, effectiveFromYear: number): Promise<GrantPolicy | null> {
    return tx.grantPolicy.findUnique({
      where: { kind_source_effectiveFromYear: { kind, source, effectiveFromYear } },
    });
  }

  create(
    tx: Tx,
    version: { kind: GrantKind; source: FundingSource; effectiveFromYear: number; amountFen: number; createdById: string },
  ): Promise<GrantPolicy> {
    return tx.grantPolicy.create({ data: version });
  }

  /** Every version of `kind` that takes effect in `year` or earlier. */
  versionsUpTo(tx: Tx, kind: GrantKind, year: number): Promise<GrantPolicy[]> {
    return tx.grantPolicy.findMany({ where: { kind, effectiveFromYear: { lte: year } } });
  }
}
