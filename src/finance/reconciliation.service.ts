import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { assertInstitutionAccess, isOperator } from '../auth/access';
import { ConflictError, NotFoundError } from '../common/errors';
import { toDateString } from '../common/month';
import { Page, PageQuery, skipTake, toPage } from '../common/pagination';
import type { Actor } from '../common/request-context';
import type { SettlementStatus } from '../generated/prisma/enums';
import { Transactions, Tx } from '../infra/database/transactions';
import { PayeeDetails, PayeeRow, SettlementHead, SettlementPayouts } from '../settlement/settlement-payouts.service';
import { isSettled } from '../settlement/settlement-status';
import { InstitutionLookup } from '../registry/institution-lookup.repository';
import { FinanceRepository, PaymentRow } from './finance.repository';
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
  /** the payee fixed at approval (null for a stray payment's institution) */
  payee: (PayeeDetails & { fixedAt: Date }) | null;
  /** the institution's name, credit code or bank details in the registry differ from the payee fixed at approval */
  payeeChanged: boolean;
  /** the registry's details now, when they differ from the fixed payee */
  currentPayee: PayeeDetails | null;
}

/** Whether the registry's details now differ from the payee fixed at approval. */
export function payeeChanged(p: PayeeRow): boolean {
  if (!p.fixed) return false;
  const keys: (keyof PayeeDetails)[] = ['name', 'creditCode', 'bankName', 'accountName', 'accountNumber'];
  return keys.some((k) => (p.fixed![k] ?? null) !== (p.current[k] ?? null));
}

const paymentView = (p: PaymentRow): PaymentView => ({ voucherNo: p.voucherNo, amountFen: p.amountFen, paidOn: toDateString(p.paidOn) });

/**
 * Expected against paid, per settlement and per institution, and the move APPROVED → PAID once every
 * institution was paid exactly what it was owed: by the payment batch that makes everything match, or by
 * POST …/close. Reading the reconciliation never changes anything.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repo: FinanceRepository,
    private readonly settlements: SettlementPayouts,
    private readonly institutions: InstitutionLookup,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The whole settlement's reconciliation, read through `db` when given (a transaction when deciding on PAID). */
  async compute(settlementId: string, db?: Tx): Promise<Reconciliation<ReconcileRow>> {
    const members = await this.settlements.members(settlementId, undefined, db);
    const payments = await this.repo.payments(settlementId, undefined, db);
    const payees = new Map((await this.settlements.payees(settlementId, db)).map((p) => [p.institutionId, p]));
    const rows = new Map<string, ReconcileRow>(
      members.map((m) => {
        const payee = payees.get(m.institutionId);
        const changed = payee ? payeeChanged(payee) : false;
        return [
          m.institutionId,
          {
            ...m,
            paidFen: 0,
            payments: [],
            payee: payee?.fixed ?? null,
            payeeChanged: changed,
            currentPayee: changed ? payee!.current : null,
          },
        ];
      }),
    );
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
          payee: null,
          payeeChanged: false,
          currentPayee: null,
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
    if (!(await this.settlements.markPaid(tx, settlement.id, at))) return null;
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
    const settlement = await this.settlements.find(settlementId);
    if (!settlement) throw new NotFoundError('Settlement');
    if (!isSettled(settlement.status)) {
      throw new ConflictError(
        'SETTLEMENT_NOT_APPROVED',
        `Reconciliation is against an approved settlement; this one is ${settlement.status}`,
      ).with({ status: settlement.status });
    }
    // a read: it never changes the settlement (POST …/close, or the payment that makes everything match, does)
    const rec = await this.compute(settlementId);
    // an operator sees their own institution's part only
    const view = isOperator(actor) ? reconcile(rec.institutions.filter((r) => r.institutionId === actor.institutionId)) : rec;
    return reconciliationView(settlement, settlement.status, settlement.paidAt, view);
  }

  /**
   * POST …/close (finance): the explicit "close as paid" step. An APPROVED settlement becomes PAID when every
   * institution was paid exactly what it is owed (also a month with nothing to pay), audited; otherwise 409
   * NOT_RECONCILED listing the discrepancies. A PAID settlement is answered as it is (closing twice changes
   * nothing, e.g. after the last payment already closed it); other states 409 SETTLEMENT_NOT_APPROVED.
   */
  async close(settlementId: string): Promise<ReconciliationView> {
    return this.transactions.run(async (tx) => {
      const settlement = await this.settlements.lock(tx, settlementId);
      if (!settlement) throw new NotFoundError('Settlement');
      if (!isSettled(settlement.status)) {
        throw new ConflictError(
          'SETTLEMENT_NOT_APPROVED',
          `Only an approved settlement can be closed; this one is ${settlement.status}`,
        ).with({
          status: settlement.status,
        });
      }
      const rec = await this.compute(settlementId, tx);
      if (settlement.status === 'PAID') return reconciliationView(settlement, settlement.status, settlement.paidAt, rec);
      if (!rec.matched) {
        throw new ConflictError(
          'NOT_RECONCILED',
          `${rec.discrepancies.length} institution(s) were not paid exactly what they are owed; the settlement cannot be closed`,
          rec.discrepancies.map((d) => ({
            field: `institutions.${d.institutionId}`,
            code: d.kind,
            message: `Institution ${d.creditCode}: expected ${d.expectedFen} fen, paid ${d.paidFen} fen`,
            params: { institutionName: d.institutionName, creditCode: d.creditCode, expectedFen: d.expectedFen, paidFen: d.paidFen },
          })),
        ).with({ count: rec.discrepancies.length });
      }
      const paidAt = await this.settleIfMatched(tx, settlement, rec, 'close');
      return reconciliationView(settlement, paidAt ? 'PAID' : settlement.status, paidAt ?? settlement.paidAt, rec);
    });
  }

  /** One institution's payment status per approved or paid settlement, newest first. */
  async institutionPayments(institutionId: string, query: PageQuery, actor: Actor): Promise<Page<InstitutionPaymentStatus>> {
    assertInstitutionAccess(actor, institutionId);
    if (!(await this.institutions.exists(institutionId))) throw new NotFoundError('Institution');
    const { skip, take } = skipTake(query);
    const [rows, total] = await this.settlements.institutionShares(institutionId, skip, take);
    const payments = await this.repo.institutionPayments(
      institutionId,
      rows.map((r) => r.settlement.id),
    );
    const items = rows.map((r): InstitutionPaymentStatus => {
      const own = payments.filter((p) => p.settlementId === r.settlement.id);
      const paidFen = own.reduce((sum, p) => sum + p.amountFen, 0);
      const expectedFen = Number(r.amountFen);
      return {
        settlementId: r.settlement.id,
        month: r.settlement.month,
        settlementStatus: r.settlement.status,
        paidAt: r.settlement.paidAt,
        expectedFen,
        paidFen,
        differenceFen: paidFen - expectedFen,
        state: paymentState(expectedFen, paidFen),
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
      payee: r.payee,
      payeeChanged: r.payeeChanged,
      currentPayee: r.currentPayee,
    })),
    payeeChanges: rec.institutions.filter((r) => r.payeeChanged).length,
  };
}
