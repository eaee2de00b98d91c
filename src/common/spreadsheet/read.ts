import { parse } from 'csv-parse/sync';
import { PayloadTooLargeError, UnprocessableError } from '../errors';
import { Cell, GridRow, Sheet, Spreadsheet, SpreadsheetType } from './cells';
import { decodeText } from './text';
import { readXlsx } from './xlsx';
import { openZip, XLSX_LIMITS, ZipGuardError, ZipLimits } from './zip-guard';

/**
 * The one reader of uploaded spreadsheets (rosters, bank files): sniffs the type from the bytes, decodes CSV
 * (UTF-8 or GBK), checks an XLSX archive's inflated size before parsing it (see zip-guard) and returns every
 * sheet as a grid of plain values. Messages are for the clerk, in Chinese.
 */

function fileProblem(code: string, message: string): UnprocessableError {
  return new UnprocessableError(message, [{ field: 'file', code, message }], code);
}

/** What the bytes are: an .xlsx is a zip archive, an old .xls an OLE compound file, anything else is read as CSV. */
export function sniffType(buffer: Buffer, filename = ''): SpreadsheetType {
  const isZip = buffer.length >= 4 && buffer.readUInt32LE(0) === 0x04034b50;
  const isOle = buffer.length >= 4 && buffer.readUInt32BE(0) === 0xd0cf11e0;
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  if (isOle) throw fileProblem('FILE_TYPE_UNSUPPORTED', '不支持旧版 .xls 文件，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后上传');
  if (isZip) {
    if (extension === undefined || extension === 'xlsx' || extension === 'xlsm') return 'xlsx';
    throw fileProblem('FILE_TYPE_UNSUPPORTED', '只支持 .xlsx 或 .csv 文件');
  }
  if (extension === undefined || extension === 'csv') return 'csv';
  throw fileProblem('FILE_TYPE_UNSUPPORTED', '只支持 .xlsx 或 .csv 文件');
}

export interface ReadOptions {
  filename?: string;
  limits?: ZipLimits;
  maxCsvFields?: number;
}

/**
 * A CSV is bounded by the upload limit, but a file of nothing but commas would still become millions of cells:
 * the fields are counted (separators) before parsing. A bank file of 10,000 rows or a roster of 5,000 with many
 * trailing empty columns stays well below.
 */
export const MAX_CSV_FIELDS = 1_000_000;

function fieldCount(text: string, limit: number): number {
  let count = 1;
  for (let i = 0; i < text.length && count <= limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 10) count += 1;
  }
  return count;
}

export async function readSpreadsheet(buffer: Buffer, options: ReadOptions = {}): Promise<Spreadsheet> {
  const type = sniffType(buffer, options.filename);
  if (type === 'csv') return { type, sheets: [{ name: 'CSV', rows: csvRows(buffer, options.maxCsvFields ?? MAX_CSV_FIELDS) }] };
  return { type, sheets: await xlsxSheets(buffer, options.limits ?? XLSX_LIMITS) };
}

/**
 * `="0123"` is how a CSV keeps digits as text in a spreadsheet program (our own payment file writes account
 * numbers so); a file filled in and uploaded as it is arrives with the wrapper, read here as the text inside.
 */
function unwrapTextFormula(value: string): string {
  const m = /^="(.*)"$/s.exec(value.trim());
  return m ? m[1].replace(/""/g, '"') : value;
}

function csvRows(buffer: Buffer, maxFields: number): GridRow[] {
  const text = decodeText(buffer);
  if (fieldCount(text, maxFields) > maxFields) {
    throw new PayloadTooLargeError(
      'FILE_TOO_LARGE',
      `CSV 文件的单元格超过 ${maxFields} 个，不像是花名册或银行回单；请删除多余的行和列后重新上传`,
    );
  }
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch {
    throw fileProblem('FILE_UNREADABLE', 'CSV 文件格式有误（例如引号不成对），无法读取');
  }
  return records.map((cells, i) => ({
    number: i + 1,
    cells: cells.map((c): Cell => {
      const v = unwrapTextFormula(c).trim();
      return v === '' ? null : v;
    }),
  }));
}

async function xlsxSheets(buffer: Buffer, limits: ZipLimits): Promise<Sheet[]> {
  try {
    return readXlsx(await openZip(buffer, limits), limits.maxCells);
  } catch (error) {
    if (error instanceof ZipGuardError && error.problem === 'TOO_LARGE') {
      throw new PayloadTooLargeError(
        'FILE_TOO_LARGE',
        `Excel 文件解压后过大（超过 ${Math.round(limits.maxTotalBytes / 1024 / 1024)} MB，或超过 ${limits.maxRows} 行 / ${limits.maxCells} 个单元格），` +
          '不像是花名册或银行回单；请删除多余的工作表和空行后重新保存上传',
      );
    }
    throw fileProblem('FILE_UNREADABLE', 'Excel 文件已损坏或不是 .xlsx 格式，无法读取');
  }
}
