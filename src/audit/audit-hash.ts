import { createHash } from 'node:crypto';

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

/** JSON with object keys sorted at every level, so PostgreSQL's jsonb key reordering does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Each entry's hash covers its content and the previous entry's hash. Only the HashedContent fields are
 * taken, so a stored row (which also has id, hash, …) can be passed as it is when verifying.
 */
export function auditHash(prevHash: string, c: HashedContent): string {
  const payload = canonicalJson({
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
  return createHash('sha256').update(payload).digest('hex');
}
