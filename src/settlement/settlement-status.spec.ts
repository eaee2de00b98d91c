import { EFFECTIVE_STATUSES_SQL } from '../rosters/roster-status';
import { IN_PROGRESS_STATUSES_SQL, isComputed, isInProgress, isPublished, isSettled, SETTLED_STATUSES_SQL } from './settlement-status';

describe('status sets', () => {
  it('spell the SQL lists the queries used before, from the declared sets', () => {
    expect(SETTLED_STATUSES_SQL.sql).toBe("('APPROVED', 'PAID')");
    expect(SETTLED_STATUSES_SQL.values).toEqual([]);
    expect(IN_PROGRESS_STATUSES_SQL.sql).toBe("('QUEUED', 'RUNNING')");
    expect(EFFECTIVE_STATUSES_SQL.sql).toBe("('APPROVED', 'LOCKED')");
  });

  it('sort every settlement status', () => {
    const all = ['QUEUED', 'RUNNING', 'COMPUTED', 'PUBLISHED', 'APPROVED', 'PAID', 'FAILED'] as const;
    expect(all.filter(isInProgress)).toEqual(['QUEUED', 'RUNNING']);
    expect(all.filter(isComputed)).toEqual(['COMPUTED', 'PUBLISHED', 'APPROVED', 'PAID']);
    expect(all.filter(isPublished)).toEqual(['PUBLISHED', 'APPROVED', 'PAID']);
    expect(all.filter(isSettled)).toEqual(['APPROVED', 'PAID']);
  });
});
