import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { createChild, createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { createRoster, publishAndApprove, waitForStatus } from './support/settlement-fixtures';

/**
 * No month is settled or approved after a later month was approved (409 LATER_MONTH_APPROVED): it would pay
 * the corrections and offset the overpayments the later month already settled. A late roster of such a
 * month is paid as a correction (ADJUSTMENT) by the next open month, once. The app's clock is 2026-12-10.
 */
describe('months are settled in order', () => {
  let t: TestApp;
  let admin: { auth: { Authorization: string } };
  beforeAll(async () => {
    t = await createTestApp({ workers: true, now: '2026-12-10T10:00:00+08:00' });
    admin = await t.userWithToken('admin');
  });
  afterAll(() => t.close());

  const post = (month: string) => t.http().post('/api/v1/settlements').set(admin.auth).send({ month });
  const settle = async (month: string) => {
    const res = await post(month);
    expect(res.status).toBe(202);
    expect((await waitForStatus(t, admin.auth, res.body.id, ['COMPUTED', 'FAILED'])).status).toBe('COMPUTED');
    return res.body.id as string;
  };

  it('refuses an earlier month once a later one is approved, and pays its late roster in the next open month', async () => {
    const x = await createFiledInstitution(t.prisma);
    const kid = async () => (await createChild(t.prisma, t.app.get(PiiCipher), { birthDate: '2025-03-10', birthOrder: 2 })).id;
    const [c1, c2] = [await kid(), await kid()];
    await createRoster(t.prisma, x.id, '2026-03', [{ childId: c1, birthOrder: 2 }]);
    const march = await settle('2026-03');
    await publishAndApprove(t, admin.auth, march);

    // February was never settled; March is approved: February can no longer be
    const refused = await post('2026-02');
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 409, code: 'LATER_MONTH_APPROVED' });
    expect(refused.body.message).toContain('2026-03 的结算已审核');
    expect(refused.body.message).toContain('2026-02 不能再结算或审核');
    expect(await t.prisma.settlement.count({ where: { month: '2026-02' } })).toBe(0);

    // nor approved (a row that got there anyway, e.g. computed while March was being approved)
    const feb = await t.prisma.settlement.create({ data: { month: '2026-02', status: 'PUBLISHED', run: 1 } });
    const approve = await t.http().post(`/api/v1/settlements/${feb.id}/approve`).set(admin.auth);
    expect({ status: approve.status, code: approve.body.code }).toEqual({ status: 409, code: 'LATER_MONTH_APPROVED' });
    await t.prisma.settlement.delete({ where: { id: feb.id } });

    // February's late roster is paid by April, as a correction of February, once
    const late = await createRoster(t.prisma, x.id, '2026-02', [{ childId: c2, birthOrder: 2 }]);
    await createRoster(t.prisma, x.id, '2026-04', [{ childId: c1, birthOrder: 2 }]);
    const april = await settle('2026-04');
    const adjustments = await t.prisma.settlementLine.findMany({
      where: { settlementId: april, reason: 'ADJUSTMENT' },
      select: { childId: true, forMonth: true, amountFen: true, rosterId: true },
    });
    expect(adjustments).toEqual([{ childId: c2, forMonth: '2026-02', amountFen: 30000, rosterId: late.id }]);
    const part = await t.prisma.settlementInstitution.findFirstOrThrow({ where: { settlementId: april, institutionId: x.id } });
    expect(part).toMatchObject({ subsidyFen: 30000n, adjustmentFen: 30000n, amountFen: 60000n });
    await publishAndApprove(t, admin.auth, april);
    expect((await t.prisma.roster.findUniqueOrThrow({ where: { id: late.id } })).status).toBe('LOCKED');

    await createRoster(t.prisma, x.id, '2026-05', [{ childId: c1, birthOrder: 2 }]);
    const may = await settle('2026-05');
    expect(await t.prisma.settlementLine.count({ where: { settlementId: may, reason: 'ADJUSTMENT' } })).toBe(0);
  });
});
