import type { SettlementStatus } from '../generated/prisma/enums';
import { sqlList } from '../infra/database/sql-list';

/**
 * The settlement's status sets, declared once (code and SQL use these, never their own spelling).
 *
 * Settled: approved (or paid since). A settled month is closed: its money is fixed, its rosters locked, its
 * eligibility answers frozen; corrections go into a later month as adjustments.
 */
export const SETTLED_STATUSES = ['APPROVED', 'PAID'] as const satisfies readonly SettlementStatus[];
export type SettledStatus = (typeof SETTLED_STATUSES)[number];
/** `('APPROVED', 'PAID')`, for `status IN ${SETTLED_STATUSES_SQL}` */
export const SETTLED_STATUSES_SQL = sqlList(SETTLED_STATUSES);

/** A run is under way (queued or computing): the month has no lines yet. */
export const IN_PROGRESS_STATUSES = ['QUEUED', 'RUNNING'] as const satisfies readonly SettlementStatus[];
/** `('QUEUED', 'RUNNING')` */
export const IN_PROGRESS_STATUSES_SQL = sqlList(IN_PROGRESS_STATUSES);

/** Statuses whose lines and totals are complete; before that a run is in progress and shows none. */
export const COMPUTED_STATUSES = ['COMPUTED', 'PUBLISHED', 'APPROVED', 'PAID'] as const satisfies readonly SettlementStatus[];

/** Public from its publication on: published, then approved and paid (the public notice, the payment file). */
export const PUBLISHED_STATUSES = ['PUBLISHED', 'APPROVED', 'PAID'] as const satisfies readonly SettlementStatus[];

export const isSettled = (status: SettlementStatus): status is SettledStatus => includes(SETTLED_STATUSES, status);
export const isInProgress = (status: SettlementStatus): boolean => includes(IN_PROGRESS_STATUSES, status);
export const isComputed = (status: SettlementStatus): boolean => includes(COMPUTED_STATUSES, status);
export const isPublished = (status: SettlementStatus): boolean => includes(PUBLISHED_STATUSES, status);

function includes(set: readonly SettlementStatus[], status: SettlementStatus): boolean {
  return set.includes(status);
}
