import { Prisma } from '../generated/prisma/client';
import { firstDayOf, lastDayOf, parseMonth, toDateString } from '../common/month';
import { EFFECTIVE_STATUSES_SQL } from '../rosters/roster-status';
import type { PolicyParams } from './subsidy-rule';

/**
 * The subsidy rule of subsidy-rule.ts as one set-based SELECT (read that file for the rule in words).
 * Kept next to it on purpose: change both together; rule-equivalence.e2e-spec.ts compares them.
 *
 * `rosters` is a query yielding ("rosterId", "institutionId", eligible): the month's effective roster
 * versions and whether each institution is eligible that month. `childFilter` narrows the children
 * (a chunk's id range, or the children affected by a correction); it is applied to roster_entries `en`.
 *
 * The birth order is the child's confirmed one (children."birthOrder", which an admin may correct), else the
 * roster entry's: a correction changes pay from the next computation on.
 *
 * Yields "childId", "institutionId", "rosterId", "birthOrder", "amountFen", reason.
 */
export function monthLinesSql(
  month: string,
  policy: PolicyParams,
  rosters: Prisma.Sql,
  childFilter: Prisma.Sql = Prisma.sql`true`,
): Prisma.Sql {
  // date strings, not Date objects: a DATE comparison must not depend on the session's time zone
  const first = toDateString(firstDayOf(month));
  const last = toDateString(lastDayOf(month));
  const { year, month: mm } = parseMonth(month);
  const monthIndex = year * 12 + mm;
  // own: the line's reason were it the winner; the other lines of a child take PAID_ELSEWHERE only when the
  // winner's line pays (amount > 0), else the winner's reason (an ineligible institution always says so)
  const amount = (reason: Prisma.Sql) => Prisma.sql`CASE ${reason} WHEN 'PAID_SECOND_CHILD' THEN ${policy.secondChildFen}::int
                                                       WHEN 'PAID_THIRD_CHILD' THEN ${policy.thirdChildFen}::int ELSE 0 END`;
  return Prisma.sql`
    SELECT w."childId", w."institutionId", w."rosterId", w."birthOrder", ${amount(Prisma.sql`w.reason`)} AS "amountFen",
           w.reason::"LineReason" AS reason
      FROM (
        SELECT v."childId", v."institutionId", v."rosterId", v."birthOrder",
               CASE
                 WHEN v.rank = 1 THEN v.own
                 WHEN NOT v.eligible THEN 'INSTITUTION_NOT_ELIGIBLE'
                 WHEN ${amount(Prisma.sql`v."winnerReason"`)} > 0 THEN 'PAID_ELSEWHERE'
                 ELSE v."winnerReason"
               END AS reason
          FROM (
            SELECT o.*, max(o.own) FILTER (WHERE o.rank = 1) OVER (PARTITION BY o."childId") AS "winnerReason"
              FROM (
                SELECT r."childId", r."institutionId", r."rosterId", COALESCE(c."birthOrder", r."birthOrder") AS "birthOrder", r.eligible, r.rank,
                       CASE
                         WHEN NOT r.eligible THEN 'INSTITUTION_NOT_ELIGIBLE'
                         WHEN ${monthIndex}::int - (EXTRACT(YEAR FROM c."birthDate")::int * 12 + EXTRACT(MONTH FROM c."birthDate")::int)
                              - CASE WHEN EXTRACT(DAY FROM c."birthDate") > 1 THEN 1 ELSE 0 END >= ${policy.maxAgeMonths}::int THEN 'OVER_AGE'
                         WHEN r."attendanceDays" < ${policy.minAttendanceDays}::int THEN 'INSUFFICIENT_ATTENDANCE'
                         WHEN COALESCE(c."birthOrder", r."birthOrder") <= 1 THEN 'FIRST_CHILD'
                         WHEN COALESCE(c."birthOrder", r."birthOrder") = 2 THEN 'PAID_SECOND_CHILD'
                         ELSE 'PAID_THIRD_CHILD'
                       END AS own
                  FROM (
                    SELECT en."childId", sr."institutionId", en."rosterId", en."birthOrder", en."attendanceDays", sr.eligible,
                           row_number() OVER (PARTITION BY en."childId"
                                              ORDER BY sr.eligible DESC, en."attendanceDays" DESC, en."enrolledOn", sr."institutionId") AS rank
                      FROM (${rosters}) sr
                      JOIN roster_entries en ON en."rosterId" = sr."rosterId"
                     WHERE en."enrolledOn" <= ${last}::date
                       AND (en."withdrawnOn" IS NULL OR en."withdrawnOn" >= ${first}::date)
                       AND ${childFilter}
                  ) r
                  JOIN children c ON c.id = r."childId"
              ) o
          ) v
      ) w`;
}

/** The effective roster of each institution for a month: its highest version that is APPROVED or LOCKED. */
export function effectiveRostersSql(month: string | Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT ON (r."institutionId") r.id, r."institutionId", r.month, r.status, r.version
      FROM rosters r
     WHERE r.month = ${month} AND r.status IN ${EFFECTIVE_STATUSES_SQL}
     ORDER BY r."institutionId", r.version DESC`;
}

/** Roster source for monthLinesSql straight from the tables (the benchmark's baseline and the equivalence test). */
export function liveRostersSql(month: string, eligibleInstitutionIds: string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT e.id AS "rosterId", e."institutionId", (el.id IS NOT NULL) AS eligible
      FROM (${effectiveRostersSql(month)}) e
      LEFT JOIN unnest(${eligibleInstitutionIds}::uuid[]) AS el(id) ON el.id = e."institutionId"`;
}

/** Roster source for monthLinesSql from a run's snapshot (settlement_rosters). */
export function snapshotRostersSql(settlementId: string, forMonth: string): Prisma.Sql {
  return Prisma.sql`
    SELECT "rosterId", "institutionId", eligible FROM settlement_rosters
     WHERE "settlementId" = ${settlementId}::uuid AND "forMonth" = ${forMonth}`;
}
