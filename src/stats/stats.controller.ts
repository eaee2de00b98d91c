import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { StatsService } from './stats.service';

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  /**
   * Childcare capacity: per township `{ code, name, population, approvedSlots, slotsPer1000, meetsTarget, inclusiveSlots,
   * inclusiveShare }` over FILED institutions, and the district total, against the target of 5 slots per 1,000 population.
   */
  @Get('capacity')
  @Roles('admin', 'finance', 'auditor')
  capacity() {
    return this.stats.capacity();
  }
}
