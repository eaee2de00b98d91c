import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { createChild, createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { createRoster, publishAndApprove, settleMonth } from './support/settlement-fixtures';
import { settledIds } from './support/settled-ids';

/**
 * A month that was never settled itself (a later month was approved first) exists only as the ADJUSTMENT lines
 * of the settlement that paid its rosters as corrections — and a child paid 0 there has no line at all. A birth
 * order corrected after that is still a correction of that month: the next settlement pays the difference, under
 * the snapshot the month's corrections were computed under, once. The app's clock is 2026-12-10.
 */
describe('a birth-order correction of a month paid only as corrections', () => {
  let t: TestApp;
  let admin: { auth: { Authorization: string } };
  beforeAll(async () => {
    t = await createTestApp({ workers: true, now: '2026-12-10T10:00:00+08:00' });
    admin = await t.userWithToken('admin');
  });
  afterAll(() => t.close());

  const settle = (month: string) => settleMonth(t, admin.auth, month);
  const adjustmentsOf = (settlementId: string) =>
    t.prisma.settlementLine.findMany({
      where: { settlementId, reason: 'ADJUSTMENT' },
      select: { childId: true, institutionId: true, forMonth: true, birthOrder: true, amountFen: true },
      orderBy: [{ forMonth: 'asc' }, { childId: 'asc' }],
    });
  const paidInTotal = async (childId: string, forMonth: string) =>
    (
      await t.prisma.settlementLine.aggregate({
        where: { childId, forMonth, settlementId: { in: await settledIds(t) } },
        _sum: { amountFen: true },
      })
    )._sum.amountFen ?? 0;

  it('pays the corrected order of a skipped month exactly once, by the next settlement', async () => {
    const x = await createFiledInstitution(t.prisma);
    const cipher = t.app.get(PiiCipher);
    // first (0 fen) in February: the child a birth-order correction will make a third child
    const first = await createChild(t.prisma, cipher, { birthDate: '2025-03-10', birthOrder: 1 });
    const second = await createChild(t.prisma, cipher, { birthDate: '2025-03-10', birthOrder: 2 });
    const other = await createChild(t.prisma, cipher, { birthDate: '2025-03-10', birthOrder: 2 });
    const feb = await createRoster(t.prisma, x.id, '2026-02', [
      { childId: first.id, birthOrder: 1 },
      { childId: second.id, birthOrder: 2 },
    ]);
    for (const month of ['2026-03', '2026-04', '2026-05', '2026-06'])
      await createRoster(t.prisma, x.id, month, [{ childId: other.id, birthOrder: 2 }]);

    // February is skipped: March is approved first, February can no longer be settled
    await publishAndApprove(t, admin.auth, await settle('2026-03'));
    const refused = await t.http().post('/api/v1/settlements').set(admin.auth).send({ month: '2026-02' });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 409, code: 'LATER_MONTH_APPROVED' });

    // April pays February's roster as corrections: the second child 30000, the first child 0 (no line at all)
    const april = await settle('2026-04');
    expect(await adjustmentsOf(april)).toEqual([
      { childId: second.id, institutionId: x.id, forMonth: '2026-02', birthOrder: 2, amountFen: 30000 },
    ]);
    await publishAndApprove(t, admin.auth, april);
    expect((await t.prisma.roster.findUniqueOrThrow({ where: { id: feb.id } })).status).toBe('LOCKED');
    expect(await paidInTotal(first.id, '2026-02')).toBe(0);

    // the first child's birth order is corrected 1 → 3: February owes it the third-child amount
    t.clock.advance(60_000);
    const corrected = await t
      .http()
      .patch(`/api/v1/children/${first.id}/birth-order`)
      .set(admin.auth)
      .send({ birthOrder: 3, reason: '核对户口簿后更正孩次' });
    expect(corrected.status).toBe(200);
    t.clock.advance(60_000);

    const may = await settle('2026-05');
    expect(await adjustmentsOf(may)).toEqual([
      { childId: first.id, institutionId: x.id, forMonth: '2026-02', birthOrder: 3, amountFen: 40000 },
    ]);
    const part = await t.prisma.settlementInstitution.findFirstOrThrow({ where: { settlementId: may, institutionId: x.id } });
    // Number(): the amounts may be int or bigint columns
    expect([part.subsidyFen, part.adjustmentFen, part.amountFen].map(Number)).toEqual([30000, 40000, 70000]);
    await publishAndApprove(t, admin.auth, may);
    expect(await paidInTotal(first.id, '2026-02')).toBe(40000);
    expect(await paidInTotal(second.id, '2026-02')).toBe(30000);

    // paid once: June carries no adjustment
    t.clock.advance(60_000);
    const june = await settle('2026-06');
    expect(await adjustmentsOf(june)).toEqual([]);
    await publishAndApprove(t, admin.auth, june);
    expect(await paidInTotal(first.id, '2026-02')).toBe(40000);
  });

  it("recomputes such a month under the eligibility snapshot its corrections were paid under, not the registry's answer now", async () => {
    const y = await createFiledInstitution(t.prisma);
    const cipher = t.app.get(PiiCipher);
    const first = await createChild(t.prisma, cipher, { birthDate: '2025-03-10', birthOrder: 1 });
    const other = await createChild(t.prisma, cipher, { birthDate: '2025-03-10', birthOrder: 2 });
    await createRoster(t.prisma, y.id, '2026-07', [{ childId: first.id, birthOrder: 1 }]);
    for (const month of ['2026-08', '2026-09', '2026-10'])
      await createRoster(t.prisma, y.id, month, [{ childId: other.id, birthOrder: 2 }]);

    // July is skipped; September pays its roster as corrections (the first child: 0, no line), July inclusive then
    await publishAndApprove(t, admin.auth, await settle('2026-08'));
    const september = await settle('2026-09');
    expect(await adjustmentsOf(september)).toEqual([]);
    const snapshot = await t.prisma.settlementEligibility.findUniqueOrThrow({
      where: { settlementId_forMonth_institutionId: { settlementId: september, forMonth: '2026-07', institutionId: y.id } },
    });
    expect({ filed: snapshot.filed, inclusive: snapshot.inclusive }).toEqual({ filed: true, inclusive: true });
    await publishAndApprove(t, admin.auth, september);

    // the registry's answer for July differs afterwards (written directly: this test is about what the run reads)
    await t.prisma.inclusiveDesignation.createMany({
      data: [
        { institutionId: y.id, inclusive: true, guidancePriceFen: 120000, effectiveFrom: '2026-08' },
        { institutionId: y.id, inclusive: false, effectiveFrom: '2026-07' },
      ],
    });
    t.clock.advance(60_000);
    expect(
      (
        await t
          .http()
          .patch(`/api/v1/children/${first.id}/birth-order`)
          .set(admin.auth)
          .send({ birthOrder: 3, reason: '核对户口簿后更正孩次' })
      ).status,
    ).toBe(200);
    t.clock.advance(60_000);

    const october = await settle('2026-10');
    expect(await adjustmentsOf(october)).toEqual([
      { childId: first.id, institutionId: y.id, forMonth: '2026-07', birthOrder: 3, amountFen: 40000 },
    ]);
    await publishAndApprove(t, admin.auth, october);
    expect(await paidInTotal(first.id, '2026-07')).toBe(40000);
  });
});
