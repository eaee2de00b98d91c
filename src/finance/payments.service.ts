import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { BadRequestError, ConflictError, ErrorDetail, NotFoundError, UnprocessableError } from '../common/errors';
import { fenToYuan } from '../common/money';
import { shanghaiToday, toDateString } from '../common/month';
import type { Actor } from '../common/request-context';
import { SHORT_TRANSACTION, Transactions, Tx } from '../infra/database/transactions';
import { SettlementHead, SettlementPayouts } from '../settlement/settlement-payouts.service';
import { isSettled } from '../settlement/settlement-status';
import { BANK_COLUMNS, isValidVoucherNo, readBankFile } from './bank-file';
import { RecordPaymentsDto } from './dto/finance.dto';
import { FinanceRepository, NewPayment, PaymentRow } from './finance.repository';
import { parseDateText } from './money-text';
import type { PaymentBatchView } from './finance.view';

import { ReconciliationService } from './reconciliation.service';
import { Clock } from '../infra/clock/clock';

/** One payment to record, from the JSON body (institution by id) or a bank file (institution by credit code). */
interface PaymentInput {
  index: number;
  institutionId?: string;
  creditCode?: string;
  amountFen: number;
  voucherNo: string;
  paidOn: string;
}

/** Field names in errors: JSON paths for the API, column titles for a file (what the clerk sees). */
interface FieldNames {
  /** what `index` counts: array positions of the JSON list, or spreadsheet rows of a file */
  position: 'index' | 'row';
  institution: (index: number) => string;
  amountFen: (index: number) => string;
  voucherNo: (index: number) => string;
  paidOn: (index: number) => string;
}

const JSON_FIELDS: FieldNames = {
  position: 'index',
  institution: (i) => `payments.${i}.institutionId`,
  amountFen: (i) => `payments.${i}.amountFen`,
  voucherNo: (i) => `payments.${i}.voucherNo`,
  paidOn: (i) => `payments.${i}.paidOn`,
};

const FILE_FIELDS: FieldNames = {
  position: 'row',
  institution: () => BANK_COLUMNS.creditCode,
  amountFen: () => BANK_COLUMNS.amountYuan,
  voucherNo: () => BANK_COLUMNS.voucherNo,
  paidOn: () => BANK_COLUMNS.paidOn,
};

type Source = { kind: 'api' } | { kind: 'file'; fileName: string; format: 'csv' | 'xlsx'; fileRows: number };

export interface UploadedFileLike {
  originalname: string;
  buffer: Buffer;
}

