import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { assertInstitutionAccess, institutionScope } from '../auth/access';
import { BadRequestError, ConflictError, NotFoundError, UnprocessableError } from '../common/errors';
import { checkCreditCode, CreditCodeProblem } from '../common/identity/credit-code';
import { shanghaiMonthOf } from '../common/month';
import { Page, skipTake, toPage } from '../common/pagination';
import type { Actor } from '../common/request-context';
import { Transactions, type Tx } from '../infra/database/transactions';
import { CreateInstitutionDto, InstitutionQuery, PublicInstitutionQuery, UpdateInstitutionDto } from './dto/institution.dto';
import { EligibilityRepository } from './eligibility.repository';
import { forbiddenPatchFields, OPERATOR_EDITABLE_STATUSES } from './filing-workflow';
import {
  auditSnapshot,
  EligibilityView,
  InstitutionHistoryView,
  InstitutionView,
  PublicInstitutionView,
  toDesignationView,
  toInstitutionView,
  toPublicInstitutionView,
  toStatusChangeView,
} from './institution.view';
import { DesignationsRepository } from './designations.repository';
import { Institution, InstitutionFilter, InstitutionsRepository } from './institutions.repository';
import { Clock } from '../infra/clock/clock';

const CREDIT_CODE_PROBLEMS: Record<CreditCodeProblem, string> = {
  FORMAT: 'must be 18 characters from 0–9 and A–Y without I, O, S, V and Z',
  ORG_CODE_CHECK: 'its embedded organisation code (characters 9–17) fails its own check character (GB 11714)',
  CHECK_CHARACTER: 'its last character is not the check character GB 32100-2015 gives for the first 17',
};

/** Upper-cased and trimmed, then checked: 422 CREDIT_CODE_INVALID saying what is wrong. */
export function validCreditCode(input: string): string {
  const code = input.trim().toUpperCase();
  const problem = checkCreditCode(code);
  if (problem) {
    const message = `The unified social credit code ${CREDIT_CODE_PROBLEMS[problem]}`;
    throw new UnprocessableError(
      message,
      [{ field: 'creditCode', code: 'CREDIT_CODE_INVALID', message, params: { problem } }],
      'CREDIT_CODE_INVALID',
    ).with({ problem });
  }
  return code;
}

