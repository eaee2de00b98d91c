import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { createFiledInstitution, createInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

/** The capacity report as XLSX and CSV: the same figures as GET /stats/capacity, per township and for the district. */
describe('GET /stats/capacity/export', () => {
  let t: TestApp;
  const tag = randomUUID().slice(0, 8);
  const north = `XN${tag}`;
  const south = `XS${tag}`;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('writes one row per township with slots per 1,000, the target and the inclusive share, and the district total', async () => {
    const admin = await t.userWithToken('admin');
    await t.http().put(`/api/v1/townships/${north}`).set(admin.auth).send({ name: '北镇', population: 30000 }).expect(200);
    await t.http().put(`/api/v1/townships/${south}`).set(admin.auth).send({ name: '南镇', population: 20000 }).expect(200);
    await createFiledInstitution(t.prisma, { inclusiveFrom: '2024-01', data: { township: north, approvedSlots: 90 } });
    await createFiledInstitution(t.prisma, { inclusiveFrom: null, data: { township: north, approvedSlots: 60 } });
    await createFiledInstitution(t.prisma, { inclusiveFrom: null, data: { township: south, approvedSlots: 33 } });
    const report = (await t.http().get('/api/v1/stats/capacity').set(admin.auth).expect(200)).body as {
      month: string;
      district: { approvedSlots: number; population: number };
    };

    const res = await t.http().get('/api/v1/stats/capacity/export').set(admin.auth).responseType('blob').expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(res.headers['content-disposition'])).toContain(`茌平区托位统计_${report.month}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ArrayBuffer);
    const rows = Array.from(book.worksheets[0].getSheetValues(), (r) =>
      Array.isArray(r) ? Array.from(r.slice(1), (c: unknown) => (c === undefined || c === null ? '' : c)) : [],
    );
    const header = rows.findIndex((r) => r[0] === '乡镇（街道）代码');
    expect(rows[header]).toEqual([
      '乡镇（街道）代码',
      '乡镇（街道）',
      '常住人口',
      '已备案机构数',
      '核定托位数',
      '每千人口托位数',
      '是否达标',
      '普惠托位数',
      '普惠占比',
    ]);
    expect(rows.find((r) => r[0] === north)).toEqual([north, '北镇', 30000, 2, 150, '5.00', '达标', 90, '60.00%']);
    expect(rows.find((r) => r[0] === south)).toEqual([south, '南镇', 20000, 1, 33, '1.65', '未达标', 0, '0.00%']);
    const district = rows.find((r) => r[1] === '全区');
    expect(district?.slice(2, 5)).toEqual([report.district.population, expect.any(Number), report.district.approvedSlots]);
    expect(rows.some((r) => r.includes('每千人口 5 个托位'))).toBe(true);

    const csv = await t.http().get('/api/v1/stats/capacity/export?format=csv').set(admin.auth).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain(`${north},北镇,30000,2,150,5.00,达标,90,60.00%`);
  });

  it('is open to finance and auditors, not to operators', async () => {
    for (const role of ['finance', 'auditor'] as const) {
      const user = await t.userWithToken(role);
      await t.http().get('/api/v1/stats/capacity/export?format=csv').set(user.auth).expect(200);
    }
    const inst = await createInstitution(t.prisma);
    const operator = await t.userWithToken('operator', inst.id);
    expect((await t.http().get('/api/v1/stats/capacity/export').set(operator.auth)).status).toBe(403);
    expect(
      (
        await t
          .http()
          .get('/api/v1/stats/capacity/export?format=pdf')
          .set((await t.userWithToken('admin')).auth)
      ).status,
    ).toBe(422);
  });
});
