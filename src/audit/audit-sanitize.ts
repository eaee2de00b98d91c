import { maskIdNumber } from '../common/masking';

const DROPPED = /cipher|passwordhash|^password$|token|^idhash$/i;

/**
 * Makes a snapshot safe and stable for the audit log: plain JSON (dates as ISO strings, BigInt as
 * numbers), secrets and ciphertexts dropped, resident ID numbers masked. Callers pass masked personal
 * data already; this is the safety net.
 */
export function sanitizeForAudit(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(sanitizeForAudit);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined || DROPPED.test(key)) continue;
      out[key] = key === 'idNumber' && typeof v === 'string' ? maskIdNumber(v) : sanitizeForAudit(v);
    }
    return out;
  }
  return value;
}
