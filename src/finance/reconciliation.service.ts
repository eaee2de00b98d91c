import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { assertInstitutionAccess, isOperator } from '../auth/access';
import { ConflictError, NotFoundError } from '../common/errors';
import { toDateString } from '../common/month';
import { Page, PageQuery, skipTake, toPage } from '../common/pagination';
import type { Actor } from '../common/request-context';
import type { SettlementStatus } from '../generated/prisma/enums';
import { PrismaService, Tx } from '../infra/database/prisma.service';
import { FinanceRepository, PAYABLE_STATUSES, PaymentRow, SettlementHead } from './finance.repository';
import type { InstitutionPaymentStatusView, PaymentView, ReconciliationView } from './finance.view';
import { paymentState, reconcile, Reconciliation } from './reconcile';
import { Clock } from '../infra/clock/clock';

export interface ReconcileRow {
  institutionId: string;
  institutionName: string;
  creditCode: string;
  expectedFen: number;
  paidFen: number;
  payments: PaymentView[];
}

const paymentView = (p: PaymentRow): PaymentView => ({ voucherNo: p.voucherNo, amountFen: p.amountFen, paidOn: toDateString(p.paidOn) });

/**
 * Expected against paid, per settlement and per institution, and the move APPROVED → PAID once every
 * institution was paid exactly what it was owed.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly repo: FinanceRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The whole settlement's reconciliation, read through `db` (a transaction when deciding on PAID). */
  async compute(db: Tx, settlementId: string): Promise<Reconciliation<ReconcileRow>> {
    const members = await this.repo.members(db, settlementId);
    const payments = await this.repo.payments(db, settlementId);
    const rows = new Map<string, ReconcileRow>(members.map((m) => [m.institutionId, { ...m, paidFen: 0, payments: [] }]));
    for (const p of payments) {
      // payments are only accepted for member institutions; a stray one still counts, as paid but not owed
      let row = rows.get(p.institutionId);
      if (!row) {
        row = {
          institutionId: p.institutionId,
          institutionName: p.institution.name,
          creditCode: p.institution.creditCode,
          expectedFen: 0,
          paidFen: 0,
          payments: [],
        };
        rows.set(p.institutionId, row);
      }
      row.paidFen += p.amountFen;
      row.payments.push(paymentView(p));
    }
    return reconcile([...rows.values()]);
  }

  /**
   * Inside the caller's transaction, with the settlement row locked: APPROVED → PAID when everything
   * matches, audited. Returns the paid-at time when the move happened.
   */
  async settleIfMatched(tx: Tx, settlement: SettlementHead, rec: Reconciliation<ReconcileRow>, trigger: string): Promise<Date | null> {
    if (settlement.status !== 'APPROVED' || !rec.matched) return null;
    const at = this.clock.now();
    if (!(await this.repo.markPaid(tx, settlement.id, at))) return null;
    await this.audit.record(tx, {
      action: 'SETTLEMENT_PAID',
      entityType: 'Settlement',
      entityId: settlement.id,
      before: { status: 'APPROVED' },
      after: { status: 'PAID', paidAt: at, month: settlement.month, expectedFen: rec.expectedFen, paidFen: rec.paidFen, trigger },
    });
    return at;
  }

  async reconciliation(settlementId: string, actor: Actor): Promise<ReconciliationView> {
    const settlement = await this.repo.findSettlement(settlementId);
    if (!settlement) throw new NotFoundError('Settlement');
    if (!PAYABLE_STATUSES.includes(settlement.status)) {
      throw new ConflictError(
        'SETTLEMENT_NOT_APPROVED',
        `Reconciliation is against an approved settlement; this one is ${settlement.status}`,
      ).with({ status: settlement.status });
    }
    let rec = await this.compute(this.prisma, settlementId);
    let { status, paidAt } = settlement;
    if (status === 'APPROVED' && rec.matched) {
      // the move is normally made when the last payment is recorded; this catches months with nothing to pay
      const moved = await this.prisma.$transaction(async (tx) => {
        const locked = await this.repo.lockSettlement(tx, settlementId);
        if (!locked) return null;
        const fresh = await this.compute(tx, settlementId);
        rec = fresh;
        return this.settleIfMatched(tx, locked, fresh, 'reconciliation');
      });
      if (moved) [status, paidAt] = ['PAID', moved];
    }
    // an operator sees their own institution's part only
    const view = isOperator(actor) ? reconcile(rec.institutions.filter((r) => r.institutionId === actor.institutionId)) : rec;
    return reconciliationView(settlement, status, paidAt, view);
  }

  /** One institution's payment status per approved or paid settlement, newest first. */
  async institutionPayments(institutionId: string, query: PageQuery, actor: Actor): Promise<Page<InstitutionPaymentStatus>> {
    assertInstitutionAccess(actor, institutionId);
    if (!(await this.repo.institutionExists(institutionId))) throw new NotFoundError('Institution');
    const { skip, take } = skipTake(query);
    const { rows, total, payments } = await this.repo.institutionSettlements(institutionId, skip, take);
    const items = rows.map((r): InstitutionPaymentStatus => {
      const own = payments.filter((p) => p.settlementId === r.settlement.id);
      const paidFen = own.reduce((sum, p) => sum + p.amountFen, 0);
      return {
        settlementId: r.settlement.id,
        month: r.settlement.month,
        settlementStatus: r.settlement.status,
        paidAt: r.settlement.paidAt,
        expectedFen: r.amountFen,
        paidFen,
        differenceFen: paidFen - r.amountFen,
        state: paymentState(r.amountFen, paidFen),
        payments: own.map(paymentView),
      };
    });
    return toPage(items, total, query);
  }
}

export type InstitutionPaymentStatus = InstitutionPaymentStatusView;

function reconciliationView(
  settlement: SettlementHead,
  status: SettlementStatus,
  paidAt: Date | null,
  rec: Reconciliation<ReconcileRow>,
): ReconciliationView {
  return {
    settlementId: settlement.id,
    month: settlement.month,
    status,
    paidAt,
    expectedFen: rec.expectedFen,
    paidFen: rec.paidFen,
    outstandingFen: rec.outstandingFen,
    matched: rec.matched,
    discrepancies: rec.discrepancies.map((d) => ({
      institutionId: d.institutionId,
      institutionName: d.institutionName,
      creditCode: d.creditCode,
      kind: d.kind,
      expectedFen: d.expectedFen,
      paidFen: d.paidFen,
      differenceFen: d.differenceFen,
    })),
    institutions: rec.institutions.map((r) => ({
      institutionId: r.institutionId,
      institutionName: r.institutionName,
      creditCode: r.creditCode,
      expectedFen: r.expectedFen,
      paidFen: r.paidFen,
      differenceFen: r.differenceFen,
      state: r.state,
      payments: r.payments,
    })),
  };
}
