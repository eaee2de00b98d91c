import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import type { Tx } from '../infra/database/prisma.service';
import { auditHash, GENESIS_HASH, HashedContent } from './audit-hash';

// Serialises writers of the chain: taken inside the caller's transaction, released at its commit.
export const AUDIT_CHAIN_LOCK = 727_424_002;

const json = (value: unknown) => (value === null || value === undefined ? Prisma.DbNull : (value as Prisma.InputJsonValue));

/** The only writer of audit_logs: appends entries to the keyed hash chain, one writer at a time. */
@Injectable()
export class AuditChainRepository {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = config.audit.chainKey;
  }

  /** Appends entries in order inside the caller's transaction; the chain lock is held until it commits. */
  async append(tx: Tx, contents: HashedContent[]): Promise<void> {
    if (!contents.length) return;
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
    const last = await tx.$queryRaw<{ hash: string }[]>`SELECT hash FROM audit_logs ORDER BY id DESC LIMIT 1`;
    let prevHash = last[0]?.hash ?? GENESIS_HASH;
    const rows = contents.map((content) => {
      const hash = auditHash(this.key, prevHash, content);
      const row = { ...content, before: json(content.before), after: json(content.after), prevHash, hash };
      prevHash = hash;
      return row;
    });
    await tx.auditLog.createMany({ data: rows });
  }
}
