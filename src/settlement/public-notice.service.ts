import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors';
import { shanghaiToday } from '../common/month';
import { Page, PageQuery, skipTake, toPage } from '../common/pagination';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { SettlementInstitutionsRepository } from './settlement-institutions.repository';
import { Settlement, SettlementFilter, SettlementRunsRepository } from './settlement-runs.repository';
import { isPublished, PUBLISHED_STATUSES } from './settlement-status';
import { PublicNoticeView, PublicSettlementSummaryView } from './settlement.view';

/**
 * The public notice (公示) of the monthly settlements: institution names and totals, never anything about a child;
 * the notice period (NOTICE_PERIOD_DAYS from the day of publication, Asia/Shanghai) and where objections go.
 */
@Injectable()
export class PublicNoticeService {
  constructor(
    private readonly runs: SettlementRunsRepository,
    private readonly parts: SettlementInstitutionsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Published settlements, newest month first, with their totals only: each institution's figures are in the notice. */
  async list(query: PageQuery): Promise<Page<PublicSettlementSummaryView>> {
    const where: SettlementFilter = { status: { in: [...PUBLISHED_STATUSES] } };
    const [rows, total] = await this.runs.page(where, skipTake(query));
    const institutions = await this.parts.countParts(rows.map((s) => s.id));
    return toPage(
      rows.map((s) => this.summary(s, institutions.get(s.id) ?? 0)),
      total,
      query,
    );
  }

  /** One notice: only once published. */
  async notice(id: string): Promise<PublicNoticeView> {
    const s = await this.runs.findById(id);
    if (!s || !isPublished(s.status)) throw new NotFoundError('Settlement');
    const parts = await this.parts.partsByName(id);
    return {
      ...this.summary(s, parts.length),
      objectionsTo: this.config.notice.objectionsTo,
      institutions: parts.map((p) => ({
        institutionId: p.institutionId,
        name: p.institution.name,
        paidChildren: p.paidChildren,
        secondChildCount: p.secondChildCount,
        thirdChildCount: p.thirdChildCount,
        adjustmentFen: Number(p.adjustmentFen),
        amountFen: Number(p.amountFen),
      })),
    };
  }

  private summary(s: Settlement, institutions: number): PublicSettlementSummaryView {
    const period = noticePeriod(s.publishedAt, this.config.notice.periodDays);
    return {
      id: s.id,
      month: s.month,
      status: s.status,
      publishedAt: s.publishedAt?.toISOString() ?? null,
      noticeStartsOn: period?.startsOn ?? null,
      noticeEndsOn: period?.endsOn ?? null,
      totals: {
        institutions,
        paidChildren: s.paidChildren,
        secondChildCount: s.secondChildCount,
        thirdChildCount: s.thirdChildCount,
        amountFen: Number(s.amountFen),
      },
    };
  }
}

/** The notice runs `days` calendar days from the day of publication in Asia/Shanghai, both ends included. */
export function noticePeriod(publishedAt: Date | null, days: number): { startsOn: string; endsOn: string } | null {
  if (!publishedAt) return null;
  const startsOn = shanghaiToday(publishedAt);
  const end = new Date(`${startsOn}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + days - 1);
  return { startsOn, endsOn: end.toISOString().slice(0, 10) };
}
