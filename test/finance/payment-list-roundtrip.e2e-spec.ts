import ExcelJS from 'exceljs';
import { createInstitution, createSettlement, freshMonth } from './finance-fixtures';
import { createTestApp, TestApp } from '../utils/test-app';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;
const YEARS: [number, number] = [2700, 2800];

/** The downloaded 支付清单, filled in with 凭证号 and 支付日期, is the bank file: its totals, sign-off and empty rows are not payments. */
describe('the filled-in payment list as the bank file', () => {
  let t: TestApp;
  let finance: User;
  const paidOn = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await createTestApp();
    finance = await t.userWithToken('finance');
  });
  afterAll(() => t.close());

  async function approvedMonth() {
    const [a, b, offset] = [await createInstitution(t.prisma), await createInstitution(t.prisma), await createInstitution(t.prisma)];
    const settlement = await createSettlement(t.prisma, freshMonth(YEARS), 'APPROVED', [
      { institutionId: a.id, second: 2 },
      { institutionId: b.id, third: 1, adjustmentFen: -5000 },
      // fully offset against an earlier overpayment: listed with 0.00, nothing to pay
      { institutionId: offset.id, second: 1, carriedInFen: 30000 },
    ]);
    return { settlement, payable: [a.creditCode, b.creditCode] };
  }

  const download = async (id: string, format: 'csv' | 'xlsx') =>
    (await t.http().get(`/api/v1/settlements/${id}/export?format=${format}`).set(finance.auth).responseType('blob').expect(200))
      .body as Buffer;
  const upload = (id: string, file: Buffer, name: string) =>
    t.http().post(`/api/v1/settlements/${id}/payments/import`).set(finance.auth).attach('file', file, name);

  it('XLSX: accepted as it is filled in; the settlement is then paid', async () => {
    const { settlement, payable } = await approvedMonth();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download(settlement.id, 'xlsx')) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    let n = 0;
    sheet.eachRow((row) => {
      if (payable.includes(String(row.getCell(2).value))) {
        row.getCell(10).value = `X-${settlement.month}-${++n}`;
        row.getCell(11).value = new Date(`${paidOn}T00:00:00Z`);
      }
    });
    const res = await upload(settlement.id, Buffer.from(await wb.xlsx.writeBuffer()), '支付清单.xlsx');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ recorded: 2, status: 'PAID', expectedFen: 95000, paidFen: 95000 });
  });

  it('CSV: accepted as it is filled in (="…" cells read as their text); a row left without 凭证号 is reported, the totals rows are not', async () => {
    const { settlement, payable } = await approvedMonth();
    const lines = (await download(settlement.id, 'csv')).toString('utf8').split('\r\n');
    let n = 0;
    const fill = (skip: number) =>
      lines
        .map((line) => {
          if (!payable.some((code) => line.includes(code))) return line;
          n += 1;
          return n === skip ? line : line.replace(/,,$/, `,C-${settlement.month}-${n},${paidOn}`);
        })
        .join('\r\n');

    const missing = await upload(settlement.id, Buffer.from(fill(1)), '支付清单.csv').expect(422);
    // only the row left empty: nothing about the totals, control totals or sign-off rows
    const details = missing.body.details as { index: number; field: string; code: string }[];
    expect(details.map((d) => [d.field, d.code])).toEqual([
      ['凭证号', 'REQUIRED'],
      ['支付日期', 'REQUIRED'],
    ]);
    expect(new Set(details.map((d) => d.index)).size).toBe(1);
    expect(missing.body.details[0].message).toMatch(/^第 \d+ 行：凭证号为空$/);

    n = 0;
    const res = await upload(settlement.id, Buffer.from(fill(0)), '支付清单.csv');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ recorded: 2, status: 'PAID', paidFen: 95000 });
  });
});
