import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/database/prisma.service';

/**
 * What the grants module tells finance about a year's grants (the finance summary asks here instead of reading the
 * grants tables). Its own Nest module (GrantFundingModule) needs only the database.
 */
@Injectable()
export class GrantFunding {
  constructor(private readonly prisma: PrismaService) {}

  /** Grants of the year that were approved, per funding source: the amount granted and what was disbursed of it. */
  bySource(year: number) {
    return this.prisma.$queryRaw<{ source: 'CITY' | 'DISTRICT'; approvedFen: bigint; disbursedFen: bigint }[]>`
      SELECT gc.source::text AS source,
             COALESCE(SUM(gc."amountFen"), 0)::bigint AS "approvedFen",
             COALESCE(SUM(d.paid), 0)::bigint AS "disbursedFen"
      FROM grant_components gc
      JOIN grants g ON g.id = gc."grantId"
      LEFT JOIN (SELECT "componentId", SUM("amountFen") AS paid FROM grant_disbursements GROUP BY 1) d ON d."componentId" = gc.id
      WHERE g.year = ${year} AND g.status IN ('APPROVED', 'DISBURSED')
      GROUP BY gc.source`;
  }
}
