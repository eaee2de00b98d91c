/**
 * Spreadsheet formula injection (CSV injection): a text cell that starts with one of these characters may
 * be run as a formula when the file is opened in Excel or WPS. Full-width forms are included because a
 * Chinese input method can turn them into formulas as well.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/**
 * For CSV, where there is no cell type: a leading single quote makes Excel and WPS show the text as typed.
 * (XLSX cells are written as typed strings with the Text number format instead, so they keep their value.)
 */
export function neutraliseForCsv(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}

/**
 * A CSV cell a spreadsheet program must show exactly as written, never as a number: `="…"`, the text formula
 * Excel, WPS and LibreOffice all evaluate to the text inside. Without it an account number turns into
 * 6.22848040256489E+18 (digits after the 15th lost), a leading zero disappears and 1000.00 shows as 1000.
 * Only for text we produce that is digits, a sign and a decimal point (account numbers, all-digit credit
 * codes, amounts), so nothing a person typed can become a formula this way.
 */
const LITERAL_SAFE = /^-?\d+(?:\.\d+)?$/;

export function csvLiteralText(text: string): string {
  if (!LITERAL_SAFE.test(text)) throw new Error('csvLiteralText takes digits only');
  return `="${text}"`;
}

/** Text that a spreadsheet would read as a number and alter: all digits (any length: leading zeros count). */
export function looksNumeric(text: string): boolean {
  return /^\d+$/.test(text);
}
