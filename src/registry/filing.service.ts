import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { assertInstitutionAccess } from '../auth/access';
import { ConflictError, UnprocessableError } from '../common/errors';
import { shanghaiMonthOf, shanghaiStartOfDay } from '../common/month';
import type { Actor } from '../common/request-context';
import { Transactions, type Tx } from '../infra/database/transactions';
import { InclusiveDto } from './dto/filing.dto';
import { EligibilityRepository } from './eligibility.repository';
import {
  FILING_TRANSITIONS,
  FilingAction,
  filedOnProblems,
  formatFilingNumber,
  missingForSubmission,
  nextStatus,
  refusalMessage,
} from './filing-workflow';
import { auditSnapshot, InstitutionView, toDesignationView } from './institution.view';
import { DesignationsRepository } from './designations.repository';
import { InstitutionChanges, InstitutionsRepository } from './institutions.repository';
import { InstitutionsService } from './institutions.service';
import { Clock } from '../infra/clock/clock';
import { DocumentsService } from '../documents/documents.service';

export interface TransitionInput {
  reason?: string;
  childrenArrangement?: string;
  approvedSlots?: number;
  /** approve only: historic filing date 'YYYY-MM-DD' (filed on paper before the system went live) */
  filedOn?: string;
  /** return only: the reviewer's reason per document that needs replacing */
  documents?: { documentId: string; reason: string }[];
}

/**
 * The filing workflow (filing-workflow.ts holds the table) and the inclusive designation. Each change runs
 * in one transaction holding the institution's row lock: status update, status-history row, audit entry.
 */
