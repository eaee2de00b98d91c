import { parse } from 'csv-parse/sync';
import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { createChild, createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { createRoster, waitForStatus } from './support/settlement-fixtures';

/**
 * An institution's month above 2^31 fen (the largest policy the API accepts, a large institution) is computed,
 * exported and paid exactly: the per-institution sums are bigint, not int4.
 */
describe('settlement: an institution month above 2^31 fen', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ workers: true });
  });
  afterAll(() => t.close());

  it('computes, exports and reconciles 220 × 10,000,000 fen for one institution', async () => {
    const month = '2024-10';
    const admin = await t.userWithToken('admin');
    const finance = await t.userWithToken('finance');
    const policy = { effectiveFrom: month, secondChildFen: 10_000_000, thirdChildFen: 10_000_000, minAttendanceDays: 1, maxAgeMonths: 36 };
    expect((await t.http().post('/api/v1/subsidy-policies').set(admin.auth).send(policy)).status).toBe(201);
    const inst = await createFiledInstitution(t.prisma);
    const cipher = t.app.get(PiiCipher);
    const entries = [];
    for (let i = 0; i < 220; i += 1) {
      const kid = await createChild(t.prisma, cipher, { birthDate: '2023-03-10', birthOrder: 2 });
      entries.push({ childId: kid.id, birthOrder: 2 });
    }
    await createRoster(t.prisma, inst.id, month, entries);
    const expected = 220 * 10_000_000; // 2,200,000,000 > 2,147,483,647

    const queued = await t.http().post('/api/v1/settlements').set(admin.auth).send({ month });
    expect(queued.status).toBe(202);
    const id = queued.body.id as string;
    const done = await waitForStatus(t, admin.auth, id, ['COMPUTED', 'FAILED'], 60_000);
    expect(done).toMatchObject({ status: 'COMPUTED', failureCode: null });
    const settlement = (await t.http().get(`/api/v1/settlements/${id}`).set(admin.auth)).body;
    expect(settlement.totals).toMatchObject({ paidChildren: 220, secondChildCount: 220, amountFen: expected });
    expect(settlement.institutions).toEqual([
      expect.objectContaining({ institutionId: inst.id, subsidyFen: expected, amountFen: expected }),
    ]);

    expect((await t.http().post(`/api/v1/settlements/${id}/publish`).set(admin.auth)).status).toBe(200);
    expect((await t.http().post(`/api/v1/settlements/${id}/approve`).set(admin.auth)).status).toBe(200);
    const file = await t.http().get(`/api/v1/settlements/${id}/export?format=csv`).set(finance.auth).responseType('blob');
    const rows = (parse((file.body as Buffer).toString('utf8').slice(1), { relax_column_count: true }) as string[][]).map((r) =>
      r.map(csvCell),
    );
    expect(rows.find((r) => r[1] === inst.creditCode)?.slice(5, 9)).toEqual(['220', '0', '0.00', '22000000.00']);

    const half = expected / 2;
    const paid = await t
      .http()
      .post(`/api/v1/settlements/${id}/payments`)
      .set(finance.auth)
      .send({
        payments: [
          { institutionId: inst.id, amountFen: half, voucherNo: 'PZ-BIG-1', paidOn: '2024-11-20' },
          { institutionId: inst.id, amountFen: half, voucherNo: 'PZ-BIG-2', paidOn: '2024-11-20' },
        ],
      });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ status: 'PAID', expectedFen: expected, paidFen: expected, outstandingFen: 0 });
  });
});

/** A CSV cell as the payment file writes text that a spreadsheet must not turn into a number: ="…". */
function csvCell(value: string): string {
  return value.replace(/^="(.*)"$/, '$1');
}
