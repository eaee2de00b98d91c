import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { assertInstitutionAccess, institutionScope } from '../auth/access';
import { ConflictError, ErrorDetail, ForbiddenError, NotFoundError, UnprocessableError } from '../common/errors';
import { shanghaiMonthOf } from '../common/month';
import { Page, skipTake, toPage } from '../common/pagination';
import type { Actor } from '../common/request-context';
import type { FundingSource, GrantKind } from '../generated/prisma/enums';
import { Transactions, Tx } from '../infra/database/transactions';
import { EligibilityRepository } from '../registry/eligibility.repository';
import { BudgetsService } from './budgets.service';
import { CreateDisbursementDto, CreateGrantDto, GrantQuery, RejectGrantDto } from './dto/grant.dto';
import { GrantPoliciesService } from './grant-policies.service';
import {
  advancedAwardIneligibility,
  amountProblems,
  bySource,
  constructionIneligibility,
  describeFen,
  grantUniqueKey,
  InstitutionFacts,
  isFullyPaid,
  paidOnProblems,
  parseDate,
  SOURCE_ORDER,
} from './grant-rules';
import { GrantView, toGrantView } from './grant.view';
import { GrantsRepository, isUniqueViolation } from './grants.repository';
import { Clock } from '../infra/clock/clock';

/**
 * Construction grants (建设补助) and advanced-institution awards: creation with eligibility and once-only
 * rules, the four-eyes approval workflow charged against annual budgets, and disbursement per funding source.
 */
