import { Controller, Get, Param, Put, Query } from '@nestjs/common';
import { Body } from '../infra/http/route-decorators';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import { PageQuery } from '../common/pagination';
import { ApiOk, ApiPage } from '../infra/http/api-docs';
import { PutTownshipDto } from './dto/township.dto';
import { TownshipView } from './institution.view';
import { TownshipsService } from './townships.service';

@ApiTags('townships')
@Controller('townships')
export class TownshipsController {
  constructor(private readonly townships: TownshipsService) {}

  @Put(':code')
  @Roles('admin')
  @ApiOperation({
    summary: '设置乡镇（街道）人口',
    description: 'Creates or replaces a township / street (乡镇/街道) with its population: `{ name, population }`.',
  })
  @ApiOk(TownshipView)
  put(@Param('code') code: string, @Body() body: PutTownshipDto) {
    return this.townships.put(code, body);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: '乡镇（街道）列表',
    description: 'Townships by code (any signed-in role: operators pick theirs when editing a filing).',
  })
  @ApiPage(TownshipView)
  list(@Query() query: PageQuery) {
    return this.townships.list(query);
  }
}
