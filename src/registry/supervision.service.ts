import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { UnprocessableError } from '../common/errors';
import { shanghaiToday } from '../common/month';
import { Page, skipTake, toPage } from '../common/pagination';
import type { Actor } from '../common/request-context';
import { Transactions } from '../infra/database/transactions';
import { CreateCreditRatingDto, CreateInspectionDto, SupervisionQuery } from './dto/supervision.dto';
import { CreditRatingView, InspectionView, toCreditRatingView, toInspectionView } from './institution.view';
import { InstitutionsRepository } from './institutions.repository';
import { InstitutionsService } from './institutions.service';
import { SupervisionRepository } from './supervision.repository';
import { Clock } from '../infra/clock/clock';

/** A supervision record cannot be dated after today (Asia/Shanghai). */
function assertNotFuture(field: string, date: string, now: Date): Date {
  const today = shanghaiToday(now);
  if (date > today) {
    throw new UnprocessableError('The date is in the future', [
      { field, code: 'DATE_IN_FUTURE', message: `${field} ${date} is after today (${today})` },
    ]);
  }
  return new Date(`${date}T00:00:00Z`);
}

/** Supervision (监管): inspections and credit ratings. Admins write; staff read all; operators read their own. */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly repo: InstitutionsRepository,
    private readonly supervision: SupervisionRepository,
    private readonly institutions: InstitutionsService,
    private readonly clock: Clock,
  ) {}

  async addInspection(actor: Actor, institutionId: string, dto: CreateInspectionDto): Promise<InspectionView> {
    const inspectedOn = assertNotFuture('inspectedOn', dto.inspectedOn, this.clock.now());
    const created = await this.transactions.run(async (tx) => {
      await this.repo.lockForUpdate(tx, institutionId);
      const row = await this.supervision.addInspection(tx, {
        institutionId,
        kind: dto.kind,
        inspectedOn,
        result: dto.result,
        findings: dto.findings,
        createdById: actor.id,
      });
      await this.audit.record(tx, {
        action: 'INSPECTION_RECORDED',
        entityType: 'Institution',
        entityId: institutionId,
        after: toInspectionView(row),
      });
      return row;
    });
    return toInspectionView(created);
  }

  async listInspections(actor: Actor, institutionId: string, query: SupervisionQuery): Promise<Page<InspectionView>> {
    await this.institutions.find(actor, institutionId);
    const [rows, total] = await this.supervision.inspections(institutionId, skipTake(query));
    return toPage(rows.map(toInspectionView), total, query);
  }

  /** Records a rating; the institution's creditRating becomes the one with the latest ratedOn (a back-dated entry does not override a newer one). */
  async addCreditRating(actor: Actor, institutionId: string, dto: CreateCreditRatingDto): Promise<CreditRatingView> {
    const ratedOn = assertNotFuture('ratedOn', dto.ratedOn, this.clock.now());
    const created = await this.transactions.run(async (tx) => {
      const before = await this.repo.lockForUpdate(tx, institutionId);
      const row = await this.supervision.addCreditRating(tx, {
        institutionId,
        rating: dto.rating,
        ratedOn,
        note: dto.note,
        createdById: actor.id,
      });
      const latest = await this.supervision.latestCreditRating(tx, institutionId);
      await this.repo.update(tx, institutionId, { creditRating: latest.rating });
      await this.audit.record(tx, {
        action: 'CREDIT_RATING_RECORDED',
        entityType: 'Institution',
        entityId: institutionId,
        before: { creditRating: before.creditRating },
        after: { ...toCreditRatingView(row), creditRating: latest.rating },
      });
      return row;
    });
    return toCreditRatingView(created);
  }

  async listCreditRatings(actor: Actor, institutionId: string, query: SupervisionQuery): Promise<Page<CreditRatingView>> {
    await this.institutions.find(actor, institutionId);
    const [rows, total] = await this.supervision.creditRatings(institutionId, skipTake(query));
    return toPage(rows.map(toCreditRatingView), total, query);
  }
}
