import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { ChildrenModule } from '../children/children.module';
import { RegistryModule } from '../registry/registry.module';
import { SettledMonthsModule } from '../settlement/settled-months.module';
import { StaffModule } from '../staff/staff.module';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { BirthOrderClaims } from './birth-order-claims';
import { RostersController } from './rosters.controller';
import { RostersRepository } from './rosters.repository';
import { RostersService } from './rosters.service';

/** Monthly rosters: upload (JSON, CSV, XLSX), validation, review workflow, corrections. */
@Module({
  imports: [
    ChildrenModule,
    RegistryModule,
    SettledMonthsModule,
    StaffModule,
    // no storage option: multer keeps the upload in memory (a roster file is small), capped by UPLOAD_LIMIT_BYTES (413 above it)
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 5, parts: 6 },
      }),
    }),
  ],
  controllers: [RostersController],
  providers: [RostersService, RostersRepository, BirthOrderClaims],
  exports: [RostersRepository],
})
export class RostersModule {}
