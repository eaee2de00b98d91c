import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/request-context';
import { ExportQuery } from '../finance/dto/finance.dto';
import { failedStream } from '../finance/settlement-finance.controller';
import { ApiErrors, ApiFile, ApiOk } from '../infra/http/api-docs';
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

  @Get('capacity/export')
  @Roles('admin', 'finance', 'auditor')
  @ApiOperation({
    summary: '下载托位统计',
    description:
      'The capacity report as XLSX or CSV: one row per township (population, FILED institutions, approved slots, slots per 1,000, ' +
      'whether the target is met, inclusive slots and share), the institutions without a registered township, and the district total.',
  })
  @ApiFile({
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '`format=xlsx`（默认）',
    'text/csv': '`format=csv`（UTF-8 带 BOM）',
  })
  @ApiErrors({ 500: ['INTERNAL_ERROR'] })
  async capacityExport(@Query() query: ExportQuery, @CurrentActor() actor: Actor): Promise<StreamableFile> {
    const file = await this.stats.capacityFile(query.format ?? 'xlsx', actor);
    return new StreamableFile(file.stream, { type: file.contentType, disposition: file.disposition }).setErrorHandler(failedStream);
  }
}
