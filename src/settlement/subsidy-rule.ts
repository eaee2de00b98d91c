import { fullMonthsOfAgeAtStartOf } from '../common/age';
import { daysInMonth } from '../common/month';

/**
 * THE subsidy rule for one month, as a pure function (no Nest, no Prisma). The workers run the same rule
 * as set-based SQL (settlement-sql.repository.ts); test/settlement/rule-equivalence.e2e-spec.ts checks that both
 * give the same lines on random data.
 *
 * 1. Only entries of the month's effective rosters count, and only when the child was enrolled during the
 *    month: enrolledOn <= last day and (withdrawnOn null or >= first day). Other entries get no line.
 * 2. A child listed by several institutions is paid once. The winner is chosen among ELIGIBLE institutions
 *    first (so a transfer from an ineligible to an eligible institution still pays), then most attendance
 *    days, then earliest enrolledOn, then lowest institution id. Every other line of the child is 0:
 *    INSTITUTION_NOT_ELIGIBLE when that institution is itself not eligible; otherwise PAID_ELSEWHERE only
 *    when the winner's line is actually paid (amount > 0), else the winner's own reason (FIRST_CHILD,
 *    OVER_AGE, INSUFFICIENT_ATTENDANCE; an ineligible winner means all are ineligible). So a zero line never
 *    claims the child was paid where nobody was.
 * 3. The winner's line, first match wins: INSTITUTION_NOT_ELIGIBLE, OVER_AGE (full months on the first day
 *    of the month >= maxAgeMonths), INSUFFICIENT_ATTENDANCE (< minAttendanceDays), FIRST_CHILD (0),
 *    PAID_SECOND_CHILD (secondChildFen), PAID_THIRD_CHILD (birth order >= 3, thirdChildFen).
 */
export type LineReason =
  | 'PAID_SECOND_CHILD'
  | 'PAID_THIRD_CHILD'
  | 'FIRST_CHILD'
  | 'OVER_AGE'
  | 'INSUFFICIENT_ATTENDANCE'
  | 'INSTITUTION_NOT_ELIGIBLE'
  | 'PAID_ELSEWHERE'
  | 'ADJUSTMENT';

export interface PolicyParams {
  secondChildFen: number;
  thirdChildFen: number;
  minAttendanceDays: number;
  maxAgeMonths: number;
}

export interface RuleEntry {
  childId: string;
  institutionId: string;
  rosterId: string;
  /** the child's confirmed birth order (an admin's correction included), else the roster entry's */
  birthOrder: number;
  /** YYYY-MM-DD */
  birthDate: string;
  enrolledOn: string;
  withdrawnOn: string | null;
  attendanceDays: number;
}

export interface RuleLine {
  childId: string;
  institutionId: string;
  rosterId: string;
  birthOrder: number;
  amountFen: number;
  reason: LineReason;
}

/** Full months of age on the first day of `month` (YYYY-MM); born on the 1st counts that month as complete. */
export function ageInFullMonths(birthDate: string, month: string): number {
  return fullMonthsOfAgeAtStartOf(birthDate, month);
}

