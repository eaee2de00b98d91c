import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { ApiOk } from '../infra/http/api-docs';
import { PublicTownshipListView } from './township.view';
import { TownshipsService } from './townships.service';

/** Township names for the public directory's filter (信息公示): code and name only. */
@ApiTags('public')
@Controller('public/townships')
export class PublicTownshipsController {
  constructor(private readonly townships: TownshipsService) {}

  /** Every township / street `{ code, name }`, by code. Cached for 5 minutes. */
  @Get()
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    summary: '公示：乡镇（街道）列表',
    description: 'Every township / street `{ code, name }`, by code. Cached for 5 minutes.',
  })
  @ApiOk(PublicTownshipListView)
  list() {
    return this.townships.publicList();
  }
}
