import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { decodeText } from '../common/spreadsheet';
import { buildCreditCode } from '../common/identity/credit-code';
import { UnprocessableError } from '../common/errors';
import { parseBankGrid, readBankFile } from './bank-file';

const code = buildCreditCode('52', '371523', '12345678');
const header = ['统一社会信用代码', '金额(元)', '凭证号', '支付日期'];

function problemOf(fn: () => unknown): UnprocessableError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UnprocessableError) return e;
    throw e;
  }
  throw new Error('expected a 422');
}

describe('parseBankGrid', () => {
  it('reads rows under the header, skipping a title block and blank rows', () => {
    const result = parseBankGrid([
      ['某银行代发回单'],
      [],
      ['序号', ' 统一社会信用代码 ', '账户名称', '金额（元）', '凭证号', '支付日期'],
      ['1', code.toLowerCase(), '阳光', '1,234.50', 'V-001', '2026/4/3'],
      [null, null, null, null, null, null],
      ['2', code, '阳光', 300, 12345, new Date('2026-04-04T00:00:00Z')],
    ]);
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([
      { index: 4, creditCode: code, amountFen: 123450, voucherNo: 'V-001', paidOn: '2026-04-03' },
      { index: 6, creditCode: code, amountFen: 30000, voucherNo: '12345', paidOn: '2026-04-04' },
    ]);
  });

  it('accepts amounts in fen', () => {
    const { rows } = parseBankGrid([
      ['统一社会信用代码', '金额(分)', '凭证号', '支付日期'],
      [code, '30000', 'V1', '20260403'],
    ]);
    expect(rows[0].amountFen).toBe(30000);
  });

  it('reports every problem with its spreadsheet row and column', () => {
    const { rows, problems } = parseBankGrid([
      header,
      ['91000000000000000X', '1.005', '', '2026-02-30'],
      [code, '-3', 'V2', '2026-04-01'],
      [123456789012345680, '0', 'V3', 'soon'],
    ]);
    expect(rows).toEqual([]);
    expect(problems.map((p) => [p.index, p.field, p.code])).toEqual([
      [2, '统一社会信用代码', 'CREDIT_CODE_INVALID'],
      [2, '金额(元)', 'AMOUNT_INVALID'],
      [2, '凭证号', 'REQUIRED'],
      [2, '支付日期', 'DATE_INVALID'],
      [3, '金额(元)', 'AMOUNT_INVALID'],
      [4, '统一社会信用代码', 'CREDIT_CODE_INVALID'],
      [4, '金额(元)', 'AMOUNT_NOT_POSITIVE'],
      [4, '支付日期', 'DATE_INVALID'],
    ]);
    expect(problems[0].message).toMatch(/^第 2 行：/);
  });

  it('refuses a file without the header or with missing or doubled columns', () => {
    expect(problemOf(() => parseBankGrid([['a', 'b']])).details?.[0].code).toBe('HEADER_MISSING');
    expect(problemOf(() => parseBankGrid([['统一社会信用代码', '凭证号']])).details?.map((d) => d.field)).toEqual(['支付日期', '金额(元)']);
    expect(
      problemOf(() =>
        parseBankGrid([
          [...header, '金额(分)'],
          [code, '1', 'V', '2026-01-01'],
        ]),
      ).details?.[0].code,
    ).toBe('COLUMN_AMBIGUOUS');
    expect(problemOf(() => parseBankGrid([header])).details?.[0].code).toBe('FILE_EMPTY');
  });
});

describe('readBankFile', () => {
  it('reads UTF-8 CSV with BOM and quoted fields', async () => {
    const csv = `\uFEFF${header.join(',')}\r\n${code},"1,000.00",V-9,2026-04-01\r\n`;
    const file = await readBankFile(Buffer.from(csv, 'utf8'));
    expect(file).toEqual({
      format: 'csv',
      problems: [],
      rows: [{ index: 2, creditCode: code, amountFen: 100000, voucherNo: 'V-9', paidOn: '2026-04-01' }],
    });
  });

  it('reads a GB18030 CSV as saved by Excel on Chinese Windows', async () => {
    const csv = `${header.join(',')}\r\n${code},12.30,凭证一,2026-04-01\r\n`;
    expect(decodeText(iconv.encode(csv, 'gb18030'))).toBe(csv);
    const file = await readBankFile(iconv.encode(csv, 'gb18030'));
    expect(file.rows[0]).toMatchObject({ amountFen: 1230, voucherNo: '凭证一' });
  });

  it('reads XLSX with number, text and date cells', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('回单');
    sheet.addRow(header);
    sheet.addRow([code, 0.29, 'V-x1', new Date('2026-04-02T00:00:00Z')]);
    sheet.addRow([code, 1234.5, 778899, '2026-04-03']);
    const file = await readBankFile(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(file.format).toBe('xlsx');
    expect(file.problems).toEqual([]);
    expect(file.rows).toEqual([
      { index: 2, creditCode: code, amountFen: 29, voucherNo: 'V-x1', paidOn: '2026-04-02' },
      { index: 3, creditCode: code, amountFen: 123450, voucherNo: '778899', paidOn: '2026-04-03' },
    ]);
  });

  it('refuses old .xls and unreadable files with a clear code', async () => {
    await expect(readBankFile(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))).rejects.toMatchObject({
      code: 'FILE_TYPE_UNSUPPORTED',
      details: [{ code: 'FILE_TYPE_UNSUPPORTED' }],
    });
    await expect(readBankFile(Buffer.from('PK\u0003\u0004garbage'))).rejects.toMatchObject({ details: [{ code: 'FILE_UNREADABLE' }] });
    await expect(readBankFile(Buffer.from('a,"b\r\n'))).rejects.toMatchObject({ details: [{ code: 'FILE_UNREADABLE' }] });
  });
});
