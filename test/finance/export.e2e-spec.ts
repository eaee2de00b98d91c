import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { fenToYuan } from '../../src/common/money';
import { SettlementPayouts } from '../../src/settlement/settlement-payouts.service';
import { createTestApp, TestApp } from '../utils/test-app';
import { createInstitution, createSettlement, freshMonth } from './finance-fixtures';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;
const YEARS: [number, number] = [2200, 2400];

describe('payment file export (GET /settlements/:id/export)', () => {
  let t: TestApp;
  let finance: User;
  let admin: User;
  let settlementId: string;
  let month: string;
  /** what the file must list, in credit-code order */
  let expected: {
    name: string;
    creditCode: string;
    bankName: string;
    bankAccountName: string;
    bankAccountNumber: string;
    second: number;
    third: number;
    adjustmentFen: number;
    amountFen: number;
  }[];

  beforeAll(async () => {
    t = await createTestApp();
    finance = await t.userWithToken('finance');
    admin = await t.userWithToken('admin');

    const plain = await createInstitution(t.prisma, { name: '阳光托育中心, "东区"' });
    const hostile = await createInstitution(t.prisma, {
      name: '=HYPERLINK("http://evil.example","点我")',
      bankName: '@SUM(1+1)',
      bankAccountName: '+1',
      bankAccountNumber: '-0012345678901234567890',
    });
    const leadingZeros = await createInstitution(t.prisma, { bankAccountNumber: '0000622848001234567890123' });
    const offset = await createInstitution(t.prisma, { bankName: null, bankAccountName: null, bankAccountNumber: null });
    const nothing = await createInstitution(t.prisma);

    month = freshMonth(YEARS);
    const settlement = await createSettlement(t.prisma, month, 'APPROVED', [
      { institutionId: plain.id, second: 3, third: 2 },
      { institutionId: hostile.id, second: 1, adjustmentFen: -12345 },
      { institutionId: leadingZeros.id, third: 7, adjustmentFen: 30001 },
      // fully offset against an earlier overpayment: listed with 0.00
      { institutionId: offset.id, second: 1, carriedInFen: 50000 },
      // part of the settlement with nothing at all: not listed
      { institutionId: nothing.id },
    ]);
    settlementId = settlement.id;
    const shares = await t.prisma.settlementInstitution.findMany({ where: { settlementId }, include: { institution: true } });
    expected = shares
      .filter((s) => s.institutionId !== nothing.id)
      .map((s) => ({
        name: s.institution.name,
        creditCode: s.institution.creditCode,
        bankName: s.institution.bankName ?? '',
        bankAccountName: s.institution.bankAccountName ?? '',
        bankAccountNumber: s.institution.bankAccountNumber ?? '',
        second: s.secondChildCount,
        third: s.thirdChildCount,
        adjustmentFen: Number(s.adjustmentFen),
        amountFen: Number(s.amountFen),
      }))
      .sort((a, b) => (a.creditCode < b.creditCode ? -1 : 1));
    expect(expected).toHaveLength(4);
  });
  afterAll(() => t.close());

  const download = (id: string, format: 'csv' | 'xlsx', user: User = finance) =>
    t.http().get(`/api/v1/settlements/${id}/export?format=${format}`).set(user.auth).responseType('blob');

  const sum = (pick: (e: (typeof expected)[number]) => number) => expected.reduce((s, e) => s + pick(e), 0);

  async function readXlsx(body: Buffer) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    return wb.worksheets[0];
  }

  it('XLSX: header block, one row per institution by credit code, totals and control totals match the settlement', async () => {
    const res = await download(settlementId, 'xlsx');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="childcare-subsidy-payments-${month}.xlsx"; filename*=UTF-8''${encodeURIComponent(`茌平区托育补贴支付清单_${month}.xlsx`)}`,
    );
    expect(res.headers['cache-control']).toBe('no-store');

    const sheet = await readXlsx(res.body);
    const text = (row: number, col: number) => sheet.getRow(row).getCell(col).value;
    expect(String(text(1, 1))).toContain(month);
    expect(String(text(1, 1))).not.toContain('草稿');
    expect([2, 3, 4, 5, 6, 7].map((r) => [text(r, 1), text(r, 2)])).toEqual([
      ['区县', '茌平区'],
      ['月份', month],
      ['结算编号', settlementId],
      ['状态', '已审核'],
      ['生成时间', expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/)],
      ['生成人', expect.stringMatching(/^finance-/)],
    ]);
    expect(sheet.getRow(9).values).toEqual([
      undefined,
      '机构名称',
      '统一社会信用代码',
      '开户银行',
      '账户名称',
      '银行账号',
      '二孩人数',
      '三孩人数',
      '调整金额(元)',
      '金额(元)',
      '凭证号',
      '支付日期',
    ]);
    expect(sheet.getRow(9).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 9 });
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(30);
    expect(sheet.getColumn(5).width).toBeGreaterThanOrEqual(20);

    expected.forEach((e, i) => {
      const row = sheet.getRow(10 + i);
      expect(row.values).toEqual([
        undefined,
        e.name,
        e.creditCode,
        // an empty cell stays empty (with the Text format)
        e.bankName || undefined,
        e.bankAccountName || undefined,
        e.bankAccountNumber || undefined,
        e.second,
        e.third,
        Number(fenToYuan(e.adjustmentFen)),
        Number(fenToYuan(e.amountFen)),
      ]);
      // text cells are strings with the Text format, never formulas; money is a number shown with two decimals
      for (const col of e.bankAccountNumber ? [1, 2, 5] : [1, 2]) {
        expect(row.getCell(col).type).toBe(ExcelJS.ValueType.String);
        expect(row.getCell(col).numFmt).toBe('@');
      }
      expect(row.getCell(8).numFmt).toBe('0.00');
      expect(row.getCell(9).numFmt).toBe('0.00');
      expect(Math.round((row.getCell(9).value as number) * 100)).toBe(e.amountFen);
      expect(Math.round((row.getCell(8).value as number) * 100)).toBe(e.adjustmentFen);
    });

    const totals = sheet.getRow(10 + expected.length);
    expect(totals.getCell(1).value).toBe('合计');
    expect([6, 7, 8, 9].map((c) => totals.getCell(c).value)).toEqual([
      sum((e) => e.second),
      sum((e) => e.third),
      Number(fenToYuan(sum((e) => e.adjustmentFen))),
      Number(fenToYuan(sum((e) => e.amountFen))),
    ]);
    const control = [3, 4, 5].map((k) => sheet.getRow(10 + expected.length + k));
    expect(sheet.getRow(10 + expected.length + 2).getCell(1).value).toBe('控制合计');
    expect(control.map((r) => [r.getCell(1).value, r.getCell(2).value])).toEqual([
      ['机构数', 4],
      ['儿童数', sum((e) => e.second + e.third)],
      ['金额合计(元)', Number(fenToYuan(sum((e) => e.amountFen)))],
    ]);
    // a blank row, then where the clerks sign
    expect([7, 8].map((k) => sheet.getRow(10 + expected.length + k).getCell(1).value)).toEqual(['经办人：', '日期：']);
    expect(sheet.rowCount).toBe(10 + expected.length + 8);
  });

  it('XLSX: formula-like text stays plain text, account numbers keep every digit and leading zero', async () => {
    const sheet = await readXlsx((await download(settlementId, 'xlsx')).body);
    const rows = expected.map((_, i) => sheet.getRow(10 + i));
    const hostile = rows.find((r) => String(r.getCell(1).value).startsWith('='))!;
    expect(hostile.getCell(1).value).toBe('=HYPERLINK("http://evil.example","点我")');
    expect(hostile.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(hostile.getCell(1).formula).toBeUndefined();
    expect(hostile.getCell(3).value).toBe('@SUM(1+1)');
    expect(hostile.getCell(4).value).toBe('+1');
    expect(hostile.getCell(5).value).toBe('-0012345678901234567890');
    const zeros = rows.find((r) => r.getCell(5).value === '0000622848001234567890123');
    expect(zeros?.getCell(5).type).toBe(ExcelJS.ValueType.String);
  });

  it('CSV: UTF-8 with BOM, CRLF, RFC 4180 quoting, neutralised cells, same figures', async () => {
    const res = await download(settlementId, 'csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`filename="childcare-subsidy-payments-${month}.csv"`);
    const body: Buffer = res.body;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '').includes('\n')).toBe(false);

    const records = parse(text, { relax_column_count: true }) as string[][];
    expect(records[0][0]).toContain(month);
    expect(records.slice(1, 7).map((r) => r[0])).toEqual(['区县', '月份', '结算编号', '状态', '生成时间', '生成人']);
    expect(records[3][1]).toBe(settlementId);
    expect(records[8]).toEqual([
      '机构名称',
      '统一社会信用代码',
      '开户银行',
      '账户名称',
      '银行账号',
      '二孩人数',
      '三孩人数',
      '调整金额(元)',
      '金额(元)',
      '凭证号',
      '支付日期',
    ]);
    // formula-like text neutralised; digits and amounts as ="…" so a spreadsheet shows them exactly
    const neutral = (s: string) => (/^[=+\-@]/.test(s) ? `'${s}` : /^\d+$/.test(s) ? `="${s}"` : s);
    const money = (fen: number) => `="${fenToYuan(fen)}"`;
    expect(records.slice(9, 9 + expected.length)).toEqual(
      expected.map((e) => [
        neutral(e.name),
        neutral(e.creditCode),
        neutral(e.bankName),
        neutral(e.bankAccountName),
        neutral(e.bankAccountNumber),
        String(e.second),
        String(e.third),
        money(e.adjustmentFen),
        money(e.amountFen),
        '',
        '',
      ]),
    );
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(text).toContain('"阳光托育中心, ""东区"""');
    const rest = records.slice(9 + expected.length);
    expect(rest[0]).toEqual([
      '合计',
      '',
      '',
      '',
      '',
      String(sum((e) => e.second)),
      String(sum((e) => e.third)),
      money(sum((e) => e.adjustmentFen)),
      money(sum((e) => e.amountFen)),
      '',
      '',
    ]);
    expect(rest.slice(2, 6)).toEqual([
      ['控制合计'],
      ['机构数', '4'],
      ['儿童数', String(sum((e) => e.second + e.third))],
      ['金额合计(元)', money(sum((e) => e.amountFen))],
    ]);
    expect(rest.slice(7).map((r) => r[0])).toEqual(['经办人：', '日期：']);
  });

  it('re-exporting an unchanged settlement gives the same rows and totals; only generated-at may differ', async () => {
    const withoutTime = (b: Buffer) =>
      b
        .toString('utf8')
        .split('\r\n')
        .filter((l) => !l.startsWith('生成时间'));
    const first = await download(settlementId, 'csv');
    const second = await download(settlementId, 'csv', admin);
    const [a, b] = [withoutTime(first.body), withoutTime(second.body)];
    expect(a.filter((l) => !l.startsWith('生成人'))).toEqual(b.filter((l) => !l.startsWith('生成人')));
    expect(withoutTime((await download(settlementId, 'csv')).body)).toEqual(a);

    const x1 = await readXlsx((await download(settlementId, 'xlsx')).body);
    const x2 = await readXlsx((await download(settlementId, 'xlsx')).body);
    const values = (s: ExcelJS.Worksheet) => s.getRows(9, s.rowCount - 8)!.map((r) => r.values);
    expect(values(x1)).toEqual(values(x2));
  });

  it('audits every export with its control totals', async () => {
    const before = await t.prisma.auditLog.count({ where: { action: 'EXPORT_GENERATED', entityId: settlementId } });
    await download(settlementId, 'xlsx');
    const entries = await t.prisma.auditLog.findMany({
      where: { action: 'EXPORT_GENERATED', entityId: settlementId },
      orderBy: { id: 'asc' },
    });
    expect(entries).toHaveLength(before + 1);
    expect(entries.at(-1)).toMatchObject({
      actorId: finance.id,
      role: 'finance',
      entityType: 'Settlement',
      after: {
        format: 'xlsx',
        draft: false,
        institutions: 4,
        children: sum((e) => e.second + e.third),
        amountFen: sum((e) => e.amountFen),
      },
    });
  });

  it('marks a published settlement as a draft; refuses other states; 404 for an unknown one', async () => {
    const inst = await createInstitution(t.prisma);
    const published = await createSettlement(t.prisma, freshMonth(YEARS), 'PUBLISHED', [{ institutionId: inst.id, second: 1 }]);
    const res = await download(published.id, 'csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('-DRAFT.csv"');
    expect(decodeURIComponent(res.headers['content-disposition'])).toContain('_草稿.csv');
    const records = parse((res.body as Buffer).toString('utf8').slice(1), { relax_column_count: true }) as string[][];
    expect(records[0][0]).toContain('草稿/DRAFT');
    expect(records[4]).toEqual(['状态', '已公示（草稿/DRAFT）']);

    const xlsx = await download(published.id, 'xlsx');
    expect((await readXlsx(xlsx.body)).getRow(1).getCell(1).value).toEqual(expect.stringContaining('草稿/DRAFT'));

    for (const status of ['QUEUED', 'RUNNING', 'COMPUTED', 'FAILED'] as const) {
      const s = await createSettlement(t.prisma, freshMonth(YEARS), status, [{ institutionId: inst.id, second: 1 }]);
      const refused = await t.http().get(`/api/v1/settlements/${s.id}/export?format=xlsx`).set(finance.auth);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('SETTLEMENT_NOT_EXPORTABLE');
    }
    const missing = await t.http().get('/api/v1/settlements/00000000-0000-4000-8000-00000000abcd/export').set(finance.auth);
    expect(missing.status).toBe(404);
  });

  it('is for finance and admin only; format must be csv or xlsx', async () => {
    const inst = await createInstitution(t.prisma);
    const operator = await t.userWithToken('operator', inst.id);
    const auditor = await t.userWithToken('auditor');
    for (const user of [operator, auditor]) {
      expect((await t.http().get(`/api/v1/settlements/${settlementId}/export?format=csv`).set(user.auth)).status).toBe(403);
    }
    expect((await t.http().get(`/api/v1/settlements/${settlementId}/export?format=pdf`).set(finance.auth)).status).toBe(422);
    // xlsx by default
    const res = await t.http().get(`/api/v1/settlements/${settlementId}/export`).set(admin.auth).responseType('blob');
    expect(res.headers['content-type']).toContain('spreadsheetml');
  });

  it('reads the rows in credit-code batches without losing or repeating one', async () => {
    const settlements = t.app.get(SettlementPayouts);
    const batches: string[][] = [];
    for await (const batch of settlements.paymentFileBatches(settlementId, 2)) batches.push(batch.map((r) => r.creditCode));
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    const all = batches.flat();
    expect(all).toEqual([...all].sort());
    expect(all.filter((c) => expected.some((e) => e.creditCode === c))).toEqual(expected.map((e) => e.creditCode));
  });
});
