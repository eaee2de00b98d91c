import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { shanghaiMonthBounds } from '../common/month';
import { PrismaService, Tx } from '../infra/database/prisma.service';

/**
 * "Was institution X filed and inclusive during month M, at what guidance price?" — answered from the
 * stored history, for any past month. The one place this rule lives; settlement and the registry's own
 * endpoints both ask here.
 *
 * - filed: the institution held status FILED at some moment of the month (Asia/Shanghai). The status at an
 *   instant is that of the latest-*recorded* change taking effect by then (`recordedAt` orders, `at` is when
 *   a change takes effect): a paper filing approved today with `filedOn` in the past takes effect on filedOn
 *   although the DRAFT and SUBMITTED rows before it were recorded (and take effect) later, and it stays in
 *   force until a change recorded after it. The month is filed when the status at its first instant, or
 *   at an instant during it where a change takes effect, is FILED.
 *   A suspension or closure mid-month therefore still leaves the month eligible: the children were cared
 *   for while it was filed. The next month, if not reinstated, is not.
 * - inclusive / guidancePriceFen: the inclusive designation in force for the month is the latest with
 *   effectiveFrom <= M; a designation with inclusive = false ends the status from its month on.
 */
export interface MonthEligibility {
  filed: boolean;
  inclusive: boolean;
  guidancePriceFen: number | null;
  eligible: boolean;
}

/** The inclusive designation in force for a month, as institution answers show it. */
export interface DesignationInForce {
  inclusive: boolean;
  guidancePriceFen: number | null;
  /** first month of the uninterrupted inclusive stretch that includes M (null when not inclusive) */
  inclusiveFrom: string | null;
  /** effective month of the designation in force, i.e. since when this guidance price applies */
  guidancePriceFrom: string | null;
}

/** The designation in force for `month`, joined to `institutions i` as `d`: the latest with effectiveFrom <= month. */
function designationInForceJoin(month: string): Prisma.Sql {
  return Prisma.sql`
    LEFT JOIN LATERAL (
      SELECT inclusive, "guidancePriceFen", "effectiveFrom" FROM inclusive_designations d
       WHERE d."institutionId" = i.id AND d."effectiveFrom" <= ${month}
       ORDER BY d."effectiveFrom" DESC LIMIT 1) d ON true`;
}

function idFilter(institutionIds?: string[]): Prisma.Sql {
  return Prisma.sql`${institutionIds ?? null}::uuid[] IS NULL OR i.id = ANY(${institutionIds ?? null}::uuid[])`;
}

@Injectable()
export class EligibilityRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** One query for every institution (or the given ones); `db`: a transaction to read in (default: the pool). */
  async forMonth(month: string, institutionIds?: string[], db: Tx = this.prisma): Promise<Map<string, MonthEligibility>> {
    const { start, end } = shanghaiMonthBounds(month);
    const rows = await db.$queryRaw<{ id: string; filed: boolean; inclusive: boolean | null; guidancePriceFen: number | null }[]>`
      SELECT i.id,
             EXISTS (
               SELECT 1 FROM (SELECT ${start}::timestamptz AS t
                              UNION ALL
                              SELECT c.at FROM institution_status_changes c
                               WHERE c."institutionId" = i.id AND c.at >= ${start} AND c.at < ${end}) p
                WHERE (SELECT s."toStatus" FROM institution_status_changes s
                        WHERE s."institutionId" = i.id AND s.at <= p.t
                        ORDER BY s."recordedAt" DESC, s.at DESC LIMIT 1) = 'FILED') AS filed,
             d.inclusive,
             d."guidancePriceFen"
        FROM institutions i
        ${designationInForceJoin(month)}
       WHERE ${idFilter(institutionIds)}`;
    return new Map(
      rows.map((r) => {
        const inclusive = r.inclusive === true;
        return [
          r.id,
          { filed: r.filed, inclusive, guidancePriceFen: inclusive ? r.guidancePriceFen : null, eligible: r.filed && inclusive },
        ];
      }),
    );
  }

  /**
   * The inclusive designation in force for `month` (what institution answers and statistics show), for the
   * given institutions. Institutions without any designation are absent from the map (= not inclusive).
   */
  async designationsInForce(month: string, institutionIds: string[]): Promise<Map<string, DesignationInForce>> {
    if (institutionIds.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<
      { id: string; inclusive: boolean; guidancePriceFen: number | null; effectiveFrom: string; inclusiveFrom: string | null }[]
    >`
      SELECT i.id, d.inclusive, d."guidancePriceFen", d."effectiveFrom",
             (SELECT min(e."effectiveFrom") FROM inclusive_designations e
               WHERE e."institutionId" = i.id AND e."effectiveFrom" <= ${month}
                 AND e."effectiveFrom" > COALESCE(
                   (SELECT max(f."effectiveFrom") FROM inclusive_designations f
                     WHERE f."institutionId" = i.id AND f."effectiveFrom" <= ${month} AND NOT f.inclusive), '')) AS "inclusiveFrom"
        FROM institutions i
        ${designationInForceJoin(month)}
       WHERE d."effectiveFrom" IS NOT NULL AND (${idFilter(institutionIds)})`;
    return new Map(
      rows.map((r) => [
        r.id,
        r.inclusive
          ? { inclusive: true, guidancePriceFen: r.guidancePriceFen, inclusiveFrom: r.inclusiveFrom, guidancePriceFrom: r.effectiveFrom }
          : { inclusive: false, guidancePriceFen: null, inclusiveFrom: null, guidancePriceFrom: null },
      ]),
    );
  }
}
