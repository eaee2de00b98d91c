import { LineReason, SettlementStatus } from '../generated/prisma/enums';
import { ApiDate, ApiEnum, ApiExample, ApiFen, ApiInt, ApiMonth, ApiTimestamp, ApiUuid } from '../infra/http/api-docs';

/** Chunks of work done of the run's total (follow it while QUEUED or RUNNING). */
export class SettlementProgressView {
  @ApiInt({ minimum: 0 })
  done: number;
  @ApiInt({ minimum: 0 })
  total: number;
}

/** The month's totals (an operator: their own institution's). */
export class SettlementTotalsView {
  @ApiInt({ minimum: 0 })
  paidChildren: number;
  @ApiInt({ minimum: 0 })
  secondChildCount: number;
  @ApiInt({ minimum: 0 })
  thirdChildCount: number;
  /** what is paid for the month, adjustments included */
  @ApiFen()
  amountFen: number;
}

/** One institution's part of a settlement. */
export class InstitutionPartView {
  @ApiUuid()
  institutionId: string;
  @ApiExample('茌平区阳光托育中心')
  institutionName: string;
  @ApiInt({ minimum: 0 })
  paidChildren: number;
  @ApiInt({ minimum: 0 })
  secondChildCount: number;
  @ApiInt({ minimum: 0 })
  thirdChildCount: number;
  /** the month's own subsidies */
  @ApiFen()
  subsidyFen: number;
  /** corrections of earlier months (negative when an earlier month was overpaid) */
  @ApiFen()
  adjustmentFen: number;
  /** an overpayment carried in from the previous approved month, offset here (≤ 0) */
  @ApiFen()
  carriedInFen: number;
  /** what is paid to the institution: never below 0 */
  @ApiFen()
  amountFen: number;
  /** what could not be offset this month and moves on to the next */
  @ApiFen()
  carriedForwardFen: number;
}

/** A month's settlement. Totals and institutions are complete from COMPUTED on (empty before). */
export class SettlementView {
  @ApiUuid()
  id: string;
  @ApiMonth()
  month: string;
  @ApiEnum(SettlementStatus, 'SettlementStatus')
  status: SettlementStatus;
  /** how many times the month was computed */
  @ApiInt({ minimum: 1 })
  run: number;
  progress: SettlementProgressView;
  totals: SettlementTotalsView;
  /** by institution id (an operator: their own only) */
  institutions: InstitutionPartView[];
  /** the subsidy policy version the month was computed under */
  @ApiUuid()
  policyId: string | null;
  /** why the last run failed (status FAILED): `NO_POLICY_IN_FORCE` (add a policy version, then re-run) or `COMPUTE_ERROR` (re-run; the detail is in the log) */
  @ApiExample('COMPUTE_ERROR')
  failureCode: string | null;
  /** why the last run failed, for people (Chinese; never raw database text) */
  failureReason: string | null;
  @ApiTimestamp()
  queuedAt: string | null;
  @ApiTimestamp()
  startedAt: string | null;
  @ApiTimestamp()
  computedAt: string | null;
  @ApiTimestamp()
  publishedAt: string | null;
  @ApiTimestamp()
  approvedAt: string | null;
}

/** One child's line of a settlement (ID number masked). */
export class SettlementLineView {
  @ApiInt()
  id: number;
  @ApiUuid()
  childId: string;
  /** masked */
  @ApiExample('371523********1234')
  idNumber: string;
  @ApiUuid()
  institutionId: string;
  /** the roster version the line was computed from */
  @ApiUuid()
  rosterId: string | null;
  /** the month the line pays for: the settlement's month, or an earlier one for ADJUSTMENT lines */
  @ApiMonth()
  forMonth: string;
  @ApiInt({ minimum: 1, maximum: 9 })
  birthOrder: number;
  /** 0 when not paid (reason says why) */
  @ApiFen()
  amountFen: number;
  @ApiEnum(LineReason, 'LineReason')
  reason: LineReason;
}

/** Totals of a public notice: no personal data. */
export class PublicTotalsView extends SettlementTotalsView {
  /** institutions in the notice */
  @ApiInt({ minimum: 0 })
  institutions: number;
}

/** A published settlement in the public list (公示列表): the per-institution figures are in GET /public/settlements/{id}. */
export class PublicSettlementSummaryView {
  @ApiUuid()
  id: string;
  @ApiMonth()
  month: string;
  @ApiEnum(SettlementStatus, 'SettlementStatus')
  status: SettlementStatus;
  @ApiTimestamp()
  publishedAt: string | null;
  /** first day of the notice period (the day of publication, Asia/Shanghai) */
  @ApiDate({ nullable: true })
  noticeStartsOn: string | null;
  /** last day of the notice period: objections are taken until then */
  @ApiDate({ nullable: true })
  noticeEndsOn: string | null;
  totals: PublicTotalsView;
}

/** One institution in a public notice: name and totals, nothing about children. */
export class PublicNoticeInstitutionView {
  @ApiUuid()
  institutionId: string;
  @ApiExample('茌平区阳光托育中心')
  name: string;
  @ApiInt({ minimum: 0 })
  paidChildren: number;
  @ApiInt({ minimum: 0 })
  secondChildCount: number;
  @ApiInt({ minimum: 0 })
  thirdChildCount: number;
  @ApiFen()
  adjustmentFen: number;
  @ApiFen()
  amountFen: number;
}

/** The public notice (公示) of a published settlement. */
export class PublicNoticeView extends PublicSettlementSummaryView {
  /** where objections to the notice go (NOTICE_OBJECTIONS_TO) */
  @ApiExample('茌平区卫生健康局（工作日来电、来函或到窗口反映）')
  objectionsTo: string;
  /** by institution name */
  institutions: PublicNoticeInstitutionView[];
}
