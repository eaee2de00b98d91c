/**
 * Reading money and dates typed by people or banks, exactly: yuan text is turned into integer fen with
 * string arithmetic (never through a float), so "0.29" is 29 fen and "1.005" is refused, not rounded.
 */

/** The payments table stores fen as a 32-bit integer. */
export const MAX_PAYMENT_FEN = 2_147_483_647;

export type AmountProblem = 'AMOUNT_INVALID' | 'AMOUNT_NOT_POSITIVE' | 'AMOUNT_TOO_LARGE';

export type Parsed<T, P extends string> = { ok: true; value: T } | { ok: false; problem: P };

const YUAN = /^(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d{1,2}))?$/;
const FEN = /^\d+$/;

function checked(fen: bigint): Parsed<number, AmountProblem> {
  if (fen <= 0n) return { ok: false, problem: 'AMOUNT_NOT_POSITIVE' };
  if (fen > BigInt(MAX_PAYMENT_FEN)) return { ok: false, problem: 'AMOUNT_TOO_LARGE' };
  return { ok: true, value: Number(fen) };
}

/** "1234.5", "1,234.50", "300" → fen. At most two decimals; thousands separators only where they belong. */
export function yuanTextToFen(text: string): Parsed<number, AmountProblem> {
  const m = YUAN.exec(text.trim());
  if (!m) return { ok: false, problem: 'AMOUNT_INVALID' };
  const whole = BigInt(m[1].replace(/,/g, ''));
  const cents = BigInt((m[2] ?? '').padEnd(2, '0'));
  return checked(whole * 100n + cents);
}

/** "30000" → 30000 fen: whole numbers only. */
export function fenTextToFen(text: string): Parsed<number, AmountProblem> {
  const t = text.trim();
  if (!FEN.test(t)) return { ok: false, problem: 'AMOUNT_INVALID' };
  return checked(BigInt(t));
}

/**
 * A spreadsheet number cell as the decimal a person typed. Excel stores 1234.56 as the nearest double and
 * JavaScript prints the shortest text that reads back to that double ("1234.56"), so the text is exact
 * for any amount with two decimals; anything needing more digits or an exponent is refused by the parser.
 */
export function numberCellToText(value: number): string {
  return Number.isFinite(value) ? String(value) : 'NaN';
}

/** Dates of bank files and JSON bodies: the one date reader of the spreadsheet module. */
export { parseDateText } from '../common/spreadsheet/dates';
