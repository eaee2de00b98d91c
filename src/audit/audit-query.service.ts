import { Inject, Injectable } from '@nestjs/common';
import { Page, skipTake, toPage } from '../common/pagination';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { AuditLog, AuditLogFilter, AuditLogRepository } from './audit-log.repository';
import { ChainWalk } from './audit-chain';
import { AuditLogView, AuditVerifyView } from './audit-log.view';
import { AuditQuery } from './dto/audit-query.dto';

const VERIFY_BATCH = 2000;

function view(row: AuditLog): AuditLogView {
  return { ...row, id: row.id.toString(), at: row.at.toISOString() };
}

@Injectable()
export class AuditQueryService {
  constructor(
    private readonly repo: AuditLogRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(query: AuditQuery): Promise<Page<AuditLogView>> {
    const where: AuditLogFilter = {
      entityType: query.entityType,
      entityId: query.entityId,
      actorId: query.actorId,
      action: query.action,
      at: query.from || query.to ? { gte: query.from, lt: query.to } : undefined,
    };
    const [rows, total] = await this.repo.page(where, skipTake(query));
    return toPage(rows.map(view), total, query);
  }

  /**
   * Recomputes the whole chain in id order with the chain key (which the database does not hold); reports the
   * first entry whose hash or link does not match (see ChainWalk).
   */
  async verify(): Promise<AuditVerifyView> {
    const walk = new ChainWalk(this.config.audit.chainKey);
    let cursor: bigint | undefined;
    for (;;) {
      const rows = await this.repo.chainAfter(cursor, VERIFY_BATCH);
      for (const row of rows) if (!walk.step(row)) return walk.verdict();
      if (rows.length < VERIFY_BATCH) return walk.verdict();
      cursor = rows[rows.length - 1].id;
    }
  }
}
