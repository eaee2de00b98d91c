import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { PublicInstitutionQuery } from './dto/institution.dto';
import { InstitutionsService } from './institutions.service';

/** Public disclosure (信息公示) of filed institutions: no sign-in, cacheable, never bank accounts or personal data. */
@ApiTags('public')
@Controller('public/institutions')
export class PublicInstitutionsController {
  constructor(private readonly institutions: InstitutionsService) {}

  /**
   * FILED institutions: name, kind, address, township, approvedSlots, inclusive, guidancePriceFen (this month),
   * filingNumber, creditRating. Filters township, kind, inclusive. Cached for 5 minutes.
   */
  @Get()
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  list(@Query() query: PublicInstitutionQuery) {
    return this.institutions.publicList(query);
  }
}
