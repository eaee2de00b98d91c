import { Global, Module } from '@nestjs/common';
import { REFUSAL_LOG } from '../infra/http/refusal-log';
import { AuditChainRepository } from './audit-chain.repository';
import { AuditExportService } from './audit-export.service';
import { AuditLogRepository } from './audit-log.repository';
import { AuditQueryService } from './audit-query.service';
import { AuditRefusalsRepository } from './audit-refusals.repository';
import { AuditRefusals } from './audit-refusals.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Global()
@Module({
  controllers: [AuditController],
  providers: [
    AuditService,
    AuditQueryService,
    AuditExportService,
    AuditChainRepository,
    AuditLogRepository,
    AuditRefusals,
    AuditRefusalsRepository,
    // the HTTP layer's port for refused attempts (infra imports no domain module)
    { provide: REFUSAL_LOG, useExisting: AuditService },
  ],
  exports: [AuditService, REFUSAL_LOG],
})
export class AuditModule {}
