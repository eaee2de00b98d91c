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
