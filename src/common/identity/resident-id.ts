/**
 * Resident ID numbers (居民身份证号码), GB 11643-1999: 6-digit region, birth date YYYYMMDD,
 * 3-digit sequence (odd = male), check character over the first 17 digits.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type ResidentIdProblem = 'FORMAT' | 'BIRTH_DATE' | 'CHECKSUM';

export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** Upper-cases a trailing x and trims spaces, the usual slips in typed or spreadsheet IDs. */
export function normalizeResidentId(raw: string): string {
  return raw.trim().toUpperCase();
}

function birthDateOf(id: string): Date | null {
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (y < 1900) return null;
  return date;
}

/** null when valid; a valid checksum with an impossible date (2023-02-29) is still invalid. */
export function checkResidentId(id: string): ResidentIdProblem | null {
  if (!/^\d{17}[\dX]$/.test(id)) return 'FORMAT';
  if (!birthDateOf(id)) return 'BIRTH_DATE';
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return 'CHECKSUM';
  return null;
}

export interface ResidentIdFacts {
  birthDate: Date;
  sex: 'M' | 'F';
}

/** Birth date (UTC midnight) and sex of a valid ID. */
export function residentIdFacts(id: string): ResidentIdFacts {
  const birthDate = birthDateOf(id);
  if (!birthDate || checkResidentId(id)) throw new Error('invalid resident ID');
  return { birthDate, sex: Number(id[16]) % 2 === 1 ? 'M' : 'F' };
}

/** A valid ID for a birth date (YYYY-MM-DD) and a sequence number 0–999 (tests, benchmarks). */
export function buildResidentId(birthDate: string, sequence: number, region = '371523'): string {
  const first17 = region + birthDate.replaceAll('-', '') + String(sequence % 1000).padStart(3, '0');
  return first17 + residentIdCheckChar(first17);
}
