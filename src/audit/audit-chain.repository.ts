import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import type { Tx } from '../infra/database/prisma.service';
import { auditHash, GENESIS_HASH, HashedContent } from './audit-hash';

// Serialises writers of the chain: taken inside the caller's transaction, released at its commit.
export const AUDIT_CHAIN_LOCK = 727_424_002;

// jsonb text for the insert; SQL NULL for none (as Prisma's DbNull)
const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

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
    // the lock and the head in one round trip (the function reads the head after the lock is granted): the lock is
    // held from here to commit, so the fewer round trips until then, the more writers per second the chain takes
    const [head] = await tx.$queryRaw<{ hash: string | null }[]>`SELECT audit_chain_head(${AUDIT_CHAIN_LOCK}::bigint) AS hash`;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const rows = contents.map((content) => {
      const hash = auditHash(this.key, prevHash, content);
      const row = { ...content, prevHash, hash };
      prevHash = hash;
      return row;
    });
    // one plain statement while the lock is held (a model createMany costs several times its round trip in the client);
    // WITH ORDINALITY keeps the chain order in the ids
    const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
    await tx.$executeRaw`
      INSERT INTO audit_logs (at, "actorId", role, action, "entityType", "entityId", before, after, "requestId", ip, "prevHash", hash)
      SELECT u.at, u.actor, u.role, u.action, u.type, u.entity, u.before, u.after, u.request, u.ip, u.prev, u.hash
        FROM unnest(${col((r) => r.at)}::timestamptz[], ${col((r) => r.actorId)}::uuid[], ${col((r) => r.role)}::text[],
                    ${col((r) => r.action)}::text[], ${col((r) => r.entityType)}::text[], ${col((r) => r.entityId)}::text[],
                    ${col((r) => json(r.before))}::jsonb[], ${col((r) => json(r.after))}::jsonb[], ${col((r) => r.requestId)}::text[],
                    ${col((r) => r.ip)}::text[], ${col((r) => r.prevHash)}::text[], ${col((r) => r.hash)}::text[])
             WITH ORDINALITY AS u(at, actor, role, action, type, entity, before, after, request, ip, prev, hash, n)
       ORDER BY u.n`;
  }
}
