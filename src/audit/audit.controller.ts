import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { AuditQueryService } from './audit-query.service';
import { AuditQuery } from './dto/audit-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-logs')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @Roles('admin', 'auditor')
  list(@Query() query: AuditQuery) {
    return this.audit.list(query);
  }

  /** Recomputes the hash chain: `{ valid, checked, firstBrokenId? }`. */
  @Get('verify')
  @Roles('admin', 'auditor')
  verify() {
    return this.audit.verify();
  }
}
