import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { CurrentActor } from '../auth/current-actor.decorator';
import type { Actor } from '../common/request-context';
import { ApiErrors, ApiFile, ApiOk, ApiPage } from '../infra/http/api-docs';
import { AuditExportService } from './audit-export.service';
import { failedStream } from '../finance/settlement-finance.controller';
import { AuditLogView, AuditVerifyView } from './audit-log.view';
import { AuditQueryService } from './audit-query.service';
import { AuditExportQuery, AuditQuery } from './dto/audit-query.dto';

@ApiTags('audit')
@Controller('audit-logs')
export class AuditController {
  constructor(
    private readonly audit: AuditQueryService,
    private readonly exports: AuditExportService,
  ) {}

  @Get()
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: '审计日志', description: 'Newest first; filters `entityType, entityId, actorId, action, from, to`.' })
  @ApiPage(AuditLogView)
  list(@Query() query: AuditQuery) {
    return this.audit.list(query);
  }

  @Get('export')
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary: '下载审计日志',
    description:
      'The audit log as XLSX or CSV, oldest first, with the filters of the list (`entityType, entityId, actorId, action, from, to`); ' +
      'actions and roles in Chinese next to their codes. The download is itself audited (EXPORT_GENERATED).',
  })
  @ApiFile({
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '`format=xlsx`（默认）',
    'text/csv': '`format=csv`（UTF-8 带 BOM）',
  })
  @ApiErrors({ 500: ['INTERNAL_ERROR'] })
  async exportFile(@Query() query: AuditExportQuery, @CurrentActor() actor: Actor): Promise<StreamableFile> {
    const file = await this.exports.exportFile(query, actor);
    return new StreamableFile(file.stream, { type: file.contentType, disposition: file.disposition }).setErrorHandler(failedStream);
  }

  @Get('verify')
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: '校验审计日志哈希链', description: 'Recomputes the hash chain: `{ valid, checked, firstBrokenId? }`.' })
  @ApiOk(AuditVerifyView)
  verify() {
    return this.audit.verify();
  }
}
