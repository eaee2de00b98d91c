import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { checkCreditCode } from '../common/identity/credit-code';
import { ErrorDetail, UnprocessableError } from '../common/errors';
import { AmountProblem, fenTextToFen, numberCellToText, Parsed, parseDateText, yuanTextToFen } from './money-text';

/**
 * Reading the bank's return file (回单): CSV or XLSX, one payment per row, found by column title, so
 * extra columns and a title block above the header row are fine. Amounts in yuan (金额(元), at most two
 * decimals) or in fen (金额(分)). Problems are reported per row with the spreadsheet row number.
 */
export const BANK_COLUMNS = {
  creditCode: '统一社会信用代码',
  amountYuan: '金额(元)',
  amountFen: '金额(分)',
  voucherNo: '凭证号',
  paidOn: '支付日期',
} as const;

export const MAX_BANK_FILE_ROWS = 10_000;
const HEADER_SEARCH_ROWS = 20;

export interface BankFileRow {
  /** the spreadsheet row number (the header row is counted; the first row of the file is 1) */
  index: number;
  creditCode: string;
  amountFen: number;
  voucherNo: string;
  paidOn: string;
}

export interface BankFile {
  format: 'csv' | 'xlsx';
  rows: BankFileRow[];
  problems: ErrorDetail[];
}

export type RawCell = string | number | boolean | Date | null;

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

function fileProblem(code: string, message: string): UnprocessableError {
  return new UnprocessableError(message, [{ field: 'file', code, message }]);
}

export async function readBankFile(buffer: Buffer): Promise<BankFile> {
  if (buffer.subarray(0, 4).equals(OLE_MAGIC)) {
    throw fileProblem('UNSUPPORTED_FILE_TYPE', 'Old .xls files are not accepted; save the file as .xlsx or .csv');
  }
  if (buffer.subarray(0, 4).equals(ZIP_MAGIC)) return { format: 'xlsx', ...parseBankGrid(await xlsxGrid(buffer)) };
  return { format: 'csv', ...parseBankGrid(csvGrid(buffer)) };
}

/** UTF-8 (with or without BOM); files saved by Excel on Chinese Windows are GB18030 (a superset of GBK). */
export function decodeText(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
  } catch {
    return iconv.decode(buffer, 'gb18030');
  }
}

function csvGrid(buffer: Buffer): RawCell[][] {
  try {
    return parse(decodeText(buffer), { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch {
    throw fileProblem('FILE_UNREADABLE', 'The file could not be read as CSV (check quoting) or XLSX');
  }
}

function excelValue(value: ExcelJS.CellValue): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('result' in value) return excelValue((value.result ?? null) as ExcelJS.CellValue);
  if ('text' in value && typeof value.text === 'string') return value.text;
  return null;
}

async function xlsxGrid(buffer: Buffer): Promise<RawCell[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw fileProblem('FILE_UNREADABLE', 'The file could not be read as XLSX');
  }
  const sheet = workbook.worksheets[0];
  const grid: RawCell[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: RawCell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => (cells[col - 1] = excelValue(cell.value)));
    grid[rowNumber - 1] = Array.from(cells, (c) => c ?? null);
  });
  return Array.from(grid, (r) => r ?? []);
}

/** "金额（元）", " 金额(元) " and "金额(元)" are the same column. */
export function normaliseHeader(cell: RawCell): string {
  return typeof cell === 'string' ? cell.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')') : '';
}

