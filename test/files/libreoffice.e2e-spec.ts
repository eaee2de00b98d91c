import ExcelJS from 'exceljs';
import { fenToYuan } from '../../src/common/money';
import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { createSettlement, freshMonth } from '../finance/finance-fixtures';
import { createChild, createInstitution, uniqueCreditCode } from '../utils/factories';
import { LibreOffice } from '../utils/libreoffice';
import { createTestApp, TestApp } from '../utils/test-app';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;
const YEARS: [number, number] = [2500, 2700];
const FILLERS = 45;

/**
 * Every file the service produces, opened by the real spreadsheet program (headless LibreOffice): the cells it
 * shows, the pages it prints and the text on each page — not a re-parse with the library that wrote them.
 */
describe('files as LibreOffice opens and prints them', () => {
  let t: TestApp;
  let lo: LibreOffice;
  let finance: User;
  let admin: User;
  let auditor: User;
  let approvedId: string;
  let draftId: string;
  let approvedMonth: string;
  let digitsCode: string;

  const ACCOUNT = '6228480402564890018';
  const ZERO_ACCOUNT = '0371000100000012';
  const HOSTILE = '=HYPERLINK("http://evil.example","点我")';

  beforeAll(async () => {
    t = await createTestApp();
    lo = new LibreOffice();
    [finance, admin, auditor] = [await t.userWithToken('finance'), await t.userWithToken('admin'), await t.userWithToken('auditor')];
    do digitsCode = uniqueCreditCode();
    while (!/^\d{18}$/.test(digitsCode));
    const digits = await createInstitution(t.prisma, { name: '阳光托育中心', creditCode: digitsCode, bankAccountNumber: ACCOUNT });
    const zero = await createInstitution(t.prisma, { name: HOSTILE, bankAccountNumber: ZERO_ACCOUNT });
    const fillers = [];
    for (let i = 0; i < FILLERS; i++) fillers.push(await createInstitution(t.prisma, { name: `填充托育中心第${i}分园` }));
    const shares = [
      { institutionId: digits.id, second: 3, third: 1 },
      { institutionId: zero.id, second: 1 },
      ...fillers.map((f) => ({ institutionId: f.id, second: 1 })),
    ];
    approvedMonth = freshMonth(YEARS);
    const approved = await createSettlement(t.prisma, approvedMonth, 'APPROVED', shares);
    approvedId = approved.id;
    draftId = (await createSettlement(t.prisma, freshMonth(YEARS), 'PUBLISHED', shares)).id;

    const cipher = t.app.get(PiiCipher);
    const [second, first] = [
      await createChild(t.prisma, cipher, { birthDate: '2024-06-15' }),
      await createChild(t.prisma, cipher, { birthDate: '2024-07-15' }),
    ];
    await t.prisma.settlementLine.createMany({
      data: [
        {
          settlementId: approvedId,
          childId: second.id,
          institutionId: digits.id,
          forMonth: approvedMonth,
          birthOrder: 2,
          amountFen: 30000,
          reason: 'PAID_SECOND_CHILD',
        },
        {
          settlementId: approvedId,
          childId: first.id,
          institutionId: digits.id,
          forMonth: approvedMonth,
          birthOrder: 1,
          amountFen: 0,
          reason: 'FIRST_CHILD',
        },
      ],
    });
    const paidOn = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await t
      .http()
      .post(`/api/v1/settlements/${approvedId}/payments`)
      .set(finance.auth)
      .send({ payments: [{ institutionId: digits.id, amountFen: 130000, voucherNo: 'V-0001', paidOn }] })
      .expect(201);
  });
  afterAll(async () => {
    lo?.close();
    await t.close();
  });

  const download = async (path: string, user: User = finance): Promise<Buffer> => {
    const res = await t.http().get(path).set(user.auth).responseType('blob');
    expect(res.status).toBe(200);
    return res.body as Buffer;
  };
  const only = (sheets: Map<string, string[][]>) => [...sheets.values()][0];
  const rowOf = (rows: string[][], first: string) => rows.find((r) => r[0] === first);
  const digitsRow = (rows: string[][]) => rows.find((r) => r.includes(digitsCode))!;

  it('payment CSV: account numbers and all-digit credit codes digit for digit, amounts with two decimals, formulas stay text', async () => {
    const rows = only(await lo.cells(await download(`/api/v1/settlements/${approvedId}/export?format=csv`), 'csv'));
    expect(rowOf(rows, '状态')?.[1]).toBe('已审核');
    const header = rows.find((r) => r[0] === '机构名称')!;
    expect(header).toEqual([
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
    const row = digitsRow(rows);
    expect(row.slice(0, 9)).toEqual([
      '阳光托育中心',
      digitsCode,
      '中国农业银行茌平支行',
      expect.any(String),
      ACCOUNT,
      '3',
      '1',
      '0.00',
      '1300.00',
    ]);
    const hostile = rows.find((r) => r[4] === ZERO_ACCOUNT)!;
    expect(hostile[0]).toContain('HYPERLINK');
    expect(hostile[0]).not.toBe('点我');
    expect(hostile[8]).toBe('300.00');
    expect(rowOf(rows, '合计')?.[8]).toBe(fenToYuan(130000 + 30000 * (1 + FILLERS)));
  });

  it('payment XLSX: A4 landscape, one page wide, header row and page numbers on every page, sign-off block, cells as shown', async () => {
    const file = await download(`/api/v1/settlements/${approvedId}/export?format=xlsx`);
    const printed = await lo.print(file, 'xlsx');
    expect([Math.round(printed.width), Math.round(printed.height)]).toEqual([842, 595]);
    expect(printed.pages.length).toBeGreaterThanOrEqual(2);
    printed.pages.forEach((page, i) => {
      // every column on every page: one page wide
      expect(page).toMatch(/机构名称[\s\S]*统一社会信用代码[\s\S]*银行账号[\s\S]*金额\(元\)[\s\S]*凭证号\s+支付日期/);
      expect(page).toMatch(new RegExp(`第\\s*${i + 1}\\s*页\\s*共\\s*${printed.pages.length}\\s*页`));
      expect(page).not.toContain('草稿');
    });
    const all = printed.pages.join('\n');
    const line = all.split('\n').find((l) => l.includes('阳光托育中心'))!;
    expect(line).toContain(ACCOUNT);
    expect(line).toContain(digitsCode);
    expect(line).toContain('1300.00');
    const last = printed.pages.at(-1)!;
    for (const word of ['经办人', '复核人', '审批人', '单位盖章']) expect(last).toContain(word);

    const rows = only(await lo.cells(file, 'xlsx'));
    expect(rowOf(rows, '状态')?.[1]).toBe('已审核');
    expect(digitsRow(rows).slice(0, 9)).toEqual([
      '阳光托育中心',
      digitsCode,
      '中国农业银行茌平支行',
      expect.any(String),
      ACCOUNT,
      '3',
      '1',
      '0.00',
      '1300.00',
    ]);
    expect(rows.find((r) => r[4] === ZERO_ACCOUNT)?.[0]).toBe(HOSTILE);
  });

  it('a draft payment XLSX carries the draft mark on every printed page', async () => {
    const printed = await lo.print(await download(`/api/v1/settlements/${draftId}/export?format=xlsx`), 'xlsx');
    expect(printed.pages.length).toBeGreaterThanOrEqual(2);
    for (const page of printed.pages) expect(page).toContain('草稿/DRAFT');
  });

  it('per-child lines: XLSX and CSV show the reason in Chinese, masked IDs, amounts with two decimals', async () => {
    for (const format of ['xlsx', 'csv'] as const) {
      const file = await download(`/api/v1/settlements/${approvedId}/lines/export?format=${format}`, auditor);
      const rows = only(await lo.cells(file, format));
      const lines = rows.filter((r) => r[1] === digitsCode);
      expect(lines.map((r) => [r[0], r[4], r[5], r[6], r[7]])).toEqual([
        ['阳光托育中心', '2', '300.00', '二孩补贴', 'PAID_SECOND_CHILD'],
        ['阳光托育中心', '1', '0.00', '一孩（不补贴）', 'FIRST_CHILD'],
      ]);
      for (const r of lines) expect(r[2]).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    }
    const printed = await lo.print(await download(`/api/v1/settlements/${approvedId}/lines/export`), 'xlsx');
    expect(printed.pages).toHaveLength(1);
    expect(printed.pages[0]).toMatch(/第\s*1\s*页\s*共\s*1\s*页/);
    expect(printed.pages[0]).toContain('二孩补贴');
  });

  it('reconciliation: XLSX and CSV per institution with the result in Chinese and a totals row', async () => {
    for (const format of ['xlsx', 'csv'] as const) {
      const rows = only(await lo.cells(await download(`/api/v1/settlements/${approvedId}/reconciliation/export?format=${format}`), format));
      expect(digitsRow(rows).slice(0, 7)).toEqual(['阳光托育中心', digitsCode, '1300.00', '1300.00', '0.00', '已足额支付', 'V-0001']);
      // the CSV neutralised the name with a leading apostrophe, which the program shows
      expect(rows.find((r) => r[0].includes('HYPERLINK'))?.slice(2, 6)).toEqual(['300.00', '0.00', '-300.00', '未支付']);
      const expected = 130000 + 30000 * (1 + FILLERS);
      expect(rowOf(rows, '合计')?.slice(2, 5)).toEqual([fenToYuan(expected), '1300.00', fenToYuan(130000 - expected)]);
    }
    // a read: the settlement is still APPROVED (it is not fully paid, and the download never moves it)
    expect((await t.prisma.settlement.findUniqueOrThrow({ where: { id: approvedId } })).status).toBe('APPROVED');
  });

  it('audit log: the exports above are in it, in Chinese and by code; it prints with the header on every page', async () => {
    const file = await download('/api/v1/audit-logs/export?action=EXPORT_GENERATED', auditor);
    const rows = only(await lo.cells(file, 'xlsx'));
    const header = rows.findIndex((r) => r[0] === '序号');
    const entries = rows.slice(header + 1);
    expect(entries.length).toBeGreaterThanOrEqual(8);
    for (const r of entries) expect([r[2], r[3]]).toEqual(['导出文件', 'EXPORT_GENERATED']);
    expect(entries.some((r) => r[9].includes('SettlementLines'))).toBe(true);
    const csv = only(await lo.cells(await download('/api/v1/audit-logs/export?format=csv', admin), 'csv'));
    expect(csv.some((r) => r[3] === 'PAYMENTS_RECORDED' && r[2] === '录入支付')).toBe(true);
    const printed = await lo.print(file, 'xlsx');
    for (const page of printed.pages) expect(page).toMatch(/序号[\s\S]*操作代码/);
  });

  it('roster template: ID column as text, 孩次 validated 1–9, date columns as dates, a 填写说明 sheet', async () => {
    const file = await download('/api/v1/rosters/template');
    const sheets = await lo.cells(file, 'xlsx');
    expect([...sheets.keys()]).toEqual(expect.arrayContaining(['花名册', '填写说明']));
    expect(sheets.get('花名册')![0]).toEqual(['身份证号', '姓名', '孩次', '监护人', '联系电话', '入托日期', '离托日期', '出勤天数']);
    expect(sheets.get('填写说明')!.flat().join('')).toMatch(/填写说明[\s\S]*文本/);

    const xml = await lo.flatXml(file);
    const table = xml.slice(xml.indexOf('<table:table table:name="花名册"'), xml.indexOf('<table:table table:name="填写说明"'));
    const validations = [...xml.matchAll(/<table:content-validation table:name="(\w+)" table:condition="([^"]+)"/g)];
    const condition = (n: string) => validations.find((v) => v[1] === n)?.[2];
    const used = [...table.matchAll(/table:content-validation-name="(\w+)"/g)].map((m) => condition(m[1]));
    expect(used).toEqual(expect.arrayContaining([expect.stringMatching(/whole-number\(\) and cell-content-is-between\(1,9\)/)]));
    expect(used).toEqual(expect.arrayContaining([expect.stringMatching(/is-date\(\)/)]));
    const columnStyles = [...table.matchAll(/<table:table-column [^>]*table:default-cell-style-name="(\w+)"/g)].map((m) => m[1]);
    const dataStyle = (cellStyle: string) => new RegExp(`style:name="${cellStyle}"[^>]*style:data-style-name="(\\w+)"`).exec(xml)?.[1];
    const kind = (cellStyle: string) => new RegExp(`<number:(\\w+)-style style:name="${dataStyle(cellStyle)}"`).exec(xml)?.[1];
    expect(kind(columnStyles[0])).toBe('text');
    expect(columnStyles.map(kind)).toContain('date');
  });

  it('the payment list saved again by LibreOffice and filled in with 凭证号 and 支付日期 is accepted as the bank file', async () => {
    const a = await createInstitution(t.prisma);
    const b = await createInstitution(t.prisma);
    const nothing = await createInstitution(t.prisma);
    const settlement = await createSettlement(t.prisma, freshMonth(YEARS), 'APPROVED', [
      { institutionId: a.id, second: 2 },
      { institutionId: b.id, third: 1 },
      // listed with 0.00 (offset against an earlier overpayment): nothing to pay, left empty
      { institutionId: nothing.id, second: 1, carriedInFen: 30000 },
    ]);
    const saved = await lo.resave(await download(`/api/v1/settlements/${settlement.id}/export?format=xlsx`));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(saved as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const paidOn = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    let n = 0;
    sheet.eachRow((row) => {
      const amount = row.getCell(9).value;
      if (typeof amount === 'number' && amount > 0 && [a.creditCode, b.creditCode].includes(String(row.getCell(2).value))) {
        row.getCell(10).value = `LO-${++n}`;
        row.getCell(11).value = paidOn;
      }
    });
    expect(n).toBe(2);
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await t
      .http()
      .post(`/api/v1/settlements/${settlement.id}/payments/import`)
      .set(finance.auth)
      .attach('file', filled, '支付清单.xlsx');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ recorded: 2, status: 'PAID', expectedFen: 100000, paidFen: 100000, outstandingFen: 0 });
  });
});