@Injectable()
export class GrantsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly grants: GrantsRepository,
    private readonly audit: AuditService,
    private readonly eligibility: EligibilityRepository,
    private readonly policies: GrantPoliciesService,
    private readonly budgets: BudgetsService,
    private readonly clock: Clock,
  ) {}

  async create(dto: CreateGrantDto, actor: Actor): Promise<GrantView> {
    const institution = await this.grants.institutionFacts(dto.institutionId);
    if (!institution) {
      throw new UnprocessableError('Unknown institution', [
        { field: 'institutionId', code: 'NOT_FOUND', message: 'No institution has this id' },
      ]);
    }
    const problems: ErrorDetail[] = [
      ...amountProblems(dto.kind, dto.amountFen),
      ...(await this.ineligibility(undefined, dto.kind, institution)),
    ];
    if (problems.length) throw new UnprocessableError('The institution or request does not qualify for this grant', problems);

    const uniqueKey = grantUniqueKey(dto.kind, dto.institutionId, dto.year);
    const exists = () =>
      new ConflictError(
        'GRANT_EXISTS',
        dto.kind === 'CONSTRUCTION'
          ? 'This institution already has a construction grant (at most one ever)'
          : `This institution already has an advanced-institution award for ${dto.year}`,
      );
    try {
      const grant = await this.transactions.run(async (tx) => {
        if (await this.grants.existsWithKey(tx, uniqueKey)) throw exists();
        const components = await this.componentsFor(tx, dto);
        const created = await this.grants.create(
          tx,
          { institutionId: dto.institutionId, kind: dto.kind, year: dto.year, uniqueKey, createdById: actor.id },
          components,
        );
        await this.audit.record(tx, { action: 'GRANT_CREATED', entityType: 'Grant', entityId: created.id, after: toGrantView(created) });
        return created;
      });
      return toGrantView(grant);
    } catch (error) {
      // the unique key decides when two creations race past the check above
      if (isUniqueViolation(error)) throw exists();
      throw error;
    }
  }

  async list(query: GrantQuery, actor: Actor): Promise<Page<GrantView>> {
    const filter = {
      institutionId: query.institutionId,
      scope: institutionScope(actor),
      kind: query.kind,
      year: query.year,
      status: query.status,
    };
    const [rows, total] = await this.grants.list(filter, skipTake(query));
    return toPage(rows.map(toGrantView), total, query);
  }

  async get(id: string, actor: Actor): Promise<GrantView> {
    const grant = await this.grants.findById(id);
    if (!grant) throw new NotFoundError('Grant');
    assertInstitutionAccess(actor, grant.institutionId, 'Grant');
    return toGrantView(grant);
  }

  /**
   * PENDING → APPROVED by an admin other than the creator; charges each component to its budget, if one is set.
   * The institution's row is locked and its eligibility checked again, exactly as on creation (it may have been
   * suspended, closed or lost a qualification since): 422 with the same details, and the grant stays PENDING.
   */
  async approve(id: string, actor: Actor): Promise<GrantView> {
    const grant = await this.transactions.run(async (tx) => {
      const before = await this.lockForDecision(tx, id, actor);
      // held until commit: a suspension or closure waits for this approval, or this approval sees it
      await this.grants.lockInstitution(tx, before.institutionId);
      const institution = (await this.grants.institutionFacts(before.institutionId, tx))!;
      const problems = await this.ineligibility(tx, before.kind, institution);
      if (problems.length) throw new UnprocessableError('The institution no longer qualifies for this grant', problems);
      const applied = await this.budgets.charge(tx, before.year, before.components);
      for (const c of before.components) {
        await this.grants.setComponentBudgetApplied(tx, c.id, applied.get(c.source) ?? false);
      }
      const after = await this.grants.approve(tx, id, {
        decidedById: actor.id,
        decidedAt: this.clock.now(),
        budgetApplied: [...applied.values()].some(Boolean),
      });
      await this.audit.record(tx, {
        action: 'GRANT_APPROVED',
        entityType: 'Grant',
        entityId: id,
        before: toGrantView(before),
        after: toGrantView(after),
      });
      return after;
    });
    return toGrantView(grant);
  }

  /** PENDING → REJECTED with a reason, by an admin other than the creator. Nothing is charged to a budget. */
  async reject(id: string, dto: RejectGrantDto, actor: Actor): Promise<GrantView> {
    const grant = await this.transactions.run(async (tx) => {
      const before = await this.lockForDecision(tx, id, actor);
      const after = await this.grants.reject(tx, id, { reason: dto.reason, decidedById: actor.id, decidedAt: this.clock.now() });
      await this.audit.record(tx, {
        action: 'GRANT_REJECTED',
        entityType: 'Grant',
        entityId: id,
        before: toGrantView(before),
        after: toGrantView(after),
      });
      return after;
    });
    return toGrantView(grant);
  }

  /**
   * Finance records a payment against one component. The grant row is locked for the transaction and the
   * paid amount rises only by a conditional UPDATE, so concurrent disbursements can never exceed the
   * component's amount; the unique voucher number makes each voucher count once.
   */
  async disburse(id: string, dto: CreateDisbursementDto, actor: Actor): Promise<GrantView> {
    const dateProblems = paidOnProblems(dto.paidOn, this.clock.now());
    if (dateProblems.length) throw new UnprocessableError('The payment date is invalid', dateProblems);
    const duplicate = () =>
      new ConflictError('DUPLICATE_VOUCHER', `Voucher ${dto.voucherNo} has already been recorded`).with({ voucherNo: dto.voucherNo });
    try {
      const grant = await this.transactions.run(async (tx) => {
        const before = await this.lockGrant(tx, id);
        if (before.status === 'DISBURSED') throw new ConflictError('GRANT_FULLY_DISBURSED', 'This grant has already been paid in full');
        if (before.status !== 'APPROVED') {
          throw new ConflictError('GRANT_NOT_APPROVED', `Only an approved grant can be paid; this one is ${before.status}`).with({
            status: before.status,
          });
        }
        const component = before.components.find((c) => c.source === dto.source);
        if (!component) {
          throw new UnprocessableError('This grant has no such funding source', [
            { field: 'source', code: 'NO_SUCH_COMPONENT', message: `This ${before.kind} grant has no ${dto.source} component` },
          ]);
        }
        if (await this.grants.voucherRecorded(tx, dto.voucherNo)) throw duplicate();
        if (!(await this.grants.raisePaid(tx, component.id, dto.amountFen))) {
          throw new ConflictError(
            'OVER_DISBURSEMENT',
            `The ${dto.source} component has ${describeFen(component.amountFen - component.paidFen)} outstanding; ` +
              `${describeFen(dto.amountFen)} would pay more than granted`,
          ).with({ outstandingFen: component.amountFen - component.paidFen, amountFen: dto.amountFen });
        }
        await this.grants.addDisbursement(tx, {
          componentId: component.id,
          amountFen: dto.amountFen,
          voucherNo: dto.voucherNo,
          paidOn: parseDate(dto.paidOn)!,
          recordedById: actor.id,
        });
        const components = await this.grants.componentAmounts(tx, id);
        const after = await this.grants.afterPayment(tx, id, isFullyPaid(components), this.clock.now());
        await this.audit.record(tx, {
          action: 'GRANT_DISBURSEMENT_RECORDED',
          entityType: 'Grant',
          entityId: id,
          before: { status: before.status, [dto.source]: { paidFen: component.paidFen } },
          after: {
            status: after.status,
            disbursement: { source: dto.source, amountFen: dto.amountFen, voucherNo: dto.voucherNo, paidOn: dto.paidOn },
            [dto.source]: { paidFen: component.paidFen + dto.amountFen },
          },
        });
        return after;
      });
      return toGrantView(grant);
    } catch (error) {
      // two requests with the same voucher racing past the check above
      if (isUniqueViolation(error)) throw duplicate();
      throw error;
    }
  }

  /**
   * Why the institution does not qualify for a grant of `kind` now (empty: it does). Construction: FILED, PUBLIC,
   * independent, district-level; award: FILED and inclusive in the current Asia/Shanghai month. Used on creation
   * and again on approval.
   */
  private async ineligibility(db: Tx | undefined, kind: GrantKind, institution: InstitutionFacts & { id: string }): Promise<ErrorDetail[]> {
    if (kind === 'CONSTRUCTION') return constructionIneligibility(institution);
    const month = shanghaiMonthOf(this.clock.now());
    const inclusive = (await this.eligibility.forMonth(month, [institution.id], db)).get(institution.id)?.inclusive ?? false;
    return advancedAwardIneligibility(institution.status, inclusive);
  }

  /** The components of a new grant: the policy in force for its year (construction) or the admin's amount (award). */
  private async componentsFor(tx: Tx, dto: CreateGrantDto): Promise<{ source: FundingSource; amountFen: number }[]> {
    if (dto.kind === 'ADVANCED_AWARD') return [{ source: 'DISTRICT', amountFen: dto.amountFen! }];
    const amounts = await this.policies.inForce(tx, 'CONSTRUCTION', dto.year);
    if (amounts.size === 0) {
      throw new UnprocessableError('No grant policy is in force for this year', [
        { field: 'year', code: 'NO_GRANT_POLICY', message: `No construction grant policy is in force for ${dto.year}` },
      ]);
    }
    return SOURCE_ORDER.filter((s) => amounts.has(s)).map((source) => ({ source, amountFen: amounts.get(source)! }));
  }

  /** Locks the grant row for the rest of the transaction (decisions and payments on one grant queue up). */
  private async lockGrant(tx: Tx, id: string) {
    const grant = await this.grants.lock(tx, id);
    if (!grant) throw new NotFoundError('Grant');
    grant.components.sort(bySource);
    return grant;
  }

  private async lockForDecision(tx: Tx, id: string, actor: Actor) {
    const grant = await this.lockGrant(tx, id);
    if (grant.createdById === actor.id) {
      throw new ForbiddenError('Four-eyes rule: the admin who created a grant cannot approve or reject it', 'FOUR_EYES');
    }
    if (grant.status !== 'PENDING')
      throw new ConflictError('GRANT_NOT_PENDING', `Only a PENDING grant can be decided; this one is ${grant.status}`).with({
        status: grant.status,
      });
    return grant;
  }
}
