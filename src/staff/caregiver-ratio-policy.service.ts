import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ConflictError } from '../common/errors';
import { Transactions, Tx } from '../infra/database/transactions';
import { CaregiverRatioPoliciesRepository, type CaregiverRatioPolicy } from './caregiver-ratio-policies.repository';
import { CreateCaregiverRatioPolicyDto } from './dto/staff.dto';
import { CaregiverRatioPolicyView } from './staff.view';

export function toRatioPolicyView(p: CaregiverRatioPolicy): CaregiverRatioPolicyView {
  return {
    id: p.id,
    effectiveFrom: p.effectiveFrom,
    under12: p.under12,
    from12To24: p.from12To24,
    from24To36: p.from24To36,
    createdAt: p.createdAt.toISOString(),
  };
}

/**
 * Versions of the caregiver-to-child ratios, like the subsidy policy: the version in force for month M is the
 * latest with effectiveFrom <= M, so an old month is always judged by the ratios of its time. A default version
 * (3 / 5 / 7, from 2024-01) comes with the migration.
 */
@Injectable()
export class CaregiverRatioPolicyService {
  constructor(
    private readonly transactions: Transactions,
    private readonly policies: CaregiverRatioPoliciesRepository,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<CaregiverRatioPolicyView[]> {
    return (await this.policies.list()).map(toRatioPolicyView);
  }

  inForce(month: string, tx?: Tx): Promise<CaregiverRatioPolicy | null> {
    return this.policies.inForce(month, tx);
  }

  async create(dto: CreateCaregiverRatioPolicyDto, actorId: string): Promise<CaregiverRatioPolicyView> {
    return this.transactions.run(async (tx) => {
      if (await this.policies.findByEffectiveFrom(tx, dto.effectiveFrom)) {
        throw new ConflictError('POLICY_EXISTS', `已有自 ${dto.effectiveFrom} 起施行的配比版本`);
      }
      const created = await this.policies.create(tx, { ...dto, createdById: actorId });
      await this.audit.record(tx, {
        action: 'CAREGIVER_RATIO_POLICY_CREATED',
        entityType: 'CaregiverRatioPolicy',
        entityId: created.id,
        after: toRatioPolicyView(created),
      });
      return toRatioPolicyView(created);
    });
  }
}
