import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { xlsxBomb } from '../../../test/utils/xlsx-bomb';
import { PayloadTooLargeError, UnprocessableError } from '../errors';
import { excelSerialToDate, parseDateText } from './dates';
import { readSpreadsheet, sniffType } from './read';
import { decodeText } from './text';
import { checkZip, XLSX_LIMITS, ZipGuardError } from './zip-guard';

describe('the shared spreadsheet reader', () => {
  it('decodes UTF-8 with and without BOM, and GBK', () => {
    const text = '身份证号,姓名\n1,张小红\n';
    expect(decodeText(Buffer.from(text, 'utf8'))).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toBe(text);
    expect(decodeText(iconv.encode(text, 'gbk'))).toBe(text);
  });

  it('sniffs the type from the bytes', () => {
    expect(sniffType(Buffer.from('a,b'), 'r.csv')).toBe('csv');
    expect(sniffType(Buffer.from('a,b'))).toBe('csv');
    expect(sniffType(Buffer.from([0x50, 0x4b, 3, 4]), 'r.xlsx')).toBe('xlsx');
    expect(() => sniffType(Buffer.from('hello'), 'r.pdf')).toThrow(UnprocessableError);
    expect(() => sniffType(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0]), 'r.xls')).toThrow(/xls/);
  });

  it.each([
    ['2025-09-01', '2025-09-01'],
    ['2025/9/1', '2025-09-01'],
    ['2025.9.1', '2025-09-01'],
    ['2025年9月1日', '2025-09-01'],
    ['20250901', '2025-09-01'],
    ['2025-09-01 00:00:00', '2025-09-01'],
    ['2025/9/1 8:30', '2025-09-01'],
    ['45901', '2025-09-01'],
    [45901, '2025-09-01'],
    [20250901, '2025-09-01'],
    [new Date(Date.UTC(2025, 8, 1)), '2025-09-01'],
  ])('reads the date %p', (value, date) => expect(parseDateText(value)).toBe(date));

  it.each([['2023-02-29'], ['2025-13-01'], ['01/09/2025'], ['2025-9'], ['tomorrow'], [''], [1.5], [0]])('refuses %p as a date', (value) => {
    expect(parseDateText(value)).toBeNull();
  });

  it('converts Excel serial dates', () => {
    expect(excelSerialToDate(45901)?.toISOString().slice(0, 10)).toBe('2025-09-01');
    expect(excelSerialToDate(0)).toBeNull();
    expect(excelSerialToDate(1.5)).toBeNull();
  });

  it('reads every sheet of a workbook with row numbers, and CSV text kept as ="…"', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('填写说明').addRow(['说明']);
    const data = wb.addWorksheet('花名册');
    data.addRow(['a', 1]);
    data.addRow([]);
    data.addRow([{ richText: [{ text: '李' }, { text: '四' }] }, { formula: '1+1', result: 2 }]);
    const book = await readSpreadsheet(Buffer.from(await wb.xlsx.writeBuffer()), { filename: 'x.xlsx' });
    expect(book.type).toBe('xlsx');
    expect(book.sheets.map((s) => s.name)).toEqual(['填写说明', '花名册']);
    expect(book.sheets[1].rows).toEqual([
      { number: 1, cells: ['a', 1] },
      { number: 3, cells: ['李四', 2] },
    ]);
    const csv = await readSpreadsheet(Buffer.from('\uFEFF账号,金额\r\n="0123456789012345678",="1000.00"\r\n'));
    expect(csv.sheets[0].rows[1].cells).toEqual(['0123456789012345678', '1000.00']);
  });

  it('refuses a decompression bomb before parsing: declared sizes, real sizes, rows and cells', async () => {
    const started = Date.now();
    await expect(checkZip(xlsxBomb(400))).rejects.toMatchObject({ problem: 'TOO_LARGE' });
    // the directory lies: the inflation itself is counted and stopped
    await expect(checkZip(xlsxBomb(400, 1))).rejects.toMatchObject({ problem: 'TOO_LARGE' });
    // within the byte limits but more cells than a parse may hold
    await expect(checkZip(xlsxBomb(20))).rejects.toThrow(/cells|rows/);
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(readSpreadsheet(xlsxBomb(400), { filename: 'r.xlsx' })).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(checkZip(Buffer.from('PK\u0003\u0004garbage'))).rejects.toBeInstanceOf(ZipGuardError);
    expect(XLSX_LIMITS.maxCells).toBeGreaterThan(5000 * 8 + 10_000 * 11);
    // a CSV of nothing but separators
    await expect(readSpreadsheet(Buffer.from(',\n'.repeat(600)), { maxCsvFields: 1000 })).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect((await readSpreadsheet(Buffer.from(',\n'.repeat(400)), { maxCsvFields: 1000 })).sheets[0].rows).toHaveLength(400);
  });
});