@Injectable()
export class FilingService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly repo: InstitutionsRepository,
    private readonly designations: DesignationsRepository,
    private readonly institutions: InstitutionsService,
    private readonly eligibility: EligibilityRepository,
    private readonly clock: Clock,
    private readonly documents: DocumentsService,
  ) {}

  async transition(actor: Actor, id: string, action: FilingAction, input: TransitionInput = {}): Promise<InstitutionView> {
    assertInstitutionAccess(actor, id);
    const rule = FILING_TRANSITIONS[action];
    const reason = input.reason?.trim() ?? null;
    const filedOn = action === 'approve' ? input.filedOn : undefined;
    if (filedOn !== undefined) {
      const problems = filedOnProblems(filedOn, this.clock.now());
      if (problems.length) throw new UnprocessableError('The filing date is invalid', problems);
    }
    const updated = await this.transactions.run(async (tx) => {
      const before = await this.repo.lockForUpdate(tx, id);
      const to = nextStatus(before.status, action);
      if (!to)
        throw new ConflictError('INVALID_STATE_TRANSITION', refusalMessage(before.status, action)).with({ status: before.status, action });

      const data: InstitutionChanges = { status: to, statusReason: rule.needsReason && action !== 'reinstate' ? reason : null };
      if (action === 'submit') {
        const missing = [...missingForSubmission(before), ...(await this.documents.missingForSubmission(tx, before))];
        if (missing.length) throw new UnprocessableError('备案信息或备案材料不全，不能提交', missing, 'FILING_INCOMPLETE');
        await this.documents.clearReturnReasons(tx, id);
      }
      if (action === 'return' && input.documents?.length) await this.documents.markReturned(tx, id, input.documents);
      const approvedSlots = input.approvedSlots ?? before.approvedSlots;
      if (action === 'approve' && approvedSlots < 1) {
        throw new UnprocessableError('Approved slots must be set before approval', [
          { field: 'approvedSlots', code: 'REQUIRED_FOR_APPROVAL', message: 'approvedSlots (核定托位数) must be at least 1' },
        ]);
      }
      if (action === 'close') data.closureChildrenNote = input.childrenArrangement?.trim();
      // a status change affects the months from when it takes effect on (now: only the current month, which
      // cannot be settled yet); settledMonths takes their month locks
      const effectiveMonth = filedOn !== undefined ? filedOn.slice(0, 7) : shanghaiMonthOf(this.clock.now());
      const settled = await this.repo.settledMonths(tx, effectiveMonth, null);
      if (filedOn !== undefined) {
        // backdating the filing into a settled month would change who was eligible in a month already paid
        if (settled.length) {
          throw new ConflictError(
            'MONTH_LOCKED',
            `The settlement of ${settled[0].month} is already approved or paid; a filing dated ${filedOn} would make the ` +
              `institution filed in that month. Give a filedOn after ${settled[0].month}`,
          ).with({ month: settled[0].month, settledBy: settled[0].settledBy });
        }
      }

      const now = this.clock.now();
      const at = await this.repo.appendStatusChange(
        tx,
        { institutionId: id, fromStatus: before.status, toStatus: to, reason, actorId: actor.id },
        filedOn !== undefined ? shanghaiStartOfDay(filedOn) : now,
        filedOn !== undefined,
      );
      if (action === 'approve') {
        // the filing number belongs to the year of the approval, even for a historic filing date
        const year = Number(shanghaiMonthOf(now).slice(0, 4));
        data.approvedSlots = approvedSlots;
        data.filingNumber = formatFilingNumber(year, await this.repo.nextFilingSequence(tx, year));
        data.filedAt = at;
      }
      const after = await this.repo.update(tx, id, data);
      await this.audit.record(tx, {
        action: rule.audit,
        entityType: 'Institution',
        entityId: id,
        before: auditSnapshot(before),
        after: {
          ...auditSnapshot(after),
          ...(reason ? { reason } : {}),
          ...(filedOn !== undefined ? { filedOn } : {}),
          ...(input.documents?.length ? { documents: input.documents } : {}),
        },
      });
      return after;
    });
    return this.institutions.view(updated);
  }

  /**
   * Designates the institution inclusive at a guidance price from a month on (must be FILED), or ends the
   * designation from a month on (`inclusive: false`). One row per month: posting a month again replaces it.
   */
  async designate(actor: Actor, id: string, dto: InclusiveDto): Promise<InstitutionView> {
    const inclusive = dto.inclusive ?? true;
    if (!inclusive && dto.guidancePriceFen !== undefined) {
      throw new UnprocessableError('A guidance price makes no sense when ending the designation', [
        { field: 'guidancePriceFen', code: 'NOT_ALLOWED', message: 'leave guidancePriceFen out when inclusive is false' },
      ]);
    }
    const guidancePriceFen = inclusive ? (dto.guidancePriceFen ?? null) : null;
    const institution = await this.transactions.run(async (tx) => {
      const row = await this.repo.lockForUpdate(tx, id);
      if (inclusive && row.status !== 'FILED') {
        throw new ConflictError(
          'INSTITUTION_NOT_FILED',
          `The institution is ${row.status}; only a FILED institution can be designated inclusive`,
        ).with({ status: row.status });
      }
      if (!inclusive && (await this.designations.countInclusive(tx, id)) === 0) {
        throw new ConflictError('NOT_INCLUSIVE', 'The institution has never been designated inclusive; there is nothing to end');
      }
      await this.assertMonthsOpen(tx, id, dto.effectiveFrom);
      const before = await this.designations.find(tx, id, dto.effectiveFrom);
      const after = await this.designations.put(
        tx,
        { institutionId: id, effectiveFrom: dto.effectiveFrom, inclusive, guidancePriceFen, actorId: actor.id },
        this.clock.now(),
      );
      await this.audit.record(tx, {
        action: inclusive ? 'INCLUSIVE_DESIGNATED' : 'INCLUSIVE_ENDED',
        entityType: 'Institution',
        entityId: id,
        before: before ? toDesignationView(before) : null,
        after: toDesignationView(after),
      });
      return row;
    });
    return this.institutions.view(institution);
  }

  /**
   * A designation from `from` decides the institution's inclusive status and guidance price for every month
   * until its next designation. Refused (409 MONTH_LOCKED) when one of those months is settled (its settlement,
   * or a later month's, is APPROVED or PAID) and the institution was filed in it: that month's eligibility was paid on and must not change.
   * (In a settled month the institution was not filed in, it was not eligible either way.)
   */
  private async assertMonthsOpen(tx: Tx, id: string, from: string): Promise<void> {
    const next = await this.designations.nextAfter(tx, id, from);
    const settled = await this.repo.settledMonths(tx, from, next?.effectiveFrom ?? null);
    // a month before the institution was first filed cannot have been a filed month: only the later ones are asked
    // (one eligibility query each), not every month back to `from`
    const firstFiled = settled.length ? await this.repo.firstFiledMonth(tx, id) : null;
    for (const { month, settledBy } of settled) {
      if (firstFiled === null || month < firstFiled) continue;
      if ((await this.eligibility.forMonth(month, [id], tx)).get(id)?.filed) {
        throw new ConflictError(
          'MONTH_LOCKED',
          `The settlement of ${settledBy} is already approved or paid; a designation from ${from} would change ` +
            `whether the institution was inclusive in ${month}, and at what price`,
        ).with({ month, settledBy });
      }
    }
  }
}
