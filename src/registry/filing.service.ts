import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client';
import { AuditService } from '../audit/audit.service';
import { assertInstitutionAccess } from '../auth/access';
import { ConflictError, UnprocessableError } from '../common/errors';
import { shanghaiMonthOf } from '../common/month';
import type { Actor } from '../common/request-context';
import { PrismaService } from '../infra/database/prisma.service';
import { InclusiveDto } from './dto/filing.dto';
import { FILING_TRANSITIONS, FilingAction, formatFilingNumber, missingForSubmission, nextStatus, refusalMessage } from './filing-workflow';
import { auditSnapshot, InstitutionView, toDesignationView } from './institution.view';
import { InstitutionsRepository } from './institutions.repository';
import { InstitutionsService } from './institutions.service';

export interface TransitionInput {
  reason?: string;
  childrenArrangement?: string;
  approvedSlots?: number;
}

/**
 * The filing workflow (filing-workflow.ts holds the table) and the inclusive designation. Each change runs
 * in one transaction holding the institution's row lock: status update, status-history row, audit entry.
 */
@Injectable()
export class FilingService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly repo: InstitutionsRepository,
    private readonly institutions: InstitutionsService,
  ) {}

  async transition(actor: Actor, id: string, action: FilingAction, input: TransitionInput = {}): Promise<InstitutionView> {
    assertInstitutionAccess(actor, id);
    const rule = FILING_TRANSITIONS[action];
    const reason = input.reason?.trim() ?? null;
    const updated = await this.prisma.$transaction(async (tx) => {
      const before = await this.repo.lockForUpdate(tx, id);
      const to = nextStatus(before.status, action);
      if (!to) throw new ConflictError('INVALID_STATE_TRANSITION', refusalMessage(before.status, action));

      const data: Prisma.InstitutionUpdateInput = { status: to, statusReason: rule.needsReason && action !== 'reinstate' ? reason : null };
      if (action === 'submit') {
        const missing = missingForSubmission(before);
        if (missing.length) throw new UnprocessableError('The filing is incomplete', missing, 'FILING_INCOMPLETE');
      }
      const approvedSlots = input.approvedSlots ?? before.approvedSlots;
      if (action === 'approve' && approvedSlots < 1) {
        throw new UnprocessableError('Approved slots must be set before approval', [
          { field: 'approvedSlots', code: 'REQUIRED_FOR_APPROVAL', message: 'approvedSlots (核定托位数) must be at least 1' },
        ]);
      }
      if (action === 'close') data.closureChildrenNote = input.childrenArrangement?.trim();

      const at = await this.repo.appendStatusChange(
        tx,
        { institutionId: id, fromStatus: before.status, toStatus: to, reason, actorId: actor.id },
        new Date(),
      );
      if (action === 'approve') {
        const year = Number(shanghaiMonthOf(at).slice(0, 4));
        data.approvedSlots = approvedSlots;
        data.filingNumber = formatFilingNumber(year, await this.repo.nextFilingSequence(tx, year));
        data.filedAt = at;
      }
      const after = await tx.institution.update({ where: { id }, data });
      await this.audit.record(tx, {
        action: rule.audit,
        entityType: 'Institution',
        entityId: id,
        before: auditSnapshot(before),
        after: { ...auditSnapshot(after), ...(reason ? { reason } : {}) },
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
    const institution = await this.prisma.$transaction(async (tx) => {
      const row = await this.repo.lockForUpdate(tx, id);
      if (inclusive && row.status !== 'FILED') {
        throw new ConflictError(
          'INSTITUTION_NOT_FILED',
          `The institution is ${row.status}; only a FILED institution can be designated inclusive`,
        );
      }
      if (!inclusive && (await tx.inclusiveDesignation.count({ where: { institutionId: id, inclusive: true } })) === 0) {
        throw new ConflictError('NOT_INCLUSIVE', 'The institution has never been designated inclusive; there is nothing to end');
      }
      const key = { institutionId_effectiveFrom: { institutionId: id, effectiveFrom: dto.effectiveFrom } };
      const before = await tx.inclusiveDesignation.findUnique({ where: key });
      const after = await tx.inclusiveDesignation.upsert({
        where: key,
        create: { institutionId: id, effectiveFrom: dto.effectiveFrom, inclusive, guidancePriceFen, actorId: actor.id },
        update: { inclusive, guidancePriceFen, actorId: actor.id, createdAt: new Date() },
      });
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
}
