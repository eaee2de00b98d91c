import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { createChild, createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { createRoster, publishAndApprove, settleMonth } from './support/settlement-fixtures';
import { settledIds } from './support/settled-ids';

/**
 * The child's confirmed birth order decides the amount: an admin's correction changes pay from the next
 * computation on, and a run computed before the correction is stale (409) until re-run.
 * The app's clock is 2026-12-10.
 */
describe('correcting a confirmed birth order changes pay', () => {
  let t: TestApp;
  let admin: { auth: { Authorization: string } };
  beforeAll(async () => {
    t = await createTestApp({ workers: true, now: '2026-12-10T10:00:00+08:00' });
    admin = await t.userWithToken('admin');
  });
  afterAll(() => t.close());

  const settle = (month: string) => settleMonth(t, admin.auth, month);
  const lineOf = async (settlementId: string, childId: string) => {
    const res = await t.http().get(`/api/v1/settlements/${settlementId}/lines`).query({ childId }).set(admin.auth);
    expect(res.body.items).toHaveLength(1);
    return res.body.items[0] as { birthOrder: number; amountFen: number; reason: string };
  };
  const correct = (childId: string, birthOrder: number) =>
    t.http().patch(`/api/v1/children/${childId}/birth-order`).set(admin.auth).send({ birthOrder, reason: '核对户口簿后更正孩次' });

  it('a correction after compute makes the run stale; the re-run and later months pay the corrected order', async () => {
    const x = await createFiledInstitution(t.prisma);
    const child = await createChild(t.prisma, t.app.get(PiiCipher), { birthDate: '2025-03-10', birthOrder: 2 });
    await createRoster(t.prisma, x.id, '2026-01', [{ childId: child.id, birthOrder: 2 }]);
    await createRoster(t.prisma, x.id, '2026-02', [{ childId: child.id, birthOrder: 2 }]);

    const jan = await settle('2026-01');
    expect(await lineOf(jan, child.id)).toMatchObject({ birthOrder: 2, amountFen: 30000, reason: 'PAID_SECOND_CHILD' });
    expect((await t.http().post(`/api/v1/settlements/${jan}/publish`).set(admin.auth)).status).toBe(200);

    expect((await correct(child.id, 3)).status).toBe(200);
    const stale = await t.http().post(`/api/v1/settlements/${jan}/approve`).set(admin.auth);
    expect({ status: stale.status, code: stale.body.code }).toEqual({ status: 409, code: 'SETTLEMENT_STALE' });
    expect(stale.body.message).toContain('1 名儿童的确认孩次在计算后被更正');

    // the roster entries still say 2: the confirmed order decides
    const again = await settle('2026-01');
    expect(await lineOf(again, child.id)).toMatchObject({ birthOrder: 3, amountFen: 40000, reason: 'PAID_THIRD_CHILD' });
    await publishAndApprove(t, admin.auth, again);

    const feb = await settle('2026-02');
    expect(await lineOf(feb, child.id)).toMatchObject({ birthOrder: 3, amountFen: 40000, reason: 'PAID_THIRD_CHILD' });
    await publishAndApprove(t, admin.auth, feb);
  });

  it('a correction after approval is paid as an adjustment of the approved month by the next settlement, once', async () => {
    const x = await createFiledInstitution(t.prisma);
    const child = await createChild(t.prisma, t.app.get(PiiCipher), { birthDate: '2025-03-10', birthOrder: 2 });
    for (const month of ['2026-03', '2026-04', '2026-05'])
      await createRoster(t.prisma, x.id, month, [{ childId: child.id, birthOrder: 2 }]);
    const march = await settle('2026-03');
    expect(await lineOf(march, child.id)).toMatchObject({ birthOrder: 2, amountFen: 30000 });
    await publishAndApprove(t, admin.auth, march);

    expect((await correct(child.id, 3)).status).toBe(200);
    const april = await settle('2026-04');
    const adjustments = await t.prisma.settlementLine.findMany({
      where: { settlementId: april, reason: 'ADJUSTMENT' },
      select: { childId: true, institutionId: true, forMonth: true, birthOrder: true, amountFen: true },
    });
    expect(adjustments).toEqual([{ childId: child.id, institutionId: x.id, forMonth: '2026-03', birthOrder: 3, amountFen: 10000 }]);
    const part = await t.prisma.settlementInstitution.findFirstOrThrow({ where: { settlementId: april, institutionId: x.id } });
    expect(part).toMatchObject({ subsidyFen: 40000n, adjustmentFen: 10000n, amountFen: 50000n });
    await publishAndApprove(t, admin.auth, april);

    const may = await settle('2026-05');
    expect(await t.prisma.settlementLine.count({ where: { settlementId: may, reason: 'ADJUSTMENT' } })).toBe(0);
    // March in total: the rule on the corrected order
    const paid = await t.prisma.settlementLine.aggregate({
      where: { childId: child.id, forMonth: '2026-03', settlementId: { in: await settledIds(t) } },
      _sum: { amountFen: true },
    });
    expect(paid._sum.amountFen).toBe(40000);
  });
});
