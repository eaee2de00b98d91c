/**
 * Where a correction of a month's roster is paid (the settlement rules, docs/settlement.md): while neither the month
 * nor a later month is approved, the corrected roster simply counts in the month's own settlement; once one is, the
 * difference is paid as adjustment lines (调整) by the next month still open for approval.
 */
const SETTLED = ['APPROVED', 'PAID'];

export type CorrectionPayment = { kind: 'OWN_MONTH'; month: string } | { kind: 'ADJUSTMENT'; month: string; started: boolean };

export function correctionPaidIn(month: string, settlements: { month: string; status: string }[]): CorrectionPayment {
  const settled = settlements.filter((s) => SETTLED.includes(s.status)).map((s) => s.month);
  const latest = settled.sort().at(-1);
  if (latest === undefined || latest < month) return { kind: 'OWN_MONTH', month };
  const open = settlements
    .filter((s) => !SETTLED.includes(s.status) && s.month > latest)
    .map((s) => s.month)
    .sort()[0];
  return open ? { kind: 'ADJUSTMENT', month: open, started: true } : { kind: 'ADJUSTMENT', month: nextMonth(latest), started: false };
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
