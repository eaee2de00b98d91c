import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { createChild, createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { createRoster, waitForStatus } from './support/settlement-fixtures';

/**
 * Corrections after approval are never edits: a corrected roster version of an approved month is paid
 * by the next settlement as ADJUSTMENT lines; an overpayment is offset against later months, the
 * institution's total never goes below zero and the rest is carried forward, visibly.
 * Months 2024-07 .. 2024-09 belong to this file.
 */
describe('settlement corrections: adjustments and carried overpayments', () => {
  let t: TestApp;
  let admin: { auth: { Authorization: string } };
  beforeAll(async () => {
    t = await createTestApp({ workers: true });
    admin = await t.userWithToken('admin');
  });
  afterAll(() => t.close());

  type Part = {
    institutionId: string;
    subsidyFen: number;
    adjustmentFen: number;
    carriedInFen: number;
    amountFen: number;
    carriedForwardFen: number;
  };
  const settle = async (month: string) => {
    const res = await t.http().post('/api/v1/settlements').set(admin.auth).send({ month });
    expect(res.status).toBe(202);
    const done = await waitForStatus(t, admin.auth, res.body.id, ['COMPUTED', 'FAILED']);
    expect(done).toMatchObject({ status: 'COMPUTED', failureReason: null });
    return done as unknown as { id: string; institutions: Part[] };
  };
  const approve = async (id: string) => {
    expect((await t.http().post(`/api/v1/settlements/${id}/publish`).set(admin.auth)).status).toBe(200);
    expect((await t.http().post(`/api/v1/settlements/${id}/approve`).set(admin.auth)).status).toBe(200);
  };
  const part = (s: { institutions: Part[] }, institutionId: string) => s.institutions.find((i) => i.institutionId === institutionId);

  it('posts the difference of a corrected month and offsets an overpayment across two months', async () => {
    const cipher = t.app.get(PiiCipher);
    const x = (await createFiledInstitution(t.prisma)).id;
    const y = (await createFiledInstitution(t.prisma)).id;
    const kid = async (order: number) => (await createChild(t.prisma, cipher, { birthDate: '2023-01-20', birthOrder: order })).id;
    const [c1, c2, c3, d1] = [await kid(2), await kid(3), await kid(2), await kid(2)];

    // July: X paid for c1, c2, c3 (30000 + 40000 + 30000); Y's d1 had no attendance reported
    const xJuly = await createRoster(t.prisma, x, '2024-07', [
      { childId: c1, birthOrder: 2 },
      { childId: c2, birthOrder: 3 },
      { childId: c3, birthOrder: 2 },
    ]);
    const yJuly = await createRoster(t.prisma, y, '2024-07', [{ childId: d1, birthOrder: 2, attendanceDays: 0 }]);
    const july = await settle('2024-07');
    expect(part(july, x)).toMatchObject({ subsidyFen: 100000, amountFen: 100000 });
    expect(part(july, y)).toMatchObject({ subsidyFen: 0, amountFen: 0 });
    await approve(july.id);
    expect((await t.prisma.roster.findUniqueOrThrow({ where: { id: xJuly.id } })).status).toBe('LOCKED');

    // corrections of July, approved after July was: c1 and c3 never attended X (overpaid 60000);
    // d1 did attend Y (30000 owed)
    const xJuly2 = await createRoster(t.prisma, x, '2024-07', [{ childId: c2, birthOrder: 3 }], { version: 2 });
    const yJuly2 = await createRoster(t.prisma, y, '2024-07', [{ childId: d1, birthOrder: 2, attendanceDays: 9 }], { version: 2 });
    await createRoster(t.prisma, x, '2024-08', [{ childId: c2, birthOrder: 3 }]);
    await createRoster(t.prisma, y, '2024-08', [{ childId: d1, birthOrder: 2 }]);

    // August: X 40000 − 60000 → 0 paid, 20000 carried forward; Y 30000 + 30000
    const august = await settle('2024-08');
    expect(part(august, x)).toEqual(
      expect.objectContaining({ subsidyFen: 40000, adjustmentFen: -60000, carriedInFen: 0, amountFen: 0, carriedForwardFen: 20000 }),
    );
    expect(part(august, y)).toEqual(
      expect.objectContaining({ subsidyFen: 30000, adjustmentFen: 30000, amountFen: 60000, carriedForwardFen: 0 }),
    );
    const adjustments = await t.http().get(`/api/v1/settlements/${august.id}/lines`).query({ reason: 'ADJUSTMENT' }).set(admin.auth);
    const mine = (
      adjustments.body.items as { childId: string; institutionId: string; forMonth: string; amountFen: number; rosterId: string }[]
    )
      .filter((l) => [x, y].includes(l.institutionId))
      .map((l) => ({ childId: l.childId, forMonth: l.forMonth, amountFen: l.amountFen, rosterId: l.rosterId }));
    expect(mine).toEqual(
      expect.arrayContaining([
        { childId: c1, forMonth: '2024-07', amountFen: -30000, rosterId: xJuly2.id },
        { childId: c3, forMonth: '2024-07', amountFen: -30000, rosterId: xJuly2.id },
        { childId: d1, forMonth: '2024-07', amountFen: 30000, rosterId: yJuly2.id },
      ]),
    );
    expect(mine).toHaveLength(3); // c2 unchanged: no line

    // recomputing August gives the same adjustments (nothing is paid twice before approval)
    const again = await settle('2024-08');
    expect(part(again, x)).toEqual(part(august, x));
    expect(part(again, y)).toEqual(part(august, y));

    await approve(august.id);
    for (const id of [xJuly2.id, yJuly2.id]) expect((await t.prisma.roster.findUniqueOrThrow({ where: { id } })).status).toBe('LOCKED');
    expect((await t.prisma.roster.findUniqueOrThrow({ where: { id: yJuly.id } })).status).toBe('LOCKED');

    // September: X 40000 − 20000 carried in → 20000; the July corrections are not paid again
    await createRoster(t.prisma, x, '2024-09', [{ childId: c2, birthOrder: 3 }]);
    await createRoster(t.prisma, y, '2024-09', [{ childId: d1, birthOrder: 2 }]);
    const september = await settle('2024-09');
    expect(part(september, x)).toEqual(
      expect.objectContaining({ subsidyFen: 40000, adjustmentFen: 0, carriedInFen: 20000, amountFen: 20000, carriedForwardFen: 0 }),
    );
    expect(part(september, y)).toEqual(expect.objectContaining({ subsidyFen: 30000, adjustmentFen: 0, carriedInFen: 0, amountFen: 30000 }));
  });
});
