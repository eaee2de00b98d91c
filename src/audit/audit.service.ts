import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { currentContext } from '../common/request-context';
import { PrismaService, Tx } from '../infra/database/prisma.service';
import { auditHash, GENESIS_HASH } from './audit-hash';
import { sanitizeForAudit } from './audit-sanitize';
import { Clock } from '../infra/clock/clock';

export interface AuditEntry {
  /** e.g. INSTITUTION_FILED, ROSTER_SUBMITTED — past tense of what happened */
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

// Serialises writers of the chain: taken inside the caller's transaction, released at its commit.
const AUDIT_CHAIN_LOCK = 727_424_002;

@Injectable()
export class AuditService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  /**
   * Appends one entry inside the caller's transaction, so the entry exists exactly when the change does.
   * Call it last in the transaction: the chain lock is held until commit.
   */
  async record(tx: Tx, entry: AuditEntry): Promise<void> {
    const ctx = currentContext();
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
    const last = await tx.$queryRaw<{ hash: string }[]>`SELECT hash FROM audit_logs ORDER BY id DESC LIMIT 1`;
    const prevHash = last[0]?.hash ?? GENESIS_HASH;
    const content = {
      at: this.clock.now(),
      actorId: ctx?.actor?.id ?? null,
      role: ctx?.actor?.role ?? (ctx?.actor ? null : 'system'),
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      before: sanitizeForAudit(entry.before),
      after: sanitizeForAudit(entry.after),
      requestId: ctx?.requestId ?? null,
      ip: ctx?.ip ?? null,
    };
    await tx.auditLog.create({
      data: {
        ...content,
        before: content.before === null ? Prisma.DbNull : (content.before as Prisma.InputJsonValue),
        after: content.after === null ? Prisma.DbNull : (content.after as Prisma.InputJsonValue),
        prevHash,
        hash: auditHash(prevHash, content),
      },
    });
  }

  /** For changes that have no transaction of their own (e.g. a refused access attempt). */
  async recordAlone(entry: AuditEntry): Promise<void> {
    await this.prisma.$transaction((tx) => this.record(tx, entry));
  }
}
