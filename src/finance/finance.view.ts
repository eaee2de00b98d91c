import { ApiProperty } from '@nestjs/swagger';
import { FundingSource, SettlementStatus } from '../generated/prisma/enums';
import { ApiDate, ApiEnum, ApiExample, ApiFen, ApiInt, ApiMonth, ApiTimestamp, ApiUuid } from '../infra/http/api-docs';
import type { DiscrepancyKind, PaymentState } from './reconcile';

const PAYMENT_STATES: PaymentState[] = ['PAID', 'UNPAID', 'UNDERPAID', 'OVERPAID', 'PAID_NOT_OWED', 'NOTHING_OWED'];
const DISCREPANCY_KINDS: DiscrepancyKind[] = ['UNDERPAID', 'OVERPAID', 'PAID_NOT_OWED'];

/** A payment finance recorded (bank voucher). */
export class PaymentView {
  /** 凭证号 */
  @ApiExample('PZ20260405001')
  voucherNo: string;
  @ApiFen()
  amountFen: number;
  @ApiDate()
  paidOn: string;
}

/** One row of a recorded batch: RECORDED now, or ALREADY_RECORDED earlier with the same data (skipped). */
export class RecordedPaymentView extends PaymentView {
  /** the JSON array position, or the file row */
  @ApiInt({ minimum: 0 })
  index: number;
  @ApiUuid()
  settlementId: string;
  @ApiUuid()
  institutionId: string;
  @ApiProperty({ enum: ['RECORDED', 'ALREADY_RECORDED'] })
  result: 'RECORDED' | 'ALREADY_RECORDED';
}

/** What a batch of payments (JSON or bank file) recorded, and where the settlement stands after it. */
export class PaymentBatchView {
  @ApiUuid()
  settlementId: string;
  /** PAID once every institution was paid exactly what it was owed */
  @ApiEnum(SettlementStatus, 'SettlementStatus')
  status: SettlementStatus;
  @ApiInt({ minimum: 0 })
  recorded: number;
  @ApiInt({ minimum: 0 })
  alreadyRecorded: number;
  /** the amount of the payments recorded now */
  @ApiFen()
  recordedFen: number;
  @ApiFen()
  expectedFen: number;
  @ApiFen()
  paidFen: number;
  @ApiFen()
  outstandingFen: number;
  /** how many institutions' name, credit code or bank account in the registry changed after approval (see the reconciliation's `payeeChanged`) */
  @ApiInt({ minimum: 0 })
  payeeChanges: number;
  /** in the order sent */
  payments: RecordedPaymentView[];
}

/** An institution paid other than it was owed. `differenceFen` is paid − expected. */
export class DiscrepancyView {
  @ApiUuid()
  institutionId: string;
  institutionName: string;
  creditCode: string;
  @ApiEnum(DISCREPANCY_KINDS, 'DiscrepancyKind')
  kind: DiscrepancyKind;
  @ApiFen()
  expectedFen: number;
  @ApiFen()
  paidFen: number;
  @ApiFen()
  differenceFen: number;
}

/** Who is paid: name, credit code and bank account. */
export class PayeeView {
  name: string;
  creditCode: string;
  bankName: string | null;
  accountName: string | null;
  accountNumber: string | null;
}

/** The payee fixed when the month was approved: the payment file shows it. */
export class FixedPayeeView extends PayeeView {
  @ApiTimestamp()
  fixedAt: Date;
}

export class ReconciledInstitutionView {
  @ApiUuid()
  institutionId: string;
  institutionName: string;
  creditCode: string;
  @ApiFen()
  expectedFen: number;
  @ApiFen()
  paidFen: number;
  /** paid − expected: negative when underpaid */
  @ApiFen()
  differenceFen: number;
  @ApiEnum(PAYMENT_STATES, 'PaymentState')
  state: PaymentState;
  payments: PaymentView[];
  /** the payee fixed at approval (the payment file shows it); null for an institution that is not part of the settlement */
  payee: FixedPayeeView | null;
  /** the institution's name, credit code or bank account in the registry changed after approval: check before paying */
  payeeChanged: boolean;
  /** the registry's details now, when they differ from `payee`; else null */
  currentPayee: PayeeView | null;
}

/** Expected against paid for an approved settlement (an operator: their own institution only). */
export class ReconciliationView {
  @ApiUuid()
  settlementId: string;
  @ApiMonth()
  month: string;
  @ApiEnum(SettlementStatus, 'SettlementStatus')
  status: SettlementStatus;
  @ApiTimestamp()
  paidAt: Date | null;
  @ApiFen()
  expectedFen: number;
  @ApiFen()
  paidFen: number;
  /** the sum of every institution's shortfall (one's overpayment does not pay another) */
  @ApiFen()
  outstandingFen: number;
  /** every institution paid exactly what it was owed */
  matched: boolean;
  discrepancies: DiscrepancyView[];
  institutions: ReconciledInstitutionView[];
  /** how many institutions' registry details changed after approval (`payeeChanged`) */
  @ApiInt({ minimum: 0 })
  payeeChanges: number;
}

/** One institution's payment status for an approved or paid settlement. */
export class InstitutionPaymentStatusView {
  @ApiUuid()
  settlementId: string;
  @ApiMonth()
  month: string;
  @ApiEnum(SettlementStatus, 'SettlementStatus')
  settlementStatus: SettlementStatus;
  @ApiTimestamp()
  paidAt: Date | null;
  @ApiFen()
  expectedFen: number;
  @ApiFen()
  paidFen: number;
  @ApiFen()
  differenceFen: number;
  @ApiEnum(PAYMENT_STATES, 'PaymentState')
  state: PaymentState;
  payments: PaymentView[];
}

export class SubsidyMonthView {
  @ApiMonth()
  month: string;
  /** null for a month without an approved or paid settlement */
  @ApiUuid()
  settlementId: string | null;
  @ApiEnum(SettlementStatus, 'SettlementStatus')
  status: SettlementStatus | null;
  @ApiFen()
  expectedFen: number;
  @ApiFen()
  paidFen: number;
  @ApiFen()
  outstandingFen: number;
}

export class SubsidySummaryView {
  @ApiFen()
  expectedFen: number;
  @ApiFen()
  paidFen: number;
  @ApiFen()
  outstandingFen: number;
  /** January to December */
  months: SubsidyMonthView[];
}

export class GrantSourceSummaryView {
  @ApiEnum(FundingSource, 'FundingSource')
  source: FundingSource;
  @ApiFen()
  approvedFen: number;
  @ApiFen()
  disbursedFen: number;
  @ApiFen()
  outstandingFen: number;
}

export class GrantSummaryView {
  @ApiFen()
  approvedFen: number;
  @ApiFen()
  disbursedFen: number;
  @ApiFen()
  outstandingFen: number;
  sources: GrantSourceSummaryView[];
}

/** The finance bureau's year at a glance. */
export class FinanceSummaryView {
  @ApiInt({ example: 2026 })
  year: number;
  subsidies: SubsidySummaryView;
  grants: GrantSummaryView;
}
