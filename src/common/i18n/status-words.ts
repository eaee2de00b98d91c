import {
  FUNDING_SOURCE_LABELS,
  GRANT_KIND_LABELS,
  GRANT_STATUS_LABELS,
  INSTITUTION_KIND_LABELS,
  INSTITUTION_STATUS_LABELS,
  label,
  ROLE_LABELS,
  ROSTER_STATUS_LABELS,
  SETTLEMENT_STATUS_LABELS,
} from './labels';

/** The label sets, by the record a status belongs to (the same code reads differently: APPROVED 已审核 / 已批准). */
const WORDS = {
  institution: INSTITUTION_STATUS_LABELS,
  roster: ROSTER_STATUS_LABELS,
  settlement: SETTLEMENT_STATUS_LABELS,
  grant: GRANT_STATUS_LABELS,
  role: ROLE_LABELS,
  source: FUNDING_SOURCE_LABELS,
  kind: INSTITUTION_KIND_LABELS,
  grantKind: GRANT_KIND_LABELS,
};

export type WordSet = keyof typeof WORDS;

/** The Chinese word for a code of a set, for messages (`statusWord('settlement', 'PUBLISHED')` → 已公示); the code if unknown. */
export function statusWord(set: WordSet, code: unknown): string {
  return label(WORDS[set], String(code));
}

/** Fen as people read an amount in a sentence: 1234567 → "12,345.67 元". */
export function yuanWords(fen: number | bigint): string {
  const value = BigInt(fen);
  const abs = value < 0n ? -value : value;
  const int = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0n ? '-' : ''}${int}.${(abs % 100n).toString().padStart(2, '0')} 元`;
}
