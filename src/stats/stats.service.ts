import { Injectable } from '@nestjs/common';
import { shanghaiMonthOf } from '../common/month';
import { PrismaService } from '../infra/database/prisma.service';
import { EligibilityRepository } from '../registry/eligibility.repository';
import { buildCapacityReport } from './capacity';
import type { CapacityReportView } from './capacity.view';
import { Clock } from '../infra/clock/clock';

@Injectable()
export class StatsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly eligibility: EligibilityRepository,
    private readonly clock: Clock,
  ) {}

  /** Approved slots of FILED institutions per township against the target; inclusive = designated in the current month. */
  async capacity(): Promise<CapacityReportView> {
    const month = shanghaiMonthOf(this.clock.now());
    const [townships, institutions] = await Promise.all([
      this.prisma.township.findMany({ select: { code: true, name: true, population: true } }),
      this.prisma.institution.findMany({ where: { status: 'FILED' }, select: { id: true, township: true, approvedSlots: true } }),
    ]);
    const designations = await this.eligibility.designationsInForce(
      month,
      institutions.map((i) => i.id),
    );
    const report = buildCapacityReport(
      townships,
      institutions.map((i) => ({
        township: i.township,
        approvedSlots: i.approvedSlots,
        inclusive: designations.get(i.id)?.inclusive ?? false,
      })),
    );
    return { month, ...report };
  }
}