/**
 * Recording what finance paid. A batch (a JSON list or one bank file) is all or nothing; a voucher number
 * is recorded once, so sending the same batch again changes nothing and says so.
 */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repo: FinanceRepository,
    private readonly settlements: SettlementPayouts,
    private readonly reconciliation: ReconciliationService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  record(settlementId: string, dto: RecordPaymentsDto, actor: Actor): Promise<PaymentBatchView> {
    const inputs = dto.payments.map((p, index) => ({ index, ...p }));
    return this.recordBatch(settlementId, inputs, [], JSON_FIELDS, { kind: 'api' }, actor);
  }

  async import(settlementId: string, file: UploadedFileLike | undefined, actor: Actor): Promise<PaymentBatchView> {
    if (!file) throw new BadRequestError('FILE_REQUIRED', '请在 multipart 字段 file 中上传银行回单（.csv 或 .xlsx）');
    // refuse an unknown or unapproved settlement before reading the file
    assertPayable(await this.settlements.find(settlementId));
    const parsed = await readBankFile(file.buffer);
    const source: Source = { kind: 'file', fileName: file.originalname, format: parsed.format, fileRows: parsed.rows.length };
    return this.recordBatch(settlementId, parsed.rows, parsed.problems, FILE_FIELDS, source, actor);
  }

  private async recordBatch(
    settlementId: string,
    inputs: PaymentInput[],
    earlierProblems: ErrorDetail[],
    fields: FieldNames,
    source: Source,
    actor: Actor,
  ): Promise<PaymentBatchView> {
    return this.transactions.run(
      async (tx) => {
        const settlement = assertPayable(await this.settlements.lock(tx, settlementId));
        const { fresh, already, problems } = await this.check(tx, settlement, inputs, fields);
        const all = [...earlierProblems, ...problems].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
        if (all.length) {
          throw new UnprocessableError(`发现 ${all.length} 个问题，未记录任何支付`, all);
        }

        if (fresh.length)
          await this.repo.createPayments(
            tx,
            fresh.map((f) => ({ ...f.payment, recordedById: actor.id })),
          );
        const rec = await this.reconciliation.compute(settlementId, tx);
        const recordedFen = fresh.reduce((sum, f) => sum + f.payment.amountFen, 0);
        if (fresh.length) {
          await this.audit.record(tx, {
            action: 'PAYMENTS_RECORDED',
            entityType: 'Settlement',
            entityId: settlementId,
            after: {
              month: settlement.month,
              source: source.kind === 'file' ? { file: source.fileName, format: source.format, rows: source.fileRows } : 'api',
              recorded: fresh.length,
              alreadyRecorded: already.length,
              recordedFen,
              vouchers: fresh.map((f) => f.payment.voucherNo),
            },
          });
        }
        const paidAt = await this.reconciliation.settleIfMatched(tx, settlement, rec, 'payments');
        return {
          settlementId,
          status: paidAt ? 'PAID' : settlement.status,
          recorded: fresh.length,
          alreadyRecorded: already.length,
          recordedFen,
          expectedFen: rec.expectedFen,
          paidFen: rec.paidFen,
          outstandingFen: rec.outstandingFen,
          payeeChanges: rec.institutions.filter((r) => r.payeeChanged).length,
          payments: [...fresh, ...already]
            .sort((a, b) => a.index - b.index)
            .map((f) => ({ index: f.index, ...f.payment, result: f.result })),
        };
      },
      // a bank file can hold thousands of rows; the default 5 s is too short on a busy machine
      SHORT_TRANSACTION,
    );
  }

  /** Every row checked against the settlement and the vouchers already recorded; every problem collected. */
  private async check(tx: Tx, settlement: SettlementHead, inputs: PaymentInput[], fields: FieldNames) {
    const ids = inputs.flatMap((p) => (p.institutionId ? [p.institutionId] : []));
    const creditCodes = inputs.flatMap((p) => (p.creditCode ? [p.creditCode] : []));
    const members = await this.settlements.members(settlement.id, { ids, creditCodes }, tx);
    const byId = new Map(members.map((m) => [m.institutionId, m]));
    const byCode = new Map(members.map((m) => [m.creditCode, m]));
    const prior = new Map(
      (
        await this.repo.paymentsByVoucher(
          tx,
          inputs.map((p) => p.voucherNo),
        )
      ).map((p) => [p.voucherNo, p]),
    );
    const today = shanghaiToday(this.clock.now());

    type Checked = { index: number; payment: Omit<NewPayment, 'recordedById'>; result: 'RECORDED' | 'ALREADY_RECORDED' };
    const fresh: Checked[] = [];
    const already: Checked[] = [];
    const problems: ErrorDetail[] = [];
    const firstRowOfVoucher = new Map<string, number>();

    for (const p of inputs) {
      const before = problems.length;
      const problem = (field: string, code: string, message: string) => problems.push({ index: p.index, field, code, message });
      const member = p.institutionId ? byId.get(p.institutionId) : byCode.get(p.creditCode ?? '');
      if (!member) {
        const who = p.institutionId ? `institution ${p.institutionId}` : `credit code ${p.creditCode}`;
        problem(fields.institution(p.index), 'UNKNOWN_INSTITUTION', `The ${who} is not part of the ${settlement.month} settlement`);
      }
      if (!Number.isInteger(p.amountFen) || p.amountFen <= 0)
        problem(fields.amountFen(p.index), 'AMOUNT_NOT_POSITIVE', 'The amount must be a positive whole number of fen');
      if (parseDateText(p.paidOn) !== p.paidOn) problem(fields.paidOn(p.index), 'DATE_INVALID', `"${p.paidOn}" is not a date (YYYY-MM-DD)`);
      else if (p.paidOn > today) problem(fields.paidOn(p.index), 'DATE_IN_FUTURE', `The payment date ${p.paidOn} is in the future`);
      if (!isValidVoucherNo(p.voucherNo))
        problem(fields.voucherNo(p.index), 'VOUCHER_INVALID', 'The voucher number must be 1–64 characters without control characters');

      const firstRow = firstRowOfVoucher.get(p.voucherNo);
      if (firstRow !== undefined) {
        problem(
          fields.voucherNo(p.index),
          'DUPLICATE_VOUCHER',
          `Voucher ${p.voucherNo} appears more than once in this batch (first at ${fields.position} ${firstRow})`,
        );
      } else {
        firstRowOfVoucher.set(p.voucherNo, p.index);
      }

      const recorded = prior.get(p.voucherNo);
      if (recorded && member && !sameAs(recorded, settlement.id, member.institutionId, p)) {
        problem(
          fields.voucherNo(p.index),
          'VOUCHER_ALREADY_RECORDED',
          `Voucher ${p.voucherNo} was already recorded with different data (${describe(recorded)})`,
        );
      }
      if (problems.length > before || !member) continue;
      const payment = {
        settlementId: settlement.id,
        institutionId: member.institutionId,
        amountFen: p.amountFen,
        voucherNo: p.voucherNo,
        paidOn: p.paidOn,
      };
      (recorded ? already : fresh).push({ index: p.index, payment, result: recorded ? 'ALREADY_RECORDED' : 'RECORDED' });
    }
    return { fresh, already, problems };
  }
}

function assertPayable(settlement: SettlementHead | null): SettlementHead {
  if (!settlement) throw new NotFoundError('Settlement');
  if (!isSettled(settlement.status)) {
    throw new ConflictError(
      'SETTLEMENT_NOT_APPROVED',
      `Payments are recorded against an approved settlement; this one is ${settlement.status}`,
    ).with({ status: settlement.status });
  }
  return settlement;
}

function sameAs(recorded: PaymentRow, settlementId: string, institutionId: string, p: PaymentInput): boolean {
  return (
    recorded.settlementId === settlementId &&
    recorded.institutionId === institutionId &&
    recorded.amountFen === p.amountFen &&
    toDateString(recorded.paidOn) === p.paidOn
  );
}

function describe(p: PaymentRow): string {
  return `${p.institution.name} ${p.institution.creditCode}, ${fenToYuan(p.amountFen)} yuan on ${toDateString(p.paidOn)}`;
}
