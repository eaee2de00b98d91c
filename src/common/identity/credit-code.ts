/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character
 * alphabet (no I, O, S, V, Z). Characters 9–17 are the organisation code (GB 11714-1997) with its own
 * check character at position 17; position 18 checks the whole code.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export type CreditCodeProblem = 'FORMAT' | 'ORG_CODE_CHECK' | 'CHECK_CHARACTER';

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** GB 11714 check character of an 8-character organisation code body. */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8[i];
    const value = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55; // A=10 … Z=35
    sum += value * ORG_WEIGHTS[i];
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** null when valid, else what is wrong. */
export function checkCreditCode(code: string): CreditCodeProblem | null {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return 'FORMAT';
  if (orgCodeCheckChar(code.slice(8, 16)) !== code[16]) return 'ORG_CODE_CHECK';
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return 'CHECK_CHARACTER';
  return null;
}

/** Builds a valid code from a 2-char registration prefix, a 6-digit region and an 8-character org body (tests, seeds). */
export function buildCreditCode(prefix2: string, region6: string, orgBody8: string): string {
  const first17 = prefix2 + region6 + orgBody8 + orgCodeCheckChar(orgBody8);
  return first17 + creditCodeCheckChar(first17);
}
