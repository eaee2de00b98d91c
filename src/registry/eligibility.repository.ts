import { Injectable } from '@nestjs/common';
import { shanghaiMonthBounds } from '../common/month';
import { PrismaService } from '../infra/database/prisma.service';

/**
 * "Was institution X filed and inclusive during month M, at what guidance price?" — answered from the
 * stored history, for any past month. The one place this rule lives; settlement and the registry's own
 * endpoints both ask here.
 *
 * - filed: the institution held status FILED at some moment of the month (Asia/Shanghai), i.e. its last
 *   status change before the month began was to FILED, or it changed to FILED during the month.
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

@Injectable()
export class EligibilityRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** One query for every institution (or the given ones). */
  async forMonth(month: string, institutionIds?: string[]): Promise<Map<string, MonthEligibility>> {
    const { start, end } = shanghaiMonthBounds(month);
    const rows = await this.prisma.$queryRaw<{ id: string; filed: boolean; inclusive: boolean | null; guidancePriceFen: number | null }[]>`
      SELECT i.id,
             COALESCE(
               (SELECT c."toStatus" = 'FILED' FROM institution_status_changes c
                 WHERE c."institutionId" = i.id AND c.at < ${start}
                 ORDER BY c.at DESC LIMIT 1), false)
             OR EXISTS (SELECT 1 FROM institution_status_changes c
                 WHERE c."institutionId" = i.id AND c.at >= ${start} AND c.at < ${end} AND c."toStatus" = 'FILED') AS filed,
             d.inclusive,
             d."guidancePriceFen"
        FROM institutions i
        LEFT JOIN LATERAL (
          SELECT inclusive, "guidancePriceFen" FROM inclusive_designations d
           WHERE d."institutionId" = i.id AND d."effectiveFrom" <= ${month}
           ORDER BY d."effectiveFrom" DESC LIMIT 1) d ON true
       WHERE ${institutionIds ?? null}::uuid[] IS NULL OR i.id = ANY(${institutionIds ?? null}::uuid[])`;
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
}
