import type { RosterStatus } from '../generated/prisma/enums';
import { sqlList } from '../infra/database/sql-list';

/**
 * Statuses in which a roster counts for payment; the highest such version of a month is the effective one.
 * Declared once: the rosters' own code and the settlement's SQL (`EFFECTIVE_STATUSES_SQL`) both use it.
 */
export const EFFECTIVE_STATUSES: RosterStatus[] = ['APPROVED', 'LOCKED'];
/** `('APPROVED', 'LOCKED')`, for `status IN ${EFFECTIVE_STATUSES_SQL}` */
export const EFFECTIVE_STATUSES_SQL = sqlList(EFFECTIVE_STATUSES);
