import { shanghaiTimestamp } from '../common/month';
import { Readable } from 'node:stream';
import {
  COLUMN_HEADER_ROW,
  contentDisposition,
  exportFileNames,
  ExportInstitution,
  ExportRow,
  ExportTotals,
  headerBlock,
  institutionRow,
  isListed,
  totalsBlock,
} from './export-layout';
import { csvStream } from './export-writers';

const header = {
  districtName: '茌平区',
  month: '2026-03',
  settlementId: '6f1c1a52-0000-4000-8000-000000000001',
  status: 'APPROVED',
  draft: false,
  generatedAt: new Date('2026-04-10T02:03:04Z'),
  generatedBy: 'finance-clerk',
};

const institution = (over: Partial<ExportInstitution> = {}): ExportInstitution => ({
  name: '阳光托育中心',
  creditCode: '52371523MJ0000001X',
  bankName: '中国农业银行茌平支行',
  bankAccountName: '阳光托育中心',
  bankAccountNumber: '0062284800000012345',
  paidChildren: 3,
  secondChildCount: 2,
  thirdChildCount: 1,
  adjustmentFen: -5000,
  amountFen: 95000,
  ...over,
});

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

async function* from(rows: ExportRow[]) {
  yield* rows;
}

describe('payment file layout', () => {
  it('writes the generated-at time in Shanghai time', () => {
    expect(shanghaiTimestamp(new Date('2026-04-10T18:03:04.999Z'))).toBe('2026-04-11T02:03:04+08:00');
  });

  it('puts the column header right after the header block', () => {
    expect(headerBlock(header)).toHaveLength(COLUMN_HEADER_ROW - 1);
  });

  it('marks a published settlement as a draft in the header and the file name', () => {
    const draft = headerBlock({ ...header, status: 'PUBLISHED', draft: true });
    expect(String(draft[0].cells[0])).toContain('草稿/DRAFT');
    expect(draft.find((r) => r.cells[0] === '状态')?.cells[1]).toBe('已公示（草稿/DRAFT）');
    expect(headerBlock(header).find((r) => r.cells[0] === '状态')?.cells[1]).toBe('已审核');
    expect(exportFileNames({ ...header, draft: true }, 'xlsx')).toEqual({
      utf8: '茌平区托育补贴支付清单_2026-03_草稿.xlsx',
      ascii: 'childcare-subsidy-payments-2026-03-DRAFT.xlsx',
    });
    expect(String(headerBlock(header)[0].cells[0])).not.toContain('草稿');
  });

  it('gives an ASCII fallback and an RFC 5987 UTF-8 name', () => {
    const value = contentDisposition(exportFileNames(header, 'csv'));
    expect(value).toMatch(/^attachment; filename="childcare-subsidy-payments-2026-03\.csv"; filename\*=UTF-8''/);
    expect(/[^\x20-\x7e]/.test(value)).toBe(false);
    expect(decodeURIComponent(value.split("UTF-8''")[1])).toBe('茌平区托育补贴支付清单_2026-03.csv');
  });

  it('lists institutions owed money, with children or with an adjustment', () => {
    expect(isListed(institution())).toBe(true);
    expect(isListed(institution({ amountFen: 0, adjustmentFen: -30000 }))).toBe(true);
    expect(isListed(institution({ amountFen: 0, adjustmentFen: 0, paidChildren: 0, secondChildCount: 0, thirdChildCount: 0 }))).toBe(false);
  });

  it('adds up the control totals', () => {
    const totals = new ExportTotals();
    totals.add(institution());
    totals.add(institution({ secondChildCount: 4, thirdChildCount: 0, adjustmentFen: 0, amountFen: 120000 }));
    expect(totals.toJSON()).toEqual({
      institutions: 2,
      children: 7,
      secondChildren: 6,
      thirdChildren: 1,
      adjustmentFen: -5000,
      amountFen: 215000,
    });
    const block = totalsBlock(totals);
    expect(block[0].cells).toEqual(['合计', '', '', '', '', 6, 1, { fen: -5000n }, { fen: 215000n }, '', '']);
    expect(block.slice(-2).map((r) => r.cells[0])).toEqual(['经办人：', '日期：']);
    expect(block.slice(-6, -3).map((r) => r.cells)).toEqual([
      ['机构数', 2],
      ['儿童数', 7],
      ['金额合计(元)', { fen: 215000n }],
    ]);
  });
});

describe('csvStream', () => {
  it('is UTF-8 with BOM, CRLF, yuan with two decimals, account numbers as text', async () => {
    const out = await text(csvStream(from([institutionRow(institution())])));
    expect(out).toBe(
      '\uFEFF阳光托育中心,52371523MJ0000001X,中国农业银行茌平支行,阳光托育中心,"=""0062284800000012345""",2,1,"=""-50.00""","=""950.00""",,\r\n',
    );
  });

  it('neutralises formula-like names', async () => {
    const out = await text(csvStream(from([institutionRow(institution({ name: '=HYPERLINK("http://x","y")', bankAccountName: '+1' }))])));
    expect(out).toContain(`"'=HYPERLINK(""http://x"",""y"")",52371523MJ0000001X,中国农业银行茌平支行,'+1,`);
  });
});
