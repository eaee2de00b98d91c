import { Injectable } from '@nestjs/common';
import type { AuditLog, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../infra/database/prisma.service';

export type { AuditLog };
/** The list's and the export's filters, as a query of audit_logs. */
export type AuditLogFilter = Prisma.AuditLogWhereInput;

/** The reads of audit_logs (the chain's only writer is AuditChainRepository). */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** A page of entries, newest first, and how many match. */
  page(where: AuditLogFilter, page: { skip: number; take: number }) {
    return Promise.all([this.prisma.auditLog.findMany({ where, orderBy: { id: 'desc' }, ...page }), this.prisma.auditLog.count({ where })]);
  }

  /** The next `take` entries of the whole chain after `cursor` (undefined: from the start), in id order. */
  chainAfter(cursor: bigint | undefined, take: number) {
    return this.prisma.auditLog.findMany({
      where: cursor === undefined ? undefined : { id: { gt: cursor } },
      orderBy: { id: 'asc' },
      take,
    });
  }

  /** The next `take` matching entries after `cursor` (undefined: from the start), in id order. */
  matchingAfter(where: AuditLogFilter, cursor: bigint | undefined, take: number) {
    return this.prisma.auditLog.findMany({
      where: cursor === undefined ? where : { AND: [where, { id: { gt: cursor } }] },
      orderBy: { id: 'asc' },
      take,
    });
  }

  /** The usernames of the given actors (a read of the users module's table, for the export's 操作人 column). */
  actorNames(actorIds: string[]) {
    return this.prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, username: true } });
  }
}
