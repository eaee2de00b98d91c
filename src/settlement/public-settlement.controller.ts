import { Controller, Get, Header, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { SettlementService } from './settlement.service';

@ApiTags('public')
@Controller('public/settlements')
export class PublicSettlementController {
  constructor(private readonly settlements: SettlementService) {}

  /** Public notice (公示) of a published settlement: institution names and totals, no personal data. */
  @Get(':id')
  @Public()
  @Header('Cache-Control', 'public, max-age=60')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.settlements.publicNotice(id);
  }
}
