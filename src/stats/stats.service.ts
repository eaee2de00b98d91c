import { Injectable } from '@nestjs/common';
import { shanghaiMonthOf } from '../common/month';
import { EligibilityRepository } from '../registry/eligibility.repository';
import { buildCapacityReport } from './capacity';
import type { CapacityReportView } from './capacity.view';
import { StatsRepository } from './stats.repository';
import { Clock } from '../infra/clock/clock';

@Injectable()
export class StatsService {
  constructor(
    private readonly repo: StatsRepository,
    private readonly eligibility: EligibilityRepository,
    private readonly clock: Clock,
  ) {}

  /** Approved slots of FILED institutions per township against the target; inclusive = designated in the current month. */
  async capacity(): Promise<CapacityReportView> {
    const month = shanghaiMonthOf(this.clock.now());
    const [townships, institutions] = await Promise.all([this.repo.townships(), this.repo.filedInstitutions()]);
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
