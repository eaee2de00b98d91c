import { checkCreditCode } from '../common/identity/credit-code';
import { ErrorDetail, UnprocessableError } from '../common/errors';
import {
  Cell,
  cellText,
  GridRow,
  isBlankCell,
  isBlankRow,
  normaliseHeader,
  parseDateText,
  readSpreadsheet,
  Sheet,
} from '../common/spreadsheet';
import { AmountProblem, fenTextToFen, numberCellToText, Parsed, yuanTextToFen } from './money-text';

/**
 * Reading the bank's return file (回单): CSV or XLSX (through the shared spreadsheet reader), one payment per
 * row, found by column title, so extra columns and a title block above the header row are fine — the payment
 * list this service exports (支付清单), filled in with 凭证号 and 支付日期, is accepted as it is: its totals
 * row, control totals and sign-off block are not payments and are skipped, as are institutions listed with
 * nothing paid (amount 0.00, no voucher). Amounts in yuan (金额(元), at most two decimals) or in fen
 * (金额(分)). Problems are reported per row with the spreadsheet row number, in Chinese.
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

export type RawCell = Cell;

function fileProblem(code: string, message: string): UnprocessableError {
  return new UnprocessableError(message, [{ field: 'file', code, message }]);
}

const isHeader = (row: GridRow) => row.cells.some((c) => normaliseHeader(c) === BANK_COLUMNS.creditCode);

export async function readBankFile(buffer: Buffer, filename?: string): Promise<BankFile> {
  const { type, sheets } = await readSpreadsheet(buffer, { filename });
  // the sheet holding the header, wherever it is in the workbook
  const sheet: Sheet = sheets.find((s) => s.rows.slice(0, HEADER_SEARCH_ROWS).some(isHeader)) ?? sheets[0] ?? { name: '', rows: [] };
  return { format: type, ...parseBankRows(sheet.rows) };
}

/** Rows without numbers of their own (a unit test's grid): row i is spreadsheet row i + 1. */
export function parseBankGrid(grid: Cell[][]): { rows: BankFileRow[]; problems: ErrorDetail[] } {
  return parseBankRows(grid.map((cells, i) => ({ number: i + 1, cells: cells.map((c) => (isBlankCell(c) ? null : c)) })));
}

/**
 * Rows that are not payments although they are not blank: the totals row (合计), control totals, the
 * sign-off block (经办人：… 单位盖章：) and notes, recognised by their first filled cell.
 */
const NOT_A_PAYMENT =
  /^(合计|总计|小计|控制合计|机构数|儿童数|金额合计|笔数|经办人|复核人|审核人|审批人|单位盖章|盖章|制表人?|填表人|备注|注|说明)/;

function isSummaryRow(row: GridRow): boolean {
  const first = row.cells.find((c) => !isBlankCell(c));
  return typeof first === 'string' && NOT_A_PAYMENT.test(first.replace(/\s+/g, ''));
}

const text = cellText;

const AMOUNT_MESSAGES: Record<AmountProblem, string> = {
  AMOUNT_INVALID: '不是有效金额',
  AMOUNT_NOT_POSITIVE: '必须大于零',
  AMOUNT_TOO_LARGE: '超过单笔支付上限',
};

