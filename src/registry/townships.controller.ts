import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, Roles } from '../auth/roles.decorator';
import { PageQuery } from '../common/pagination';
import { PutTownshipDto } from './dto/township.dto';
import { TownshipsService } from './townships.service';

@ApiTags('townships')
@ApiBearerAuth()
@Controller('townships')
export class TownshipsController {
  constructor(private readonly townships: TownshipsService) {}

  /** Creates or replaces a township / street (乡镇/街道) with its population: `{ name, population }`. */
  @Put(':code')
  @Roles('admin')
  put(@Param('code') code: string, @Body() body: PutTownshipDto) {
    return this.townships.put(code, body);
  }

  /** Townships by code (any signed-in role: operators pick theirs when editing a filing). */
  @Get()
  @Roles(...ANY_ROLE)
  list(@Query() query: PageQuery) {
    return this.townships.list(query);
  }
}
