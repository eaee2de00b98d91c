import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { Page, skipTake, toPage } from '../common/pagination';
import { PrismaService } from '../infra/database/prisma.service';
import { auditHash, GENESIS_HASH } from './audit-hash';
import { AuditLogView, AuditVerifyView } from './audit-log.view';
import { AuditQuery } from './dto/audit-query.dto';

const VERIFY_BATCH = 2000;

type AuditRow = Prisma.AuditLogGetPayload<object>;

function view(row: AuditRow): AuditLogView {
  return { ...row, id: row.id.toString(), at: row.at.toISOString() };
}

@Injectable()
export class AuditQueryService {
  constructor(private readonly prisma: PrismaService) {}

  async list(query: AuditQuery): Promise<Page<AuditLogView>> {
    const where: Prisma.AuditLogWhereInput = {
      entityType: query.entityType,
      entityId: query.entityId,
      actorId: query.actorId,
      action: query.action,
      at: query.from || query.to ? { gte: query.from, lt: query.to } : undefined,
    };
    const [rows, total] = await Promise.all([
      this.prisma.auditLog.findMany({ where, orderBy: { id: 'desc' }, ...skipTake(query) }),
      this.prisma.auditLog.count({ where }),
    ]);
    return toPage(rows.map(view), total, query);
  }

  /** Recomputes the whole chain in id order; reports the first entry whose hash or link does not match. */
  async verify(): Promise<AuditVerifyView> {
    let prevHash = GENESIS_HASH;
    let cursor: bigint | undefined;
    let checked = 0;
    for (;;) {
      const rows = await this.prisma.auditLog.findMany({
        where: cursor === undefined ? undefined : { id: { gt: cursor } },
        orderBy: { id: 'asc' },
        take: VERIFY_BATCH,
      });
      for (const row of rows) {
        const expected = auditHash(prevHash, row);
        if (row.prevHash !== prevHash || row.hash !== expected) {
          return { valid: false, checked, firstBrokenId: row.id.toString() };
        }
        prevHash = row.hash;
        checked += 1;
      }
      if (rows.length < VERIFY_BATCH) return { valid: true, checked };
      cursor = rows[rows.length - 1].id;
    }
  }
}
