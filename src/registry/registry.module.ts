import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { SettledMonthsModule } from '../settlement/settled-months.module';
import { DesignationsRepository } from './designations.repository';
import { EligibilityRepository } from './eligibility.repository';
import { FilingService } from './filing.service';
import { InstitutionsController } from './institutions.controller';
import { InstitutionsRepository } from './institutions.repository';
import { InstitutionsService } from './institutions.service';
import { PublicInstitutionsController } from './public-institutions.controller';
import { PublicTownshipsController } from './public-townships.controller';
import { SupervisionController } from './supervision.controller';
import { SupervisionRepository } from './supervision.repository';
import { SupervisionService } from './supervision.service';
import { TownshipsController } from './townships.controller';
import { TownshipsRepository } from './townships.repository';
import { TownshipsService } from './townships.service';

/** The register of childcare institutions: filing workflow, inclusive designation, supervision, public list, townships. */
@Module({
  imports: [DocumentsModule, SettledMonthsModule],
  controllers: [
    InstitutionsController,
    SupervisionController,
    PublicInstitutionsController,
    PublicTownshipsController,
    TownshipsController,
  ],
  providers: [
    EligibilityRepository,
    InstitutionsRepository,
    DesignationsRepository,
    SupervisionRepository,
    TownshipsRepository,
    InstitutionsService,
    FilingService,
    SupervisionService,
    TownshipsService,
  ],
  exports: [EligibilityRepository],
})
export class RegistryModule {}
