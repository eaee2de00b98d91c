import { maskIdNumber } from '../common/masking';

const DROPPED = /cipher|passwordhash|^password$|token|^idhash$/i;
// a resident ID number typed into free text (a reason, findings, a note)
const RESIDENT_ID_IN_TEXT = /(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;

/**
 * Makes a snapshot safe and stable for the audit log: plain JSON (dates as ISO strings, BigInt as
 * numbers), secrets and ciphertexts dropped, resident ID numbers masked — also where one was typed into
 * free text such as a reason. Callers pass masked personal data already; this is the safety net.
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
  if (typeof value === 'string') return value.replace(RESIDENT_ID_IN_TEXT, (id) => maskIdNumber(id.toUpperCase()));
  return value;
}
