import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { ApiPage } from '../infra/http/api-docs';
import { PublicInstitutionQuery } from './dto/institution.dto';
import { PublicInstitutionView } from './institution.view';
import { InstitutionsService } from './institutions.service';

/** Public disclosure (信息公示) of filed institutions: no sign-in, cacheable, never bank accounts or personal data. */
@ApiTags('public')
@Controller('public/institutions')
export class PublicInstitutionsController {
  constructor(private readonly institutions: InstitutionsService) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    summary: '公示：已备案机构',
    description:
      'FILED institutions: name, kind, address, township, approvedSlots, inclusive, guidancePriceFen (this month), filingNumber, creditRating. Filters township, kind, inclusive. Cached for 5 minutes.',
  })
  @ApiPage(PublicInstitutionView)
  list(@Query() query: PublicInstitutionQuery) {
    return this.institutions.publicList(query);
  }
}
