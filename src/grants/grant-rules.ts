import type { ErrorDetail } from '../common/errors';
import { fenToYuan } from '../common/money';
import type { FundingSource, GrantKind, InstitutionKind, InstitutionStatus } from '../generated/prisma/enums';
import { shanghaiToday } from '../common/month';

/**
 * The rules of construction grants and advanced-institution awards, as plain functions
 * (no Nest, no Prisma) so each is unit-tested on its own. The services apply them inside transactions.
 */

/** Funding sources in the one fixed order used for locking budget rows and listing components. */
export const SOURCE_ORDER: readonly FundingSource[] = ['CITY', 'DISTRICT'];

export function bySource<T extends { source: FundingSource }>(a: T, b: T): number {
  return SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source);
}

/** The database-level once-only rule: one construction grant per institution ever, one award per institution per year. */
export function grantUniqueKey(kind: GrantKind, institutionId: string, year: number): string {
  return kind === 'CONSTRUCTION' ? `CONSTRUCTION:${institutionId}` : `ADVANCED_AWARD:${institutionId}:${year}`;
}

export interface InstitutionFacts {
  status: InstitutionStatus;
  kind: InstitutionKind;
  independent: boolean;
  districtLevel: boolean;
}

/** Every reason a construction grant is refused for this institution (empty: eligible). */
export function constructionIneligibility(inst: InstitutionFacts): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  if (inst.status !== 'FILED') {
    details.push({
      field: 'institution.status',
      code: 'NOT_FILED',
      message: `The institution is ${inst.status}, not FILED`,
      params: { status: inst.status },
    });
  }
  if (inst.kind !== 'PUBLIC') {
    details.push({
      field: 'institution.kind',
      code: 'NOT_PUBLIC',
      message: `The institution is ${inst.kind}, not PUBLIC`,
      params: { kind: inst.kind },
    });
  }
  if (!inst.independent) {
    details.push({
      field: 'institution.independent',
      code: 'NOT_INDEPENDENT',
      message: 'The institution is not independently set up (独立设置)',
    });
  }
  if (!inst.districtLevel) {
    details.push({
      field: 'institution.districtLevel',
      code: 'NOT_DISTRICT_LEVEL',
      message: 'The institution is not district-level (区级)',
    });
  }
  return details;
}

/** Every reason an advanced-institution award is refused: the institution must be FILED and inclusive (普惠) now. */
export function advancedAwardIneligibility(status: InstitutionStatus, inclusive: boolean): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  if (status !== 'FILED') {
    details.push({ field: 'institution.status', code: 'NOT_FILED', message: `The institution is ${status}, not FILED` });
  }
  if (!inclusive) {
    details.push({
      field: 'institution.inclusive',
      code: 'NOT_INCLUSIVE',
      message: 'The institution holds no inclusive (普惠) designation this month',
    });
  }
  return details;
}

/** Problems with the requested amount: construction amounts come from the grant policy, award amounts from the admin. */
export function amountProblems(kind: GrantKind, amountFen: number | undefined): ErrorDetail[] {
  if (kind === 'CONSTRUCTION' && amountFen !== undefined) {
    return [{ field: 'amountFen', code: 'NOT_ALLOWED', message: 'Construction grant amounts come from the grant policy; omit amountFen' }];
  }
  if (kind === 'ADVANCED_AWARD' && amountFen === undefined) {
    return [{ field: 'amountFen', code: 'REQUIRED', message: 'An advanced-institution award needs amountFen (a positive integer)' }];
  }
  return [];
}

export interface PolicyVersion {
  source: FundingSource;
  effectiveFromYear: number;
  amountFen: number;
}

/** Per source, the amount of the latest policy version with effectiveFromYear <= year; sources with none are absent. */
export function policyInForce(versions: PolicyVersion[], year: number): Map<FundingSource, number> {
  const best = new Map<FundingSource, PolicyVersion>();
  for (const v of versions) {
    if (v.effectiveFromYear > year) continue;
    const current = best.get(v.source);
    if (!current || v.effectiveFromYear > current.effectiveFromYear) best.set(v.source, v);
  }
  return new Map([...best].map(([source, v]) => [source, v.amountFen]));
}

/** "1,234.56 yuan (123456 fen)" — both units, so finance staff and client systems read the same number. */
export function describeFen(fen: number | bigint): string {
  const yuan = fenToYuan(fen);
  const [int, dec] = yuan.split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec} yuan (${fen.toString()} fen)`;
}

export interface BudgetRow {
  year: number;
  source: FundingSource;
  amountFen: bigint;
  committedFen: bigint;
}

export function remainingFen(budget: Pick<BudgetRow, 'amountFen' | 'committedFen'>): bigint {
  return budget.amountFen - budget.committedFen;
}

/** null when the budget can carry `amountFen` more, else the refusal message naming what remains. */
export function budgetShortfall(budget: BudgetRow, amountFen: number): { message: string; params: Record<string, unknown> } | null {
  const remaining = remainingFen(budget);
  if (BigInt(amountFen) <= remaining) return null;
  return {
    message:
      `The ${budget.source} budget for ${budget.year} has ${describeFen(remaining)} remaining; ` +
      `this grant needs ${describeFen(amountFen)} from it`,
    params: { source: budget.source, year: budget.year, remainingFen: remaining, amountFen },
  };
}

/** A grant is fully paid (→ DISBURSED) when every component has received its whole amount. */
export function isFullyPaid(components: { amountFen: number; paidFen: number }[]): boolean {
  return components.length > 0 && components.every((c) => c.paidFen >= c.amountFen);
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date 'YYYY-MM-DD' as a date-only value (UTC midnight), or null. */
export function parseDate(value: string): Date | null {
  const m = DATE_PATTERN.exec(value);
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value ? date : null;
}

/** Problems with a disbursement's payment date: a real date, not after today (Asia/Shanghai). */
export function paidOnProblems(paidOn: string, now: Date): ErrorDetail[] {
  if (!parseDate(paidOn)) return [{ field: 'paidOn', code: 'DATE_INVALID', message: `${paidOn} is not a real date (YYYY-MM-DD)` }];
  if (paidOn > shanghaiToday(now)) return [{ field: 'paidOn', code: 'DATE_IN_FUTURE', message: `${paidOn} is in the future` }];
  return [];
}
