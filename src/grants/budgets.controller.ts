import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { BudgetsService } from './budgets.service';
import { BudgetParams, BudgetQuery, SetBudgetDto } from './dto/budget.dto';

@ApiTags('grants')
@ApiBearerAuth()
@Controller('budgets')
export class BudgetsController {
  constructor(private readonly budgets: BudgetsService) {}

  /** Sets the annual budget of a funding source; 409 BUDGET_BELOW_COMMITTED below what approved grants already use. */
  @Put(':year/:source')
  @Roles('admin')
  set(@Param() params: BudgetParams, @Body() body: SetBudgetDto) {
    return this.budgets.set(params.year, params.source, body.amountFen);
  }

  /** Budgets with `amountFen, committedFen, remainingFen`; filter `year`. */
  @Get()
  @Roles('admin', 'finance', 'auditor')
  list(@Query() query: BudgetQuery) {
    return this.budgets.list(query);
  }
}
