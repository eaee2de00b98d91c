import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import { PageQuery } from '../common/pagination';
import type { Actor } from '../common/request-context';
import { SummaryQuery } from './dto/finance.dto';
import { ReconciliationService } from './reconciliation.service';
import { SummaryService } from './summary.service';

@ApiTags('finance')
@ApiBearerAuth()
@Controller()
export class FinanceController {
  constructor(
    private readonly summaries: SummaryService,
    private readonly reconciliation: ReconciliationService,
  ) {}

  /** The year at a glance: subsidies owed (approved/paid settlements) and paid per month; grants per funding source. */
  @Get('finance/summary')
  @Roles('finance', 'admin', 'auditor')
  summary(@Query() query: SummaryQuery) {
    return this.summaries.summary(query.year);
  }

  /** An institution's payment status per approved or paid settlement, newest month first. Operators: own institution only. */
  @Get('institutions/:id/payments')
  @Roles(...ANY_ROLE)
  institutionPayments(@Param('id', ParseUUIDPipe) id: string, @Query() query: PageQuery, @CurrentActor() actor: Actor) {
    return this.reconciliation.institutionPayments(id, query, actor);
  }
}
