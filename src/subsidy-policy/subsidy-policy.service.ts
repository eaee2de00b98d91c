import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ConflictError } from '../common/errors';
import { shanghaiMonthOf } from '../common/month';
import { Transactions, Tx } from '../infra/database/transactions';
import { CreateSubsidyPolicyDto } from './dto/create-subsidy-policy.dto';
import { SubsidyPolicyRepository, type SubsidyPolicy } from './subsidy-policy.repository';
import { SubsidyPolicyView } from './subsidy-policy.view';
import { Clock } from '../infra/clock/clock';
import { SettledMonthsRepository } from '../settlement/settled-months.repository';

export function toPolicyView(p: SubsidyPolicy): SubsidyPolicyView {
  return {
    id: p.id,
    effectiveFrom: p.effectiveFrom,
    secondChildFen: p.secondChildFen,
    thirdChildFen: p.thirdChildFen,
    minAttendanceDays: p.minAttendanceDays,
    maxAgeMonths: p.maxAgeMonths,
    createdAt: p.createdAt.toISOString(),
  };
}

/**
 * Policy versions. The version in force for month M is the latest with effectiveFrom <= M, so an old
 * month is always computed under the rules of its time. A version that would change the rules of an
 * already approved month is refused: approved money is never recomputed.
 */
@Injectable()
export class SubsidyPolicyService {
  constructor(
    private readonly transactions: Transactions,
    private readonly policies: SubsidyPolicyRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly settledMonths: SettledMonthsRepository,
  ) {}

  async list(): Promise<SubsidyPolicyView[]> {
    const rows = await this.policies.list();
    return rows.map(toPolicyView);
  }

  /** The version in force for `month`, or null before the first version. */
  inForce(month: string, tx?: Tx): Promise<SubsidyPolicy | null> {
    return this.policies.inForce(month, tx);
  }

  async create(dto: CreateSubsidyPolicyDto, actorId: string): Promise<SubsidyPolicyView> {
    return this.transactions.run(async (tx) => {
      if (await this.policies.findByEffectiveFrom(tx, dto.effectiveFrom)) {
        throw new ConflictError('POLICY_EXISTS', `A policy version effective from ${dto.effectiveFrom} already exists`).with({
          effectiveFrom: dto.effectiveFrom,
        });
      }
      // the month lock of every settled-or-settling month the version could govern, in month order, as approvals
      // and runs take it: an approval running now either finishes first (and is seen below) or waits for this
      // version (and finds its run stale); no write skew between the two
      // (it governs the months from its own start up to the next version's, if any)
      const next = await this.policies.nextEffectiveFrom(tx, dto.effectiveFrom);
      await this.settledMonths.lockMonthsWithSettlement(tx, dto.effectiveFrom, next);
      // months are settled in order: every month before an approved month is history (settled, or skipped and paid
      // as corrections under the rules of its time), so a version may start only after the latest approved month;
      // only months that are over can have a settlement (rows for later months are not real data)
      const latest = (await this.settledMonths.settledMonths(tx, dto.effectiveFrom, shanghaiMonthOf(this.clock.now()))).at(-1);
      if (latest) {
        throw new ConflictError(
          'MONTH_APPROVED',
          `The settlement of ${latest} is approved; a version effective from ${dto.effectiveFrom} would change its rules`,
        ).with({ month: latest, effectiveFrom: dto.effectiveFrom });
      }
      const created = await this.policies.create(tx, { ...dto, createdById: actorId });
      await this.audit.record(tx, {
        action: 'SUBSIDY_POLICY_CREATED',
        entityType: 'SubsidyPolicy',
        entityId: created.id,
        after: toPolicyView(created),
      });
      return toPolicyView(created);
    });
  }
}
