import { Controller, Get, Param, Put, Query } from '@nestjs/common';
import { Body } from '../infra/http/route-decorators';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiErrors, ApiOk, ApiPage } from '../infra/http/api-docs';
import { BudgetView } from './budget.view';
import { BudgetsService } from './budgets.service';
import { BudgetParams, BudgetQuery, SetBudgetDto } from './dto/budget.dto';

@ApiTags('grants')
@Controller('budgets')
export class BudgetsController {
  constructor(private readonly budgets: BudgetsService) {}

  @Put(':year/:source')
  @Roles('admin')
  @ApiOperation({
    summary: '设置年度预算',
    description: 'Sets the annual budget of a funding source; 409 BUDGET_BELOW_COMMITTED below what approved grants already use.',
  })
  @ApiOk(BudgetView)
  @ApiErrors({ 409: ['BUDGET_BELOW_COMMITTED'] })
  set(@Param() params: BudgetParams, @Body() body: SetBudgetDto) {
    return this.budgets.set(params.year, params.source, body.amountFen);
  }

  @Get()
  @Roles('admin', 'finance', 'auditor')
  @ApiOperation({ summary: '预算列表', description: 'Budgets with `amountFen, committedFen, remainingFen`; filter `year`.' })
  @ApiPage(BudgetView)
  list(@Query() query: BudgetQuery) {
    return this.budgets.list(query);
  }
}
