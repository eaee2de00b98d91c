import ExcelJS from 'exceljs';
import { checkResidentId } from '../../src/common/identity/resident-id';
import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { createFiledInstitution, uniqueResidentId } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { xlsxBomb } from '../utils/xlsx-bomb';
import { childName, entry } from './roster-fixtures';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;
const MONTH = '2026-03';

/** Roster files as clerks make them: synonyms, other sheets, dates and numbers as programs save them, Excel damage. */
describe('roster files as clerks make them', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function setup() {
    const institution = await createFiledInstitution(t.prisma, { data: { approvedSlots: 50 } });
    const operator = await t.userWithToken('operator', institution.id);
    return { institution, operator };
  }

  const upload = (user: User, institutionId: string, body: Buffer, filename: string) =>
    t.http().post(`/api/v1/institutions/${institutionId}/rosters/import?month=${MONTH}`).set(user.auth).attach('file', body, filename);

  async function book(sheets: [string, unknown[][]][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    for (const [name, rows] of sheets) {
      const ws = wb.addWorksheet(name);
      for (const r of rows) ws.addRow(r);
    }
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  const stored = async (institutionId: string) => t.prisma.roster.count({ where: { institutionId } });

  it('the template downloads as XLSX, and filled in it is accepted as it is', async () => {
    const { institution, operator } = await setup();
    const res = await t.http().get('/api/v1/rosters/template').set(operator.auth).responseType('blob').expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('roster-template.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['花名册', '填写说明']);
    const sheet = wb.getWorksheet('花名册')!;
    expect(sheet.getColumn(1).numFmt).toBe('@');
    const e = entry();
    sheet.addRow([e.idNumber, e.name, 2, e.guardianName, e.guardianPhone, new Date(Date.UTC(2025, 8, 1)), null, 18]);
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const created = await upload(operator, institution.id, filled, '花名册.xlsx').expect(201);
    expect(created.body.summary.entryCount).toBe(1);
  });

  it('finds the header on a later sheet below a title, under the titles clerks use; dates and numbers as programs save them', async () => {
    const { institution, operator } = await setup();
    const [a, b, c, d] = [entry(), entry(), entry(), entry()];
    const file = await book([
      ['填写说明', [['请按模板填写'], ['身份证号一列请设为文本']]],
      [
        '三月名单',
        [
          ['某某托育中心2026年3月花名册'],
          ['填报单位：某某托育中心'],
          ['身份证号码', '幼儿姓名', '孩次', '监护人姓名', '联系方式', '入托时间', '离托日期', '出勤天数'],
          [a.idNumber, a.name, '2', '家长甲', '13800001111', '20250901', null, '10.0'],
          [b.idNumber, b.name, 2, '家长乙', null, '2025-09-01 00:00:00', null, 18],
          [c.idNumber, c.name, 3, '家长丙', null, 45901, null, 20],
          [d.idNumber, d.name, '2', '家长丁', null, '2025年9月1日', '2026/3/20', '15'],
        ],
      ],
    ]);
    const res = await upload(operator, institution.id, file, 'roster.xlsx').expect(201);
    expect(
      res.body.entries.map((x: { rowIndex: number; enrolledOn: string; attendanceDays: number }) => [
        x.rowIndex,
        x.enrolledOn,
        x.attendanceDays,
      ]),
    ).toEqual([
      [4, '2025-09-01', 10],
      [5, '2025-09-01', 18],
      [6, '2025-09-01', 20],
      [7, '2025-09-01', 15],
    ]);

    // the same in CSV, with other common titles
    const other = await setup();
    const e = entry();
    const text = `证件号码,姓名,孩次,家长姓名,联系电话,入托日期,离托日期,出勤天数\r\n${e.idNumber},${e.name},2,家长,,20250901,,10.0\r\n`;
    await upload(other.operator, other.institution.id, Buffer.from(text), 'r.csv').expect(201);
  });

  it('a header-only file is 422 EMPTY_ROSTER, stores nothing, and does not block the real upload', async () => {
    const { institution, operator } = await setup();
    const header = '身份证号,姓名,孩次,监护人,联系电话,入托日期,离托日期,出勤天数\r\n,,,,,,,\r\n';
    const res = await upload(operator, institution.id, Buffer.from(header), 'r.csv').expect(422);
    expect(res.body.code).toBe('EMPTY_ROSTER');
    expect(res.body.message).toMatch(/只有表头/);
    const xlsxOnly = await book([['花名册', [header.split('\r\n')[0].split(',')]]]);
    expect((await upload(operator, institution.id, xlsxOnly, 'r.xlsx').expect(422)).body.code).toBe('EMPTY_ROSTER');
    expect(await stored(institution.id)).toBe(0);
    const e = entry();
    const real = `${header.split('\r\n')[0]}\r\n${e.idNumber},${e.name},2,家长,,2025-09-01,,18\r\n`;
    await upload(operator, institution.id, Buffer.from(real), 'r.csv').expect(201);
  });

  it('refuses an ID in scientific notation or with zeroed trailing digits, naming the row and the 文本 format; stores nothing', async () => {
    const { institution, operator } = await setup();
    const good = entry();
    // what Excel keeps of an 18-digit number: 15 significant digits, the last three zeroed
    let damaged = '';
    while (!damaged) {
      const id = uniqueResidentId('2024-06-15');
      const zeroed = `${id.slice(0, 15)}000`;
      // the damaged number passes the check digit about one time in eleven: use one that does, the worst case
      if (!checkResidentId(zeroed)) damaged = zeroed;
    }
    const rows = [
      '身份证号,姓名,孩次,监护人,联系电话,入托日期,离托日期,出勤天数',
      `${good.idNumber},${childName()},2,家长,,2025-09-01,,18`,
      `3.71523E+17,${childName()},2,家长,,2025-09-01,,18`,
      `${damaged},${childName()},2,家长,,2025-09-01,,18`,
    ];
    const res = await upload(operator, institution.id, Buffer.from(rows.join('\r\n')), 'r.csv').expect(422);
    const id = res.body.details.filter((d: { field: string }) => d.field === 'idNumber');
    expect(id.map((d: { index: number; code: string }) => [d.index, d.code])).toEqual([
      [3, 'ID_NUMBER_INVALID'],
      [4, 'ID_NUMBER_INVALID'],
    ]);
    expect(id[0].message).toMatch(/第 3 行.*科学计数法.*文本/);
    expect(id[1].message).toMatch(/第 4 行.*000.*文本/);
    expect(await stored(institution.id)).toBe(0);
    const cipher = t.app.get(PiiCipher);
    expect(await t.prisma.child.count({ where: { idHash: { in: [good.idNumber, damaged].map((x) => cipher.hmac(x)) } } })).toBe(0);

    // a number cell in an .xlsx: the same advice
    const numeric = await book([
      ['花名册', [rows[0].split(','), [Number(good.idNumber), childName(), 2, '家长', null, '2025-09-01', null, 18]]],
    ]);
    const answer = await upload(operator, institution.id, numeric, 'r.xlsx').expect(422);
    expect(answer.body.details[0]).toMatchObject({ index: 2, field: 'idNumber', code: 'ID_NUMBER_INVALID' });
    expect(answer.body.details[0].message).toMatch(/第 2 行.*文本/);
  });

  it('a decompression bomb is refused within seconds (413), for rosters and bank files, and the server keeps answering', async () => {
    const { institution, operator } = await setup();
    const bomb = xlsxBomb(500);
    const lying = xlsxBomb(500, 1);
    const started = Date.now();
    for (const file of [bomb, lying]) {
      const res = await upload(operator, institution.id, file, 'roster.xlsx').expect(413);
      expect(res.body).toMatchObject({ statusCode: 413, code: 'FILE_TOO_LARGE' });
      expect(res.body.message).toMatch(/解压后过大/);
    }
    const finance = await t.userWithToken('finance');
    const settlement = await t.prisma.settlement.create({ data: { month: '2391-07', status: 'APPROVED', approvedAt: new Date() } });
    const bank = await t
      .http()
      .post(`/api/v1/settlements/${settlement.id}/payments/import`)
      .set(finance.auth)
      .attach('file', bomb, '回单.xlsx')
      .expect(413);
    expect(bank.body.code).toBe('FILE_TOO_LARGE');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(process.memoryUsage().rss).toBeLessThan(1.5 * 1024 ** 3);
    await t.http().get('/health').expect(200);
    expect(await stored(institution.id)).toBe(0);
  });
});