/** Finds the header row and reads every data row under it, collecting every problem found. */
export function parseBankRows(grid: GridRow[]): { rows: BankFileRow[]; problems: ErrorDetail[] } {
  const headerAt = grid.slice(0, HEADER_SEARCH_ROWS).findIndex(isHeader);
  if (headerAt < 0) {
    throw fileProblem(
      'HEADER_MISSING',
      `找不到表头行：文件需要“${BANK_COLUMNS.creditCode}”“${BANK_COLUMNS.amountYuan}”（或“${BANK_COLUMNS.amountFen}”）“${BANK_COLUMNS.voucherNo}”“${BANK_COLUMNS.paidOn}”列`,
    );
  }
  const header = grid[headerAt].cells.map(normaliseHeader);
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
    if (columns[key] < 0) missing.push({ field: BANK_COLUMNS[key], code: 'COLUMN_MISSING', message: `缺少“${BANK_COLUMNS[key]}”列` });
  }
  if (columns.amountYuan < 0 && columns.amountFen < 0) {
    missing.push({
      field: BANK_COLUMNS.amountYuan,
      code: 'COLUMN_MISSING',
      message: `缺少金额列：“${BANK_COLUMNS.amountYuan}”或“${BANK_COLUMNS.amountFen}”`,
    });
  }
  if (columns.amountYuan >= 0 && columns.amountFen >= 0) {
    missing.push({
      field: BANK_COLUMNS.amountYuan,
      code: 'COLUMN_AMBIGUOUS',
      message: `金额只能有一列：“${BANK_COLUMNS.amountYuan}”或“${BANK_COLUMNS.amountFen}”，不能同时出现`,
    });
  }
  if (missing.length) throw new UnprocessableError('文件缺少必需的列', missing);

  const inYuan = columns.amountYuan >= 0;
  const amountColumn = inYuan ? columns.amountYuan : columns.amountFen;
  /** an institution listed in the payment list with nothing to pay, left unfilled */
  const nothingPaid = (r: GridRow) => {
    const at = (c: number) => (c >= 0 ? (r.cells[c] ?? null) : null);
    const amount = at(amountColumn);
    const zero = isBlankCell(amount) || Number(typeof amount === 'number' ? amount : text(amount).replace(/,/g, '')) === 0;
    return zero && isBlankCell(at(columns.voucherNo)) && isBlankCell(at(columns.paidOn));
  };
  const body = grid.slice(headerAt + 1).filter((r) => !isBlankRow(r) && !isSummaryRow(r) && !nothingPaid(r));
  if (body.length === 0) throw fileProblem('FILE_EMPTY', '文件只有表头，没有支付记录');
  if (body.length > MAX_BANK_FILE_ROWS) throw fileProblem('TOO_MANY_ROWS', `一个文件最多 ${MAX_BANK_FILE_ROWS} 笔支付`);

  const rows: BankFileRow[] = [];
  const problems: ErrorDetail[] = [];
  body.forEach((r) => {
    const index = r.number;
    const problemsBefore = problems.length;
    const problem = (field: string, code: string, message: string) =>
      problems.push({ index, field, code, message: `第 ${index} 行：${message}` });
    const cell = (c: number): RawCell => (c >= 0 ? (r.cells[c] ?? null) : null);

    // credit code: codes that are all digits lose their last digits when Excel stores them as numbers
    const codeCell = cell(columns.creditCode);
    const creditCode = text(codeCell).toUpperCase();
    if (!creditCode) problem(BANK_COLUMNS.creditCode, 'REQUIRED', `${BANK_COLUMNS.creditCode}为空`);
    else if (typeof codeCell === 'number')
      problem(
        BANK_COLUMNS.creditCode,
        'CREDIT_CODE_INVALID',
        `${BANK_COLUMNS.creditCode}被存成了数字，可能已丢失位数：请把该列设为“文本”格式后重新录入`,
      );
    else if (checkCreditCode(creditCode))
      problem(BANK_COLUMNS.creditCode, 'CREDIT_CODE_INVALID', `${BANK_COLUMNS.creditCode}“${creditCode}”不是有效的统一社会信用代码`);

    const amountTitle = inYuan ? BANK_COLUMNS.amountYuan : BANK_COLUMNS.amountFen;
    const amountCell = cell(inYuan ? columns.amountYuan : columns.amountFen);
    const amountText = typeof amountCell === 'number' ? numberCellToText(amountCell) : text(amountCell);
    let amount: Parsed<number, AmountProblem> = { ok: false, problem: 'AMOUNT_INVALID' };
    if (!amountText) problem(amountTitle, 'REQUIRED', `${amountTitle}为空`);
    else {
      amount = inYuan ? yuanTextToFen(amountText) : fenTextToFen(amountText);
      if (!amount.ok) {
        const hint = inYuan ? '（单位元，最多两位小数）' : '（单位分，整数）';
        problem(amountTitle, amount.problem, `${amountTitle}“${amountText}”${AMOUNT_MESSAGES[amount.problem]}${hint}`);
      }
    }

    const voucherCell = cell(columns.voucherNo);
    const voucherNo = text(voucherCell);
    if (!voucherNo) problem(BANK_COLUMNS.voucherNo, 'REQUIRED', `${BANK_COLUMNS.voucherNo}为空`);
    else if (typeof voucherCell === 'number' && !Number.isSafeInteger(voucherCell))
      problem(
        BANK_COLUMNS.voucherNo,
        'VOUCHER_INVALID',
        `${BANK_COLUMNS.voucherNo}被存成了数字并丢失了位数：请把该列设为“文本”格式后重新录入`,
      );
    else if (!isValidVoucherNo(voucherNo))
      problem(BANK_COLUMNS.voucherNo, 'VOUCHER_INVALID', `${BANK_COLUMNS.voucherNo}应为 1 到 64 个字符，且不含控制字符`);

    const dateCell = cell(columns.paidOn);
    const paidOn = parseDateText(dateCell);
    if (isBlankCell(dateCell)) problem(BANK_COLUMNS.paidOn, 'REQUIRED', `${BANK_COLUMNS.paidOn}为空`);
    else if (!paidOn)
      problem(BANK_COLUMNS.paidOn, 'DATE_INVALID', `${BANK_COLUMNS.paidOn}“${text(dateCell)}”不是有效日期（应为 YYYY-MM-DD）`);

    if (problems.length === problemsBefore && amount.ok && paidOn)
      rows.push({ index, creditCode, amountFen: amount.value, voucherNo, paidOn });
  });
  return { rows, problems };
}

export function isValidVoucherNo(voucherNo: string): boolean {
  // eslint-disable-next-line no-control-regex
  return voucherNo.length >= 1 && voucherNo.length <= 64 && !/[\x00-\x1f\x7f]/.test(voucherNo);
}
