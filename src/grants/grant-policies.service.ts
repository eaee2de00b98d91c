import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ConflictError, UnprocessableError } from '../common/errors';
import { Page, skipTake, toPage } from '../common/pagination';
import type { Actor } from '../common/request-context';
import { Prisma, type GrantPolicy } from '../generated/prisma/client';
import type { FundingSource, GrantKind } from '../generated/prisma/enums';
import { PrismaService, Tx } from '../infra/database/prisma.service';
import { CreateGrantPolicyDto, GrantPolicyQuery } from './dto/grant-policy.dto';
import { GrantPolicyView } from './grant-policy.view';
import { policyInForce } from './grant-rules';

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
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  async list(query: GrantPolicyQuery): Promise<Page<GrantPolicyView>> {
    const where = { kind: query.kind };
    const [rows, total] = await Promise.all([
      this.prisma.grantPolicy.findMany({
        where,
        orderBy: [{ kind: 'asc' }, { effectiveFromYear: 'desc' }, { source: 'asc' }],
        ...skipTake(query),
      }),
      this.prisma.grantPolicy.count({ where }),
    ]);
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
      const created = await this.prisma.$transaction(async (tx) => {
        const existing = await tx.grantPolicy.findUnique({
          where: { kind_source_effectiveFromYear: { kind: dto.kind, source: dto.source, effectiveFromYear: dto.effectiveFromYear } },
        });
        if (existing) throw duplicate();
        const row = await tx.grantPolicy.create({ data: { ...dto, createdById: actor.id } });
        await this.audit.record(tx, { action: 'GRANT_POLICY_CREATED', entityType: 'GrantPolicy', entityId: row.id, after: toView(row) });
        return row;
      });
      return toView(created);
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw duplicate();
      throw error;
    }
  }

  /** The amount per source in force for `year` (sources without a version in force are absent). */
  async inForce(tx: Tx, kind: GrantKind, year: number): Promise<Map<FundingSource, number>> {
    const versions = await tx.grantPolicy.findMany({ where: { kind, effectiveFromYear: { lte: year } } });
    return policyInForce(versions, year);
  }
}
