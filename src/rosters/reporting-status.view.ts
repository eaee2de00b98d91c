import { MAX_PAGE_SIZE } from '../common/pagination';
import { RosterStatus } from '../generated/prisma/enums';
import { ApiEnum, ApiExample, ApiInt, ApiMonth, ApiUuid } from '../infra/http/api-docs';

/** A roster status, or MISSING: the institution has no roster for the month. */
export const REPORTING_STATUSES = [...Object.values(RosterStatus), 'MISSING'] as const;
export type ReportingStatus = (typeof REPORTING_STATUSES)[number];

/** How many institutions are in each state (every state present, 0 when none). */
export class ReportingCountsView implements Record<ReportingStatus, number> {
  @ApiInt({ minimum: 0 })
  DRAFT: number;
  @ApiInt({ minimum: 0 })
  SUBMITTED: number;
  @ApiInt({ minimum: 0 })
  APPROVED: number;
  @ApiInt({ minimum: 0 })
  RETURNED: number;
  @ApiInt({ minimum: 0 })
  LOCKED: number;
  /** filed during the month, but no roster for it */
  @ApiInt({ minimum: 0 })
  MISSING: number;
}

/** One institution filed during the month and where its roster for the month stands. */
export class ReportingItemView {
  @ApiUuid()
  institutionId: string;
  @ApiExample('茌平区阳光托育中心')
  name: string;
  @ApiExample('371523001')
  township: string | null;
  /** the status of its newest roster version for the month, or MISSING */
  @ApiEnum(REPORTING_STATUSES, 'ReportingStatus')
  rosterStatus: ReportingStatus;
  /** that roster (null when MISSING) */
  @ApiUuid()
  rosterId: string | null;
  @ApiInt({ minimum: 1 })
  rosterVersion: number | null;
}

/** Every institution FILED at some moment of the month, with its roster status; counts over all of them. */
export class ReportingStatusView {
  @ApiMonth()
  month: string;
  /** over every institution of the month (not only this page or the rosterStatus filter) */
  counts: ReportingCountsView;
  /** by institution name */
  items: ReportingItemView[];
  /** institutions matching the filter */
  @ApiInt({ minimum: 0 })
  total: number;
  @ApiInt({ minimum: 1 })
  page: number;
  @ApiInt({ minimum: 1, maximum: MAX_PAGE_SIZE })
  pageSize: number;
}
