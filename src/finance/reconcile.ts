/**
 * Reconciliation rules: what each institution was owed by a settlement against what finance recorded as
 * paid. Amounts are integer fen; sums of a month stay far below 2^53, so plain numbers are exact.
 */

/** Per institution: how its payment stands. */
export type PaymentState =
  /** paid exactly what was owed */
  | 'PAID'
  /** owed, nothing paid yet */
  | 'UNPAID'
  /** owed, paid less */
  | 'UNDERPAID'
  /** owed, paid more */
  | 'OVERPAID'
  /** owed nothing, but a payment was recorded */
  | 'PAID_NOT_OWED'
  /** owed nothing, paid nothing */
  | 'NOTHING_OWED';

/** The discrepancy kinds of the API (an institution not paid at all is UNDERPAID by the whole amount). */
export type DiscrepancyKind = 'UNDERPAID' | 'OVERPAID' | 'PAID_NOT_OWED';

export function paymentState(expectedFen: number, paidFen: number): PaymentState {
  if (expectedFen <= 0) return paidFen > 0 ? 'PAID_NOT_OWED' : 'NOTHING_OWED';
  if (paidFen === expectedFen) return 'PAID';
  if (paidFen === 0) return 'UNPAID';
  return paidFen < expectedFen ? 'UNDERPAID' : 'OVERPAID';
}

export function discrepancyKind(state: PaymentState): DiscrepancyKind | null {
  switch (state) {
    case 'UNPAID':
    case 'UNDERPAID':
      return 'UNDERPAID';
    case 'OVERPAID':
    case 'PAID_NOT_OWED':
      return state;
    default:
      return null;
  }
}

export interface ReconcileInput {
  institutionId: string;
  expectedFen: number;
  paidFen: number;
}

export type Reconciled<T extends ReconcileInput> = T & { state: PaymentState; differenceFen: number };

export interface Reconciliation<T extends ReconcileInput> {
  expectedFen: number;
  paidFen: number;
  /** what is still to be paid: the sum of every institution's shortfall (one's overpayment does not pay another) */
  outstandingFen: number;
  institutions: Reconciled<T>[];
  discrepancies: (Reconciled<T> & { kind: DiscrepancyKind })[];
  /** every institution paid exactly what it was owed */
  matched: boolean;
}

/** `differenceFen` is paid − expected: negative when underpaid, positive when overpaid. */
export function reconcile<T extends ReconcileInput>(rows: T[]): Reconciliation<T> {
  let expectedFen = 0;
  let paidFen = 0;
  let outstandingFen = 0;
  const institutions: Reconciled<T>[] = [];
  const discrepancies: (Reconciled<T> & { kind: DiscrepancyKind })[] = [];
  for (const row of rows) {
    const state = paymentState(row.expectedFen, row.paidFen);
    const reconciled = { ...row, state, differenceFen: row.paidFen - row.expectedFen };
    expectedFen += row.expectedFen;
    paidFen += row.paidFen;
    outstandingFen += Math.max(0, row.expectedFen - row.paidFen);
    institutions.push(reconciled);
    const kind = discrepancyKind(state);
    if (kind) discrepancies.push({ ...reconciled, kind });
  }
  return { expectedFen, paidFen, outstandingFen, institutions, discrepancies, matched: discrepancies.length === 0 };
}
