import { Module } from '@nestjs/common';
import { GrantFundingModule } from '../grants/grant-funding.module';
import { RegistryLookupModule } from '../registry/registry-lookup.module';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { SettlementModule } from '../settlement/settlement.module';
import { ExportService } from './export.service';
import { FinanceController } from './finance.controller';
import { FinanceRepository } from './finance.repository';
import { PaymentsService } from './payments.service';
import { ReconciliationService } from './reconciliation.service';
import { ReportExportsService } from './report-exports.service';
import { SettlementFinanceController } from './settlement-finance.controller';
import { SummaryService } from './summary.service';

/** Finance bureau: payment files, payment records, reconciliation, the yearly overview (docs/finance.md). */
@Module({
  imports: [
    SettlementModule,
    RegistryLookupModule,
    GrantFundingModule,
    // no storage configured: multer keeps the (small) bank file in memory, it is never written to disk
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.uploadLimitBytes, files: 1 },
        // browsers send the file name as raw UTF-8 (e.g. 回单.csv); multer would read it as latin1
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [SettlementFinanceController, FinanceController],
  providers: [FinanceRepository, ExportService, PaymentsService, ReconciliationService, ReportExportsService, SummaryService],
})
export class FinanceModule {}
