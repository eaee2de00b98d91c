import { createHmac } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';

/** The hash of the first entry's predecessor. */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashedContent {
  at: Date;
  actorId: string | null;
  role: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
}

/**
 * What an entry's hash covers: its content and the previous entry's hash, as canonical JSON. Only the
 * HashedContent fields are taken, so a stored row (which also has id, hash, …) can be passed as it is.
 */
export function chainPayload(prevHash: string, c: HashedContent): string {
  return canonicalJson({
    at: c.at.toISOString(),
    actorId: c.actorId,
    role: c.role,
    action: c.action,
    entityType: c.entityType,
    entityId: c.entityId,
    before: c.before,
    after: c.after,
    requestId: c.requestId,
    ip: c.ip,
    prevHash,
  });
}

/**
 * Each entry's hash is an HMAC-SHA256, under AUDIT_CHAIN_KEY, of its content and the previous entry's hash. The key
 * is not in the database, so whoever can write the database can still not rewrite the chain consistently: the
 * chain's head is anchored outside the table.
 */
export function auditHash(key: Buffer, prevHash: string, c: HashedContent): string {
  return createHmac('sha256', key).update(chainPayload(prevHash, c)).digest('hex');
}
