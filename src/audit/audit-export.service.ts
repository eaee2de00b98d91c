import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_ACTION_LABELS, label, ROLE_LABELS } from '../common/i18n/labels';
import type { Actor } from '../common/request-context';
import { shanghaiTimestamp } from '../common/month';
import type { ExportCell, ExportColumn } from '../finance/export-layout';
import { ExportFile, tableFile } from '../finance/table-file';
import { Clock } from '../infra/clock/clock';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { AuditLogFilter, AuditLogRepository } from './audit-log.repository';
import { AuditService } from './audit.service';
import type { AuditExportQuery } from './dto/audit-query.dto';

const BATCH = 2000;

export const AUDIT_COLUMNS: readonly ExportColumn[] = [
  { title: '序号', width: 8, type: 'text' },
  { title: '时间', width: 22, type: 'text' },
  { title: '操作', width: 16, type: 'text' },
  { title: '操作代码', width: 22, type: 'text' },
  { title: '对象类型', width: 14, type: 'text' },
  { title: '对象编号', width: 20, type: 'text' },
  { title: '操作人', width: 14, type: 'text' },
  { title: '角色', width: 12, type: 'text' },
  { title: '变更前', width: 36, type: 'text' },
  { title: '变更后', width: 36, type: 'text' },
  { title: '请求编号', width: 20, type: 'text' },
  { title: 'IP', width: 14, type: 'text' },
];

const json = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value));

/** The audit log (already masked) as a file, oldest first, with the list's filters; the download is itself audited. */
@Injectable()
export class AuditExportService {
  constructor(
    private readonly repo: AuditLogRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async exportFile(query: AuditExportQuery, actor: Actor): Promise<ExportFile> {
    const { format = 'xlsx', ...filters } = query;
    const where: AuditLogFilter = {
      entityType: filters.entityType,
      entityId: filters.entityId,
      actorId: filters.actorId,
      action: filters.action,
      at: filters.from || filters.to ? { gte: filters.from, lt: filters.to } : undefined,
    };
    await this.audit.recordAlone({ action: 'EXPORT_GENERATED', entityType: 'AuditLog', after: { file: 'AuditLog', format, ...filters } });
    const repo = this.repo;
    async function* body(): AsyncGenerator<ExportCell[]> {
      let cursor: bigint | undefined;
      for (;;) {
        const rows = await repo.matchingAfter(where, cursor, BATCH);
        const actorIds = [...new Set(rows.map((r) => r.actorId).filter((id): id is string => !!id))];
        const users = await repo.actorNames(actorIds);
        const names = new Map(users.map((u) => [u.id, u.username]));
        for (const r of rows) {
          yield [
            r.id.toString(),
            shanghaiTimestamp(r.at),
            label(AUDIT_ACTION_LABELS, r.action),
            r.action,
            r.entityType,
            r.entityId ?? '',
            r.actorId ? (names.get(r.actorId) ?? r.actorId) : '',
            label(ROLE_LABELS, r.role),
            json(r.before),
            json(r.after),
            r.requestId ?? '',
            r.ip ?? '',
          ];
        }
        if (rows.length < BATCH) return;
        cursor = rows[rows.length - 1].id;
      }
    }
    const range = [filters.from ? shanghaiTimestamp(filters.from) : '', filters.to ? shanghaiTimestamp(filters.to) : ''];
    return tableFile(
      {
        title: `${this.config.districtName}托育补贴系统审计日志`,
        meta: [
          ['时间范围', range[0] || range[1] ? `${range[0] || '最早'} 至 ${range[1] || '现在'}` : '全部'],
          ['筛选', [filters.action, filters.entityType, filters.entityId, filters.actorId].filter(Boolean).join('，') || '无'],
        ],
        columns: AUDIT_COLUMNS,
        sheetName: '审计日志',
        fileName: { utf8: `${this.config.districtName}托育补贴审计日志`, ascii: 'audit-log' },
        generatedAt: this.clock.now(),
        generatedBy: actor.username,
      },
      format,
      body(),
    );
  }
}
