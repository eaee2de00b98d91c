import { UnprocessableError } from '../common/errors';
import { Cell, GridRow, isBlankRow, normaliseHeader, readSpreadsheet, Sheet, SpreadsheetType } from '../common/spreadsheet';
import { FIELD_LABELS, MAX_ROSTER_ENTRIES, RawEntry } from './roster-validation';

/**
 * Reads an uploaded roster (.csv or .xlsx, through the shared spreadsheet reader) into raw entries for the
 * roster rules. Only the file's shape is checked here (type, header, size, numbers Excel damaged); the values
 * are checked by validateEntries, so a file and a JSON body get the same answers. Row numbers are the
 * spreadsheet's (the first row of the file is 1).
 */

type Field = keyof typeof FIELD_LABELS;
const FIELDS = Object.keys(FIELD_LABELS) as Field[];

/**
 * The column titles clerks use for each field (the first is the template's). Compared without spaces, with a
 * trailing required mark (*) or a bracketed hint ("入托日期(年-月-日)") dropped.
 */
export const HEADER_SYNONYMS: Record<Field, string[]> = {
  idNumber: ['身份证号', '身份证号码', '证件号码', '证件号', '公民身份号码', '儿童身份证号', '幼儿身份证号', '婴幼儿身份证号', '身份证'],
  name: ['姓名', '儿童姓名', '幼儿姓名', '婴幼儿姓名', '孩子姓名'],
  birthOrder: ['孩次', '胎次', '第几孩', '孩子次序'],
  guardianName: ['监护人', '监护人姓名', '家长姓名', '家长', '父母姓名'],
  guardianPhone: ['联系电话', '监护人电话', '监护人联系电话', '家长电话', '家长联系电话', '联系方式', '手机号码', '手机号', '电话'],
  enrolledOn: ['入托日期', '入托时间', '入园日期', '入托年月日'],
  withdrawnOn: ['离托日期', '离托时间', '离园日期', '退托日期'],
  attendanceDays: ['出勤天数', '实际出勤天数', '本月出勤天数', '出勤日数', '出勤'],
};

const BY_TITLE = new Map<string, Field>(FIELDS.flatMap((f) => HEADER_SYNONYMS[f].map((title) => [title, f] as const)));

export function headerField(cell: Cell | undefined): Field | undefined {
  const title = normaliseHeader(cell).replace(/\*+$/, '').replace(/^\*+/, '');
  return BY_TITLE.get(title) ?? BY_TITLE.get(title.replace(/\([^)]*\)$/, ''));
}

/** A title block ("某某托育中心2026年3月花名册", 填报单位, 填报日期) above the header is common; look that far for it. */
const HEADER_SEARCH_ROWS = 10;

export async function parseRosterFile(buffer: Buffer, filename: string): Promise<{ type: SpreadsheetType; rows: RawEntry[] }> {
  const { type, sheets } = await readSpreadsheet(buffer, { filename });
  return { type, rows: toEntries(sheets) };
}

interface HeaderFound {
  sheet: Sheet;
  at: number;
  column: Map<Field, number>;
}

function columnsOf(row: GridRow): Map<Field, number> {
  const column = new Map<Field, number>();
  row.cells.forEach((cell, i) => {
    const field = headerField(cell);
    if (field && !column.has(field)) column.set(field, i);
  });
  return column;
}

/**
 * The header is the row (of any sheet: a 填写说明 sheet may come first) with an ID column; with several, the
 * one naming the most columns. A file without one is judged by the row naming the most columns.
 */
function findHeader(sheets: Sheet[]): HeaderFound | null {
  let best: HeaderFound | null = null;
  for (const sheet of sheets) {
    sheet.rows.slice(0, HEADER_SEARCH_ROWS).forEach((row, at) => {
      const column = columnsOf(row);
      if (column.size && (!best || column.size > best.column.size)) best = { sheet, at, column };
    });
  }
  return best;
}

function toEntries(sheets: Sheet[]): RawEntry[] {
  const found = findHeader(sheets);
  const column = found?.column ?? new Map<Field, number>();
  const missing = FIELDS.filter((f) => !column.has(f));
  if (missing.length) {
    const names = missing.map((f) => FIELD_LABELS[f]);
    throw new UnprocessableError(
      `表头缺少以下列：${names.join('、')}（可下载名册模板对照）`,
      missing.map((f) => ({ field: FIELD_LABELS[f], code: 'COLUMN_MISSING', message: `表头缺少“${FIELD_LABELS[f]}”列` })),
      'HEADER_INVALID',
    );
  }
  const { sheet, at } = found!;
  const dataRows = sheet.rows.slice(at + 1).filter((r) => !isBlankRow(r));
  if (dataRows.length === 0) {
    throw new UnprocessableError(
      '文件只有表头，没有儿童名单；未保存任何内容，请填写名单后重新上传',
      [{ field: 'file', code: 'EMPTY_ROSTER', message: '文件只有表头，没有儿童名单' }],
      'EMPTY_ROSTER',
    );
  }
  if (dataRows.length > MAX_ROSTER_ENTRIES) throw tooManyEntries(dataRows.length);

  return dataRows.map((row) => {
    const entry: Record<string, unknown> = { index: row.number, rowIndex: row.number, fromFile: true };
    for (const field of FIELDS) entry[field] = row.cells[column.get(field)!] ?? null;
    return entry as unknown as RawEntry;
  });
}

export function tooManyEntries(count: number): UnprocessableError {
  return new UnprocessableError(
    `花名册最多 ${MAX_ROSTER_ENTRIES} 名儿童，本次为 ${count} 名`,
    [{ field: 'entries', code: 'TOO_MANY_ENTRIES', message: `花名册最多 ${MAX_ROSTER_ENTRIES} 名儿童，本次为 ${count} 名，请拆分或核对` }],
    'TOO_MANY_ENTRIES',
  );
}
