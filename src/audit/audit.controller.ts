import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiOk, ApiPage } from '../infra/http/api-docs';
import { AuditLogView, AuditVerifyView } from './audit-log.view';
import { AuditQueryService } from './audit-query.service';
import { AuditQuery } from './dto/audit-query.dto';

@ApiTags('audit')
@Controller('audit-logs')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: '审计日志', description: 'Newest first; filters `entityType, entityId, actorId, action, from, to`.' })
  @ApiPage(AuditLogView)
  list(@Query() query: AuditQuery) {
    return this.audit.list(query);
  }

  @Get('verify')
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: '校验审计日志哈希链', description: 'Recomputes the hash chain: `{ valid, checked, firstBrokenId? }`.' })
  @ApiOk(AuditVerifyView)
  verify() {
    return this.audit.verify();
  }
}
