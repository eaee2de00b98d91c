import { Global, Module } from '@nestjs/common';
import { AuditChainService } from './audit-chain.service';
import { AuditExportService } from './audit-export.service';
import { AuditQueryService } from './audit-query.service';
import { AuditRefusals } from './audit-refusals.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditQueryService, AuditExportService, AuditChainService, AuditRefusals],
  exports: [AuditService],
})
export class AuditModule {}
