import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { UnprocessableError } from '../common/errors';
import { FIELD_LABELS, MAX_ROSTER_ENTRIES, RawEntry } from './roster-validation';

/**
 * Reads an uploaded roster (.csv or .xlsx) into raw entries for the roster rules. Only the file's shape is
 * checked here (type, header, size); the values are checked by validateEntries, so a file and a JSON body
 * get exactly the same answers. Row numbers are the spreadsheet's (header = row 1, first data row = 2).
 */

type Field = keyof typeof FIELD_LABELS;
const FIELDS = Object.keys(FIELD_LABELS) as Field[];
const DATE_FIELDS = new Set<Field>(['enrolledOn', 'withdrawnOn']);
/** A title line ("某某托育中心2026年3月花名册") above the header is common in templates; look that far for it. */
const HEADER_SEARCH_ROWS = 5;

export type RosterFileType = 'csv' | 'xlsx';
type Cell = string | number | Date | null;

export function detectFileType(buffer: Buffer, filename: string): RosterFileType {
  const isZip = buffer.length >= 4 && buffer.readUInt32LE(0) === 0x04034b50;
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  if (isZip && (extension === 'xlsx' || extension === undefined)) return 'xlsx';
  if (!isZip && extension === 'csv') return 'csv';
  const oldExcel = buffer.length >= 4 && buffer.readUInt32BE(0) === 0xd0cf11e0;
  throw new UnprocessableError(
    'Unsupported file type',
    [
      {
        field: 'file',
        code: 'FILE_TYPE_UNSUPPORTED',
        message: oldExcel ? '不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV 后上传' : '只支持 .xlsx 或 .csv 文件',
      },
    ],
    'FILE_TYPE_UNSUPPORTED',
  );
}

export async function parseRosterFile(buffer: Buffer, filename: string): Promise<{ type: RosterFileType; rows: RawEntry[] }> {
  const type = detectFileType(buffer, filename);
  const table = type === 'csv' ? readCsv(buffer) : await readXlsx(buffer);
  return { type, rows: toEntries(table) };
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GBK/GB18030 (what Excel on Chinese Windows saves). */
export function decodeCsv(buffer: Buffer): string {
  if (buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return buffer.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return iconv.decode(buffer, 'gb18030');
  }
}

/** Rows as [rowNumber, cells]; every row keeps the number a spreadsheet would show. */
type Table = [number, Cell[]][];

function readCsv(buffer: Buffer): Table {
  let records: string[][];
  try {
    records = parse(decodeCsv(buffer), { relax_column_count: true, skip_empty_lines: false, trim: true }) as string[][];
  } catch {
    throw new UnprocessableError('The CSV file cannot be read', [
      { field: 'file', code: 'FILE_UNREADABLE', message: 'CSV 文件格式有误（例如引号不成对），无法读取' },
    ]);
  }
  return records.map((cells, i) => [i + 1, cells.map((c) => (c === '' ? null : c))]);
}

async function readXlsx(buffer: Buffer): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new UnprocessableError('The XLSX file cannot be read', [
      { field: 'file', code: 'FILE_UNREADABLE', message: 'Excel 文件已损坏或不是 .xlsx 格式，无法读取' },
    ]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const table: Table = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as unknown[];
    const cells: Cell[] = [];
    for (let i = 1; i < values.length; i++) cells.push(xlsxCell(values[i]));
    table.push([rowNumber, cells]);
  });
  return table;
}

/** exceljs cell values: plain, rich text, formula (its cached result), hyperlink, error. */
function xlsxCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return xlsxCell(v.richText.map((r) => r.text).join(''));
    if ('result' in v) return xlsxCell(v.result);
    if (typeof v.text === 'string') return xlsxCell(v.text);
  }
  return null;
}

/** An Excel date serial number (days since 1899-12-30, as Excel counts them) as a date. */
export function excelSerialToDate(serial: number): Date | null {
  if (!Number.isInteger(serial) || serial < 1 || serial > 2_958_465) return null;
  return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
}

function toEntries(table: Table): RawEntry[] {
  const headerAt = table
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex(([, cells]) => cells.some((c) => typeof c === 'string' && c.trim() === FIELD_LABELS.idNumber));
  const header = headerAt >= 0 ? table[headerAt][1] : (table[0]?.[1] ?? []);
  const column = new Map<Field, number>();
  header.forEach((cell, i) => {
    const label = typeof cell === 'string' ? cell.replace(/^\uFEFF/, '').replace(/\s+/g, '') : '';
    const field = FIELDS.find((f) => FIELD_LABELS[f] === label);
    if (field && !column.has(field)) column.set(field, i);
  });
  const missing = FIELDS.filter((f) => !column.has(f));
  if (missing.length) {
    const names = missing.map((f) => FIELD_LABELS[f]);
    throw new UnprocessableError(
      `The file's header is missing column(s): ${names.join(', ')}`,
      missing.map((f) => ({ field: FIELD_LABELS[f], code: 'COLUMN_MISSING', message: `表头缺少“${FIELD_LABELS[f]}”列` })),
      'HEADER_INVALID',
    );
  }

  const dataRows = table.slice(headerAt + 1).filter(([, cells]) => cells.some((c) => c !== null));
  if (dataRows.length > MAX_ROSTER_ENTRIES) throw tooManyEntries(dataRows.length);

  return dataRows.map(([rowNumber, cells]) => {
    const entry: Record<string, unknown> = { index: rowNumber, rowIndex: rowNumber };
    for (const field of FIELDS) {
      let value: Cell = cells[column.get(field)!] ?? null;
      // a date typed into a cell without a date format arrives as Excel's serial number
      if (typeof value === 'number' && DATE_FIELDS.has(field)) value = excelSerialToDate(value) ?? value;
      entry[field] = value;
    }
    return entry as unknown as RawEntry;
  });
}

export function tooManyEntries(count: number): UnprocessableError {
  return new UnprocessableError(
    `A roster holds at most ${MAX_ROSTER_ENTRIES} entries (got ${count})`,
    [{ field: 'entries', code: 'TOO_MANY_ENTRIES', message: `花名册最多 ${MAX_ROSTER_ENTRIES} 名儿童，本次为 ${count} 名，请拆分或核对` }],
    'TOO_MANY_ENTRIES',
  );
}
