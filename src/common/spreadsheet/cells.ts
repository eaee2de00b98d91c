/**
 * One view of an uploaded spreadsheet, whatever the format: sheets of rows of plain cell values, every row
 * with the number a spreadsheet program shows (the first row of the file is 1). Rosters and bank files read
 * their columns from this grid; nothing else in the code base parses CSV or XLSX.
 */
export type Cell = string | number | boolean | Date | null;

export interface GridRow {
  /** 1-based row number as shown by the spreadsheet program */
  number: number;
  cells: Cell[];
}

export interface Sheet {
  name: string;
  rows: GridRow[];
}

export type SpreadsheetType = 'csv' | 'xlsx';

export interface Spreadsheet {
  type: SpreadsheetType;
  sheets: Sheet[];
}

export function isBlankCell(cell: Cell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

export function isBlankRow(row: GridRow): boolean {
  return row.cells.every(isBlankCell);
}

/** A header cell compared loosely: spaces, a byte order mark and full-width brackets do not matter. */
export function normaliseHeader(cell: Cell | undefined): string {
  return typeof cell === 'string'
    ? cell
        .replace(/^\uFEFF/, '')
        .replace(/\s+/g, '')
        .replace(/（/g, '(')
        .replace(/）/g, ')')
    : '';
}

/** Text of a cell, trimmed ('' for blank). Dates as YYYY-MM-DD. */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim();
}
