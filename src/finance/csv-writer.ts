import { csvLiteralText, looksNumeric, neutraliseForCsv } from './cell-safety';

/** UTF-8 byte order mark: without it Excel opens a UTF-8 CSV as the local code page and garbles Chinese. */
export const CSV_BOM = '\uFEFF';
export const CSV_EOL = '\r\n';

/**
 * A CSV cell: text (neutralised against formulas, all-digit text kept as text, quoted as needed), a count
 * (`number`, read by the spreadsheet as a number) or `literal`: digits shown exactly as written (amounts with
 * their two decimals).
 */
export type CsvCell = string | { number: string } | { literal: string } | null;

/** RFC 4180: a field with a comma, double quote, CR or LF is enclosed in double quotes, inner quotes doubled. */
export function quoteCsvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function field(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return quoteCsvField(looksNumeric(cell) ? csvLiteralText(cell) : neutraliseForCsv(cell));
  if ('literal' in cell) return quoteCsvField(csvLiteralText(cell.literal));
  return quoteCsvField(cell.number);
}

/** One CSV record ending in CRLF. */
export function csvLine(cells: CsvCell[]): string {
  return cells.map(field).join(',') + CSV_EOL;
}
