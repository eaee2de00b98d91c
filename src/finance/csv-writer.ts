import { neutraliseForCsv } from './cell-safety';

/** UTF-8 byte order mark: without it Excel opens a UTF-8 CSV as the local code page and garbles Chinese. */
export const CSV_BOM = '\uFEFF';
export const CSV_EOL = '\r\n';

/** A CSV cell: text (neutralised against formulas, quoted as needed) or a value already formatted as a number. */
export type CsvCell = string | { number: string } | null;

/** RFC 4180: a field with a comma, double quote, CR or LF is enclosed in double quotes, inner quotes doubled. */
export function quoteCsvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record ending in CRLF. */
export function csvLine(cells: CsvCell[]): string {
  return (
    cells
      .map((cell) => {
        if (cell === null) return '';
        if (typeof cell === 'string') return quoteCsvField(neutraliseForCsv(cell));
        return quoteCsvField(cell.number);
      })
      .join(',') + CSV_EOL
  );
}
