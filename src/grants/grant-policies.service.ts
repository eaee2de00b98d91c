import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ConflictError, UnprocessableError } from '../common/errors';
import { Page, skipTake, toPage } from '../common/pagination';
import type { Actor } from '../common/request-context';
import type { FundingSource, GrantKind } from '../generated/prisma/enums';
import { Transactions, Tx } from '../infra/database/transactions';
import { CreateGrantPolicyDto, GrantPolicyQuery } from './dto/grant-policy.dto';
import { GrantPoliciesRepository, type GrantPolicy } from './grant-policies.repository';
import { GrantPolicyView } from './grant-policy.view';
import { policyInForce } from './grant-rules';
import { isUniqueViolation } from './grants.repository';

function toView(p: GrantPolicy): GrantPolicyView {
  return {
    id: p.id,
    kind: p.kind,
    source: p.source,
    effectiveFromYear: p.effectiveFromYear,
    amountFen: p.amountFen,
    createdById: p.createdById,
    createdAt: p.createdAt.toISOString(),
  };
}

/**
 * The one place grant amounts are configured: versions per (kind, source) with the year they take effect.
 * A grant copies the amounts in force for its year into its components when it is created, so adding a
 * version never changes an existing grant.
 */
@Injectable()
export class GrantPoliciesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly policies: GrantPoliciesRepository,
    private readonly audit: AuditService,
  ) {}

  async list(query: GrantPolicyQuery): Promise<Page<GrantPolicyView>> {
    const [rows, total] = await this.policies.list(query.kind, skipTake(query));
    return toPage(rows.map(toView), total, query);
  }

  async create(dto: CreateGrantPolicyDto, actor: Actor): Promise<GrantPolicyView> {
    if (dto.kind !== 'CONSTRUCTION') {
      throw new UnprocessableError('Only construction grant amounts are set by policy', [
        { field: 'kind', code: 'NOT_CONFIGURABLE', message: 'Advanced-institution award amounts are given per grant by the admin' },
      ]);
    }
    const duplicate = () =>
      new ConflictError(
        'GRANT_POLICY_EXISTS',
        `A ${dto.kind} ${dto.source} grant policy effective from ${dto.effectiveFromYear} already exists; versions are never edited, add a later year`,
      ).with({ kind: dto.kind, source: dto.source, year: dto.effectiveFromYear });
    try {
      const created = await this.transactions.run(async (tx) => {
        const existing = await this.policies.find(tx, dto.kind, dto.source, dto.effectiveFromYear);
        if (existing) throw duplicate();
        const row = await this.policies.create(tx, { ...dto, createdById: actor.id });
        await this.audit.record(tx, { action: 'GRANT_POLICY_CREATED', entityType: 'GrantPolicy', entityId: row.id, after: toView(row) });
        return row;
      });
      return toView(created);
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicate();
      throw error;
    }
  }

  /** The amount per source in force for `year` (sources without a version in force are absent). */
  async inForce(tx: Tx, kind: GrantKind, year: number): Promise<Map<FundingSource, number>> {
    const versions = await this.policies.versionsUpTo(tx, kind, year);
    return policyInForce(versions, year);
  }
}
