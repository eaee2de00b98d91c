import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import { PageQuery } from '../common/pagination';
import type { Actor } from '../common/request-context';
import { ApiOk, ApiPage } from '../infra/http/api-docs';
import { SummaryQuery } from './dto/finance.dto';
import { FinanceSummaryView, InstitutionPaymentStatusView } from './finance.view';
import { ReconciliationService } from './reconciliation.service';
import { SummaryService } from './summary.service';

@ApiTags('finance')
@Controller()
export class FinanceController {
  constructor(
    private readonly summaries: SummaryService,
    private readonly reconciliation: ReconciliationService,
  ) {}

  @Get('finance/summary')
  @Roles('finance', 'admin', 'auditor')
  @ApiOperation({
    summary: '财政年度概览',
    description: 'The year at a glance: subsidies owed (approved/paid settlements) and paid per month; grants per funding source.',
  })
  @ApiOk(FinanceSummaryView)
  summary(@Query() query: SummaryQuery) {
    return this.summaries.summary(query.year);
  }

  @Get('institutions/:id/payments')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: '机构的补贴支付情况',
    description: "An institution's payment status per approved or paid settlement, newest month first. Operators: own institution only.",
  })
  @ApiPage(InstitutionPaymentStatusView)
  institutionPayments(@Param('id', ParseUUIDPipe) id: string, @Query() query: PageQuery, @CurrentActor() actor: Actor) {
    return this.reconciliation.institutionPayments(id, query, actor);
  }
}
