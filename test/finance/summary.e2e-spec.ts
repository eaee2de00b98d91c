import { randomInt, randomUUID } from 'node:crypto';
import { createTestApp, TestApp } from '../utils/test-app';
import { createInstitution, createSettlement } from './finance-fixtures';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;

describe('finance summary (GET /finance/summary?year=)', () => {
  let t: TestApp;
  let finance: User;
  // a year of its own: no other test file settles or grants anything in it
  const year = randomInt(2700, 3000);

  beforeAll(async () => {
    t = await createTestApp();
    finance = await t.userWithToken('finance');
    const [a, b] = await Promise.all([createInstitution(t.prisma), createInstitution(t.prisma)]);

    // January: approved, A paid in full, B partly (owed 100000 + 40000)
    const jan = await createSettlement(t.prisma, `${year}-01`, 'APPROVED', [
      { institutionId: a.id, second: 2, third: 1 },
      { institutionId: b.id, third: 1 },
    ]);
    // March: paid; A overpaid by 100 — an overpayment does not reduce what is outstanding elsewhere
    const mar = await createSettlement(t.prisma, `${year}-03`, 'PAID', [{ institutionId: a.id, second: 1 }]);
    // April: published only, not yet owed
    await createSettlement(t.prisma, `${year}-04`, 'PUBLISHED', [{ institutionId: a.id, second: 5 }]);
    const pay = (settlementId: string, institutionId: string, amountFen: number) =>
      t.prisma.payment.create({
        data: { settlementId, institutionId, amountFen, voucherNo: `SUM-${randomUUID()}`, paidOn: new Date('2025-05-05') },
      });
    await pay(jan.id, a.id, 100000);
    await pay(jan.id, b.id, 15000);
    await pay(mar.id, a.id, 30100);

    const grant = async (
      status: 'PENDING' | 'APPROVED' | 'DISBURSED' | 'REJECTED',
      kind: 'CONSTRUCTION' | 'ADVANCED_AWARD',
      components: { source: 'CITY' | 'DISTRICT'; amountFen: number; paid: number[] }[],
      grantYear = year,
    ) => {
      const g = await t.prisma.grant.create({
        data: { institutionId: a.id, kind, year: grantYear, status, uniqueKey: `${kind}:${randomUUID()}`, createdById: finance.id },
      });
      for (const c of components) {
        const component = await t.prisma.grantComponent.create({
          data: { grantId: g.id, source: c.source, amountFen: c.amountFen, paidFen: c.paid.reduce((s, x) => s + x, 0) },
        });
        for (const amountFen of c.paid) {
          await t.prisma.grantDisbursement.create({
            data: { componentId: component.id, amountFen, voucherNo: `GD-${randomUUID()}`, paidOn: new Date('2025-05-05') },
          });
        }
      }
    };
    await grant('APPROVED', 'CONSTRUCTION', [
      { source: 'CITY', amountFen: 15000000, paid: [10000000, 5000000] },
      { source: 'DISTRICT', amountFen: 10000000, paid: [] },
    ]);
    await grant('DISBURSED', 'ADVANCED_AWARD', [{ source: 'DISTRICT', amountFen: 500000, paid: [500000] }]);
    // not counted: pending, rejected, another year
    await grant('PENDING', 'ADVANCED_AWARD', [{ source: 'DISTRICT', amountFen: 700000, paid: [] }]);
    await grant('REJECTED', 'ADVANCED_AWARD', [{ source: 'CITY', amountFen: 900000, paid: [] }]);
    await grant('APPROVED', 'ADVANCED_AWARD', [{ source: 'CITY', amountFen: 800000, paid: [] }], year + 1);
  });
  afterAll(() => t.close());

  it('totals subsidies by month and grants by funding source for the year', async () => {
    const res = await t.http().get(`/api/v1/finance/summary?year=${year}`).set(finance.auth);
    expect(res.status).toBe(200);
    const { subsidies, grants } = res.body;
    expect(subsidies.months).toHaveLength(12);
    expect(subsidies.months[0]).toMatchObject({
      month: `${year}-01`,
      status: 'APPROVED',
      expectedFen: 140000,
      paidFen: 115000,
      outstandingFen: 25000,
    });
    expect(subsidies.months[1]).toEqual({
      month: `${year}-02`,
      settlementId: null,
      status: null,
      expectedFen: 0,
      paidFen: 0,
      outstandingFen: 0,
    });
    expect(subsidies.months[2]).toMatchObject({
      month: `${year}-03`,
      status: 'PAID',
      expectedFen: 30000,
      paidFen: 30100,
      outstandingFen: 0,
    });
    expect(subsidies.months[3]).toMatchObject({ month: `${year}-04`, settlementId: null, expectedFen: 0 });
    expect(subsidies).toMatchObject({ expectedFen: 170000, paidFen: 145100, outstandingFen: 25000 });

    expect(grants.sources).toEqual([
      { source: 'CITY', approvedFen: 15000000, disbursedFen: 15000000, outstandingFen: 0 },
      { source: 'DISTRICT', approvedFen: 10500000, disbursedFen: 500000, outstandingFen: 10000000 },
    ]);
    expect(grants).toMatchObject({ approvedFen: 25500000, disbursedFen: 15500000, outstandingFen: 10000000 });
  });

  it('is for finance, admin and auditor; needs a year', async () => {
    for (const role of ['admin', 'auditor'] as const) {
      expect(
        (
          await t
            .http()
            .get(`/api/v1/finance/summary?year=${year}`)
            .set((await t.userWithToken(role)).auth)
        ).status,
      ).toBe(200);
    }
    const inst = await createInstitution(t.prisma);
    expect(
      (
        await t
          .http()
          .get(`/api/v1/finance/summary?year=${year}`)
          .set((await t.userWithToken('operator', inst.id)).auth)
      ).status,
    ).toBe(403);
    expect((await t.http().get('/api/v1/finance/summary').set(finance.auth)).status).toBe(422);
    expect((await t.http().get('/api/v1/finance/summary?year=20x6').set(finance.auth)).status).toBe(422);
  });
});