function isBlank(cell: RawCell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

function text(cell: RawCell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

const AMOUNT_MESSAGES: Record<AmountProblem, string> = {
  AMOUNT_INVALID: 'is not an amount',
  AMOUNT_NOT_POSITIVE: 'must be more than zero',
  AMOUNT_TOO_LARGE: 'is larger than one payment can be',
};

/** Finds the header row and reads every data row under it, collecting every problem found. */
export function parseBankGrid(grid: RawCell[][]): { rows: BankFileRow[]; problems: ErrorDetail[] } {
  const headerAt = grid.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => r.some((c) => normaliseHeader(c) === BANK_COLUMNS.creditCode));
  if (headerAt < 0) {
    throw fileProblem(
      'HEADER_MISSING',
      `No header row found; the file needs the columns ${BANK_COLUMNS.creditCode}, ${BANK_COLUMNS.amountYuan} (or ${BANK_COLUMNS.amountFen}), ${BANK_COLUMNS.voucherNo}, ${BANK_COLUMNS.paidOn}`,
    );
  }
  const header = grid[headerAt].map(normaliseHeader);
  const col = (title: string) => header.indexOf(title);
  const columns = {
    creditCode: col(BANK_COLUMNS.creditCode),
    amountYuan: col(BANK_COLUMNS.amountYuan),
    amountFen: col(BANK_COLUMNS.amountFen),
    voucherNo: col(BANK_COLUMNS.voucherNo),
    paidOn: col(BANK_COLUMNS.paidOn),
  };
  const missing: ErrorDetail[] = [];
  for (const key of ['voucherNo', 'paidOn'] as const) {
    if (columns[key] < 0)
      missing.push({ field: BANK_COLUMNS[key], code: 'COLUMN_MISSING', message: `The column ${BANK_COLUMNS[key]} is missing` });
  }
  if (columns.amountYuan < 0 && columns.amountFen < 0) {
    missing.push({
      field: BANK_COLUMNS.amountYuan,
      code: 'COLUMN_MISSING',
      message: `The amount column is missing: ${BANK_COLUMNS.amountYuan} or ${BANK_COLUMNS.amountFen}`,
    });
  }
  if (columns.amountYuan >= 0 && columns.amountFen >= 0) {
    missing.push({
      field: BANK_COLUMNS.amountYuan,
      code: 'COLUMN_AMBIGUOUS',
      message: `Give the amount once: either ${BANK_COLUMNS.amountYuan} or ${BANK_COLUMNS.amountFen}, not both`,
    });
  }
  if (missing.length) throw new UnprocessableError('The file does not have the expected columns', missing);

  const body = grid.slice(headerAt + 1);
  const dataRows = body.filter((r) => !r.every(isBlank)).length;
  if (dataRows === 0) throw fileProblem('FILE_EMPTY', 'The file has a header row but no payments');
  if (dataRows > MAX_BANK_FILE_ROWS) throw fileProblem('TOO_MANY_ROWS', `At most ${MAX_BANK_FILE_ROWS} payments per file`);

  const rows: BankFileRow[] = [];
  const problems: ErrorDetail[] = [];
  body.forEach((r, i) => {
    if (r.every(isBlank)) return;
    const index = headerAt + 2 + i;
    const problemsBefore = problems.length;
    const problem = (field: string, code: string, message: string) =>
      problems.push({ index, field, code, message: `Row ${index}: ${message}` });
    const cell = (c: number): RawCell => (c >= 0 ? (r[c] ?? null) : null);

    // credit code: codes that are all digits lose their last digits when Excel stores them as numbers
    const codeCell = cell(columns.creditCode);
    const creditCode = text(codeCell).toUpperCase();
    if (!creditCode) problem(BANK_COLUMNS.creditCode, 'REQUIRED', `${BANK_COLUMNS.creditCode} is empty`);
    else if (typeof codeCell === 'number')
      problem(
        BANK_COLUMNS.creditCode,
        'CREDIT_CODE_INVALID',
        `${BANK_COLUMNS.creditCode} is stored as a number; format the column as text`,
      );
    else if (checkCreditCode(creditCode))
      problem(BANK_COLUMNS.creditCode, 'CREDIT_CODE_INVALID', `${BANK_COLUMNS.creditCode} "${creditCode}" is not a valid credit code`);

    const inYuan = columns.amountYuan >= 0;
    const amountTitle = inYuan ? BANK_COLUMNS.amountYuan : BANK_COLUMNS.amountFen;
    const amountCell = cell(inYuan ? columns.amountYuan : columns.amountFen);
    const amountText = typeof amountCell === 'number' ? numberCellToText(amountCell) : text(amountCell);
    let amount: Parsed<number, AmountProblem> = { ok: false, problem: 'AMOUNT_INVALID' };
    if (!amountText) problem(amountTitle, 'REQUIRED', `${amountTitle} is empty`);
    else {
      amount = inYuan ? yuanTextToFen(amountText) : fenTextToFen(amountText);
      if (!amount.ok) {
        const hint = inYuan ? ' (yuan, at most two decimals)' : ' (whole fen)';
        problem(amountTitle, amount.problem, `${amountTitle} "${amountText}" ${AMOUNT_MESSAGES[amount.problem]}${hint}`);
      }
    }

    const voucherCell = cell(columns.voucherNo);
    const voucherNo = text(voucherCell);
    if (!voucherNo) problem(BANK_COLUMNS.voucherNo, 'REQUIRED', `${BANK_COLUMNS.voucherNo} is empty`);
    else if (typeof voucherCell === 'number' && !Number.isSafeInteger(voucherCell))
      problem(
        BANK_COLUMNS.voucherNo,
        'VOUCHER_INVALID',
        `${BANK_COLUMNS.voucherNo} is stored as a number that lost digits; format the column as text`,
      );
    else if (!isValidVoucherNo(voucherNo))
      problem(BANK_COLUMNS.voucherNo, 'VOUCHER_INVALID', `${BANK_COLUMNS.voucherNo} must be 1–64 characters without control characters`);

    const dateCell = cell(columns.paidOn);
    const paidOn = dateCell instanceof Date ? dateCell.toISOString().slice(0, 10) : parseDateText(text(dateCell));
    if (!paidOn) problem(BANK_COLUMNS.paidOn, 'DATE_INVALID', `${BANK_COLUMNS.paidOn} "${text(dateCell)}" is not a date (YYYY-MM-DD)`);

    if (problems.length === problemsBefore && amount.ok && paidOn)
      rows.push({ index, creditCode, amountFen: amount.value, voucherNo, paidOn });
  });
  return { rows, problems };
}

export function isValidVoucherNo(voucherNo: string): boolean {
  // eslint-disable-next-line no-control-regex
  return voucherNo.length >= 1 && voucherNo.length <= 64 && !/[\x00-\x1f\x7f]/.test(voucherNo);
}
