/**
 * The subsidy rule as SQL is in settlement-sql.repository.ts (only repositories build SQL); the benchmark and the
 * rule-equivalence test import it from here.
 */
export { effectiveRostersSql, liveRostersSql, monthLinesSql, snapshotRostersSql } from './settlement-sql.repository';
