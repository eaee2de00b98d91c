import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiOk } from '../infra/http/api-docs';
import { CapacityReportView } from './capacity.view';
import { StatsService } from './stats.service';

@ApiTags('statistics')
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('capacity')
  @Roles('admin', 'finance', 'auditor')
  @ApiOperation({
    summary: '托位统计（千人托位数）',
    description:
      'Childcare capacity: per township `{ code, name, population, approvedSlots, slotsPer1000, meetsTarget, inclusiveSlots, inclusiveShare }` over FILED institutions, and the district total, against the target of 5 slots per 1,000 population.',
  })
  @ApiOk(CapacityReportView)
  capacity() {
    return this.stats.capacity();
  }
}
