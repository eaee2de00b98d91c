import ExcelJS from 'exceljs';
import { buildResidentId } from '../common/identity/resident-id';
import { UnprocessableError } from '../common/errors';
import { parseRosterFile } from './roster-file';

const HEADER = '身份证号,姓名,孩次,监护人,联系电话,入托日期,离托日期,出勤天数';
const ID = buildResidentId('2024-05-10', 11);

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function rejection(promise: Promise<unknown>): Promise<UnprocessableError> {
  try {
    await promise;
  } catch (e) {
    return e as UnprocessableError;
  }
  throw new Error('expected a rejection');
}

describe('roster files', () => {
  const line = `${ID},张小红,2,张大红,13800001111,2025-09-01,,20`;

  it('reads a CSV with spreadsheet row numbers, skipping empty rows', async () => {
    const { type, rows } = await parseRosterFile(Buffer.from(`${HEADER}\r\n${line}\r\n\r\n,,,,,,,\r\n${line}\r\n\r\n`), 'r.csv');
    expect(type).toBe('csv');
    expect(rows.map((r) => r.index)).toEqual([2, 5]);
    expect(rows[0]).toMatchObject({ idNumber: ID, name: '张小红', birthOrder: '2', withdrawnOn: null, attendanceDays: '20', rowIndex: 2 });
  });

  it('finds columns by name in any order and below a title line', async () => {
    const { rows } = await parseRosterFile(
      Buffer.from(
        `某某托育中心2026年3月花名册\n序号,姓名,身份证号,孩次,监护人,联系电话,入托日期,离托日期,出勤天数\n1,张小红,${ID},2,张大红,,2025-09-01,,20\n`,
      ),
      'r.csv',
    );
    expect(rows).toEqual([expect.objectContaining({ index: 3, idNumber: ID, name: '张小红', guardianPhone: null })]);
  });

  it('names the missing header columns', async () => {
    const error = await rejection(parseRosterFile(Buffer.from('身份证号,名字,孩次,监护人,联系电话,入托日期,出勤天数\n'), 'r.csv'));
    expect(error).toBeInstanceOf(UnprocessableError);
    expect(error.code).toBe('HEADER_INVALID');
    expect(error.details!.map((d) => d.field)).toEqual(['姓名', '离托日期']);
  });

  it('reads XLSX cells stored as numbers, text, dates, serials and rich text', async () => {
    const buffer = await xlsx([
      HEADER.split(','),
      [ID, '张小红', 2, '张大红', 13800001111, new Date(Date.UTC(2025, 8, 1)), null, 20],
      [ID, { richText: [{ text: '李' }, { text: '四' }] }, '3', '李三', '13800002222', 45901, '2026/3/20', '18'],
      [Number('371523202405101234'), '王五', 1, '王六', null, '2025-09-01', null, { formula: '10+5', result: 15 }],
      [],
      [],
    ]);
    const { type, rows } = await parseRosterFile(buffer, 'roster.xlsx');
    expect(type).toBe('xlsx');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ index: 2, idNumber: ID, birthOrder: 2, guardianPhone: 13800001111, attendanceDays: 20 });
    expect((rows[0].enrolledOn as Date).toISOString()).toBe('2025-09-01T00:00:00.000Z');
    expect(rows[1]).toMatchObject({ index: 3, name: '李四', birthOrder: '3', withdrawnOn: '2026/3/20', attendanceDays: '18' });
    expect(rows[1].enrolledOn).toBe(45901);
    expect(rows[2]).toMatchObject({ index: 4, idNumber: Number('371523202405101234'), attendanceDays: 15 });
  });

  it('refuses more than 5,000 entries and unsupported file types', async () => {
    const big = [HEADER, ...Array.from({ length: 5001 }, () => line)].join('\n');
    expect((await rejection(parseRosterFile(Buffer.from(big), 'r.csv'))).code).toBe('TOO_MANY_ENTRIES');
    expect((await rejection(parseRosterFile(Buffer.from('hello'), 'r.pdf'))).code).toBe('FILE_TYPE_UNSUPPORTED');
    expect((await rejection(parseRosterFile(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0]), 'r.xls'))).message).toMatch(/xls/);
    expect((await rejection(parseRosterFile(Buffer.from([0x50, 0x4b, 3, 4, 0, 0]), 'r.xlsx'))).code).toBe('FILE_UNREADABLE');
  });

  it('knows the headers clerks use, finds the header on any sheet, refuses a header-only file', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('填写说明').addRow(['请按模板填写']);
    const ws = wb.addWorksheet('名单');
    ws.addRow(['某某托育中心花名册']);
    ws.addRow(['证件号码', '幼儿姓名', '孩次*', '家长姓名', '联系方式', '入托日期(年-月-日)', '离托日期', '出勤天数']);
    ws.addRow([ID, '张小红', '2', '张大红', null, '20250901', null, '10.0']);
    const { rows } = await parseRosterFile(Buffer.from(await wb.xlsx.writeBuffer()), 'r.xlsx');
    expect(rows).toEqual([
      expect.objectContaining({ index: 3, idNumber: ID, name: '张小红', enrolledOn: '20250901', attendanceDays: '10.0' }),
    ]);

    const empty = await rejection(
      parseRosterFile(Buffer.from(`身份证号码,姓名,孩次,监护人姓名,联系电话,入托日期,离托日期,出勤天数\r\n,,,,,,,\r\n`), 'r.csv'),
    );
    expect(empty.code).toBe('EMPTY_ROSTER');
  });
});
