import { Controller, Get, Header, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { PageQuery } from '../common/pagination';
import { ApiOk, ApiPage } from '../infra/http/api-docs';
import { PublicNoticeService } from './public-notice.service';
import { PublicNoticeView, PublicSettlementSummaryView } from './settlement.view';

@ApiTags('public')
@Controller('public/settlements')
export class PublicSettlementController {
  constructor(private readonly notices: PublicNoticeService) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({
    summary: '公示：已公示的结算',
    description:
      'Published settlements (PUBLISHED, APPROVED, PAID), newest month first: id, month, status, publishedAt, the notice ' +
      'period (noticeStartsOn–noticeEndsOn, NOTICE_PERIOD_DAYS from the day of publication) and totals. ' +
      'No personal data; the institutions of a month are in GET /public/settlements/{id}.',
  })
  @ApiPage(PublicSettlementSummaryView)
  list(@Query() query: PageQuery) {
    return this.notices.list(query);
  }

  @Get(':id')
  @Public()
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({
    summary: '公示：某月结算',
    description:
      'Public notice (公示) of a published settlement: institution names and totals, no personal data; the notice period ' +
      'and where objections go (objectionsTo, NOTICE_OBJECTIONS_TO).',
  })
  @ApiOk(PublicNoticeView)
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.notices.notice(id);
  }
}