/** Institutions: create, read, edit, history; the public disclosure list. The filing workflow is FilingService. */
@Injectable()
export class InstitutionsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly repo: InstitutionsRepository,
    private readonly designations: DesignationsRepository,
    private readonly eligibility: EligibilityRepository,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateInstitutionDto): Promise<InstitutionView> {
    const creditCode = validCreditCode(dto.creditCode);
    const created = await this.transactions.run(async (tx) => {
      await this.assertCreditCodeFree(tx, creditCode);
      const row = await this.repo.create(tx, {
        name: dto.name.trim(),
        creditCode,
        kind: dto.kind,
        independent: dto.independent ?? false,
        districtLevel: dto.districtLevel ?? false,
        servesMeals: dto.servesMeals ?? false,
        township: dto.township,
        address: dto.address,
        approvedSlots: dto.approvedSlots ?? 0,
        bankName: dto.bankAccount?.bankName,
        bankAccountName: dto.bankAccount?.accountName,
        bankAccountNumber: dto.bankAccount?.accountNumber,
      });
      await this.repo.appendStatusChange(
        tx,
        { institutionId: row.id, fromStatus: null, toStatus: 'DRAFT', actorId: actor.id },
        this.clock.now(),
      );
      await this.audit.record(tx, {
        action: 'INSTITUTION_CREATED',
        entityType: 'Institution',
        entityId: row.id,
        after: auditSnapshot(row),
      });
      return row;
    });
    return this.view(created);
  }

  async list(actor: Actor, query: InstitutionQuery): Promise<Page<InstitutionView>> {
    const where: InstitutionFilter = {
      id: institutionScope(actor),
      status: query.status,
      kind: query.kind,
      township: query.township,
      name: query.q ? { contains: query.q, mode: 'insensitive' } : undefined,
    };
    const [rows, total] = await this.repo.page(where, skipTake(query));
    return toPage(await this.views(rows), total, query);
  }

  async get(actor: Actor, id: string): Promise<InstitutionView> {
    return this.view(await this.find(actor, id));
  }

  /**
   * Operators: own institution, only while DRAFT or RETURNED, only operator fields. Admins: any editable field,
   * in any state. Workflow fields are refused for everyone (they change through the workflow endpoints).
   */
  async update(actor: Actor, id: string, dto: UpdateInstitutionDto): Promise<InstitutionView> {
    assertInstitutionAccess(actor, id);
    const sent = Object.entries(dto)
      .filter(([, value]) => value !== undefined)
      .map(([key]) => key);
    const forbidden = forbiddenPatchFields(sent, actor.role === 'operator' ? 'operator' : 'admin');
    if (forbidden.length) {
      throw new BadRequestError(
        'FIELD_NOT_ALLOWED',
        `Not allowed to change: ${forbidden.map((f) => f.field).join(', ')}`,
        forbidden.map((f) => ({ ...f, code: 'FIELD_NOT_ALLOWED' })),
      ).with({ fields: forbidden.map((f) => f.field) });
    }
    const creditCode = dto.creditCode === undefined ? undefined : validCreditCode(dto.creditCode);

    const updated = await this.transactions.run(async (tx) => {
      const before = await this.repo.lockForUpdate(tx, id);
      if (actor.role === 'operator' && !OPERATOR_EDITABLE_STATUSES.includes(before.status)) {
        throw new ConflictError(
          'INSTITUTION_NOT_EDITABLE',
          `The institution is ${before.status}; operators can edit it only while it is DRAFT or RETURNED`,
        ).with({ status: before.status });
      }
      if (creditCode !== undefined && creditCode !== before.creditCode) await this.assertCreditCodeFree(tx, creditCode);
      if (sent.length === 0) return before;
      const after = await this.repo.update(tx, id, {
        name: dto.name?.trim(),
        creditCode,
        kind: dto.kind,
        independent: dto.independent,
        districtLevel: dto.districtLevel,
        servesMeals: dto.servesMeals,
        township: dto.township,
        address: dto.address,
        approvedSlots: dto.approvedSlots,
        ...(dto.bankAccount === undefined
          ? {}
          : {
              bankName: dto.bankAccount?.bankName ?? null,
              bankAccountName: dto.bankAccount?.accountName ?? null,
              bankAccountNumber: dto.bankAccount?.accountNumber ?? null,
            }),
      });
      await this.audit.record(tx, {
        action: 'INSTITUTION_UPDATED',
        entityType: 'Institution',
        entityId: id,
        before: auditSnapshot(before),
        after: auditSnapshot(after),
      });
      return after;
    });
    return this.view(updated);
  }

  /** The stored history: every status change (with reasons) and every inclusive designation, oldest first. */
  async history(actor: Actor, id: string): Promise<InstitutionHistoryView> {
    await this.find(actor, id);
    const [statusChanges, designations] = await Promise.all([this.repo.statusChanges(id), this.designations.history(id)]);
    return { statusChanges: statusChanges.map(toStatusChangeView), designations: designations.map(toDesignationView) };
  }

  /** Whether the institution was filed and inclusive during `month`, at what guidance price (settlement's rule). */
  async eligibilityFor(actor: Actor, id: string, month: string): Promise<EligibilityView> {
    await this.find(actor, id);
    const result = (await this.eligibility.forMonth(month, [id])).get(id);
    if (!result) throw new NotFoundError('Institution');
    return { institutionId: id, month, ...result };
  }

  /** Public disclosure: FILED institutions only, the public fields only. */
  async publicList(query: PublicInstitutionQuery): Promise<Page<PublicInstitutionView>> {
    const where: InstitutionFilter = { status: 'FILED', township: query.township, kind: query.kind };
    const month = shanghaiMonthOf(this.clock.now());
    if (query.inclusive === undefined) {
      const [rows, total] = await this.repo.pageByName(where, skipTake(query));
      const designations = await this.eligibility.designationsInForce(
        month,
        rows.map((r) => r.id),
      );
      return toPage(
        rows.map((r) => toPublicInstitutionView(r, designations.get(r.id))),
        total,
        query,
      );
    }
    // inclusive is a fact of the designation history, not a column: filter the district's filed institutions
    // (hundreds, not millions) by the designation in force, then page
    const rows = await this.repo.allByName(where);
    const designations = await this.eligibility.designationsInForce(
      month,
      rows.map((r) => r.id),
    );
    const wanted = query.inclusive === 'true';
    const matching = rows.filter((r) => (designations.get(r.id)?.inclusive ?? false) === wanted);
    const { skip, take } = skipTake(query);
    return toPage(
      matching.slice(skip, skip + take).map((r) => toPublicInstitutionView(r, designations.get(r.id))),
      matching.length,
      query,
    );
  }

  /** The institution or 404 (also for an operator asking about another institution). */
  async find(actor: Actor, id: string): Promise<Institution> {
    assertInstitutionAccess(actor, id);
    const row = await this.repo.findById(id);
    if (!row) throw new NotFoundError('Institution');
    return row;
  }

  /** Institution answers carry the inclusive designation in force in the current (Asia/Shanghai) month. */
  async view(row: Institution): Promise<InstitutionView> {
    return (await this.views([row]))[0];
  }

  private async views(rows: Institution[]): Promise<InstitutionView[]> {
    const designations = await this.eligibility.designationsInForce(
      shanghaiMonthOf(this.clock.now()),
      rows.map((r) => r.id),
    );
    return rows.map((r) => toInstitutionView(r, designations.get(r.id)));
  }

  private async assertCreditCodeFree(tx: Tx, creditCode: string): Promise<void> {
    const existing = await this.repo.withCreditCode(tx, creditCode);
    if (existing) {
      throw new ConflictError('CREDIT_CODE_TAKEN', `An institution with credit code ${creditCode} is already registered`).with({
        creditCode,
      });
    }
  }
}