export function enrolledDuring(entry: Pick<RuleEntry, 'enrolledOn' | 'withdrawnOn'>, month: string): boolean {
  const first = `${month}-01`;
  const last = `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
  return entry.enrolledOn <= last && (entry.withdrawnOn === null || entry.withdrawnOn >= first);
}

/** Orders a child's candidate entries: the first one is where the child is paid. */
export function compareCandidates(a: RuleEntry & { eligible: boolean }, b: RuleEntry & { eligible: boolean }): number {
  if (a.eligible !== b.eligible) return a.eligible ? -1 : 1;
  if (a.attendanceDays !== b.attendanceDays) return b.attendanceDays - a.attendanceDays;
  if (a.enrolledOn !== b.enrolledOn) return a.enrolledOn < b.enrolledOn ? -1 : 1;
  return a.institutionId < b.institutionId ? -1 : a.institutionId > b.institutionId ? 1 : 0;
}

function winnerReason(entry: RuleEntry, eligible: boolean, month: string, policy: PolicyParams): LineReason {
  if (!eligible) return 'INSTITUTION_NOT_ELIGIBLE';
  if (ageInFullMonths(entry.birthDate, month) >= policy.maxAgeMonths) return 'OVER_AGE';
  if (entry.attendanceDays < policy.minAttendanceDays) return 'INSUFFICIENT_ATTENDANCE';
  if (entry.birthOrder <= 1) return 'FIRST_CHILD';
  return entry.birthOrder === 2 ? 'PAID_SECOND_CHILD' : 'PAID_THIRD_CHILD';
}

export function amountFor(reason: LineReason, policy: PolicyParams): number {
  if (reason === 'PAID_SECOND_CHILD') return policy.secondChildFen;
  if (reason === 'PAID_THIRD_CHILD') return policy.thirdChildFen;
  return 0;
}

/** One line per (child, institution) enrolled during the month, in child then institution order. */
export function computeMonthLines(
  month: string,
  policy: PolicyParams,
  entries: RuleEntry[],
  eligibleInstitutions: ReadonlySet<string>,
): RuleLine[] {
  const byChild = new Map<string, (RuleEntry & { eligible: boolean })[]>();
  for (const entry of entries) {
    if (!enrolledDuring(entry, month)) continue;
    const list = byChild.get(entry.childId) ?? [];
    list.push({ ...entry, eligible: eligibleInstitutions.has(entry.institutionId) });
    byChild.set(entry.childId, list);
  }
  const lines: RuleLine[] = [];
  for (const candidates of byChild.values()) {
    candidates.sort(compareCandidates);
    const winner = winnerReason(candidates[0], candidates[0].eligible, month, policy);
    const otherLines: LineReason = amountFor(winner, policy) > 0 ? 'PAID_ELSEWHERE' : winner;
    candidates.forEach((entry, rank) => {
      const reason: LineReason = rank === 0 ? winner : entry.eligible ? otherLines : 'INSTITUTION_NOT_ELIGIBLE';
      lines.push({
        childId: entry.childId,
        institutionId: entry.institutionId,
        rosterId: entry.rosterId,
        birthOrder: entry.birthOrder,
        amountFen: amountFor(reason, policy),
        reason,
      });
    });
  }
  return lines.sort((a, b) => (a.childId === b.childId ? (a.institutionId < b.institutionId ? -1 : 1) : a.childId < b.childId ? -1 : 1));
}

/**
 * ADJUSTMENT amounts for a corrected earlier month: what the month's lines say now minus what was already
 * paid for it, per (child, institution); only differences other than zero.
 */
export function adjustmentsFor(
  fresh: Pick<RuleLine, 'childId' | 'institutionId' | 'amountFen'>[],
  alreadyPaid: Pick<RuleLine, 'childId' | 'institutionId' | 'amountFen'>[],
): { childId: string; institutionId: string; amountFen: number }[] {
  const diff = new Map<string, { childId: string; institutionId: string; amountFen: number }>();
  const add = (line: Pick<RuleLine, 'childId' | 'institutionId' | 'amountFen'>, sign: number) => {
    const key = `${line.childId}|${line.institutionId}`;
    const row = diff.get(key) ?? { childId: line.childId, institutionId: line.institutionId, amountFen: 0 };
    row.amountFen += sign * line.amountFen;
    diff.set(key, row);
  };
  fresh.forEach((l) => add(l, 1));
  alreadyPaid.forEach((l) => add(l, -1));
  return [...diff.values()].filter((r) => r.amountFen !== 0);
}

/**
 * An institution's amount for the month: subsidy plus adjustments minus the overpayment carried in,
 * never below zero; what cannot be offset now is carried forward.
 */
export function institutionAmount(
  subsidyFen: number,
  adjustmentFen: number,
  carriedInFen: number,
): { amountFen: number; carriedForwardFen: number } {
  const net = subsidyFen + adjustmentFen - carriedInFen;
  return net >= 0 ? { amountFen: net, carriedForwardFen: 0 } : { amountFen: 0, carriedForwardFen: -net };
}
