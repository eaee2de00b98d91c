import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/database/prisma.service';
import type { Tx } from '../infra/database/transactions';

/** How many counted refusals one summary transaction moves into the chain. */
export const SUMMARY_BATCH = 500;

/** A counted refusal's identity within its window (everything but the count and times). */
export interface RefusalBucket {
  action: string;
  actorId: string | null;
  role: string | null;
  ip: string | null;
  entityType: string;
  entityId: string | null;
  after: unknown;
}

export interface CountedRefusal {
  action: string;
  actorId: string | null;
  role: string | null;
  ip: string | null;
  entityType: string;
  entityId: string | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  count: number;
  firstAt: Date;
  lastAt: Date;
}

/** Every database access of audit_refusals (the counters of refused attempts; AuditRefusals holds the rules). */
@Injectable()
export class AuditRefusalsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Counts one refusal in its window's row (`bucket`: the hash of `same`), creating the row for the first. */
  async count(windowStart: Date, bucket: string, same: RefusalBucket, requestId: string | null, now: Date): Promise<void> {
    await this.prisma.$executeRaw`
        INSERT INTO audit_refusals ("windowStart", "bucket", "action", "actorId", "role", "ip", "entityType", "entityId",
                                    "after", "requestId", "count", "firstAt", "lastAt")
        VALUES (${windowStart}, ${bucket}, ${same.action}, ${same.actorId}::uuid, ${same.role}, ${same.ip}, ${same.entityType},
                ${same.entityId}, ${JSON.stringify(same.after)}::jsonb, ${requestId}, 1, ${now}, ${now})
        ON CONFLICT ("windowStart", "bucket") DO UPDATE
        SET "count" = audit_refusals."count" + 1, "lastAt" = GREATEST(audit_refusals."lastAt", EXCLUDED."lastAt")`;
  }

  /**
   * Deletes and returns up to SUMMARY_BATCH rows of windows that closed before `closedBefore` (or, with
   * `everything`, of every window), oldest first; rows another transaction holds are skipped.
   */
  takeBatch(tx: Tx, everything: boolean, closedBefore: Date) {
    return tx.$queryRaw<CountedRefusal[]>`
          DELETE FROM audit_refusals r USING (
            SELECT "windowStart", "bucket" FROM audit_refusals
            WHERE ${everything} OR "windowStart" < ${closedBefore}
            ORDER BY "firstAt" LIMIT ${SUMMARY_BATCH} FOR UPDATE SKIP LOCKED
          ) taken
          WHERE r."windowStart" = taken."windowStart" AND r."bucket" = taken."bucket"
          RETURNING r."action", r."actorId"::text AS "actorId", r."role", r."ip", r."entityType", r."entityId", r."after",
                    r."requestId", r."count", r."firstAt", r."lastAt"`;
  }
}
