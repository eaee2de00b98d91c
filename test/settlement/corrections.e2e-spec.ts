import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { createChild, createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { createRoster, publishAndApprove, waitForStatus } from './support/settlement-fixtures';
import { settledIds } from './support/settled-ids';

/**
 * Corrections after approval are never edits: a corrected roster version of an approved month is paid
 * by the next settlement as ADJUSTMENT lines; an overpayment is offset against later months, the
 * institution's total never goes below zero and the rest is carried forward, visibly.
 * Months are approved in order and a correction is paid exactly once, even when two later months were
 * computed while it was open (both carry it).
 * The file has its own database; its two stories use months 2024-04 .. 2024-06 and 2024-07 .. 2024-09, in
 * that order (the second would pick up the first's open corrections if they were still open).
 */
const APR = '2024-04';
const MAY = '2024-05';
const JUN = '2024-06';
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
  const approve = (id: string) => publishAndApprove(t, admin.auth, id);
  const part = (s: { institutions: Part[] }, institutionId: string) => s.institutions.find((i) => i.institutionId === institutionId);
  const publish = async (id: string) => expect((await t.http().post(`/api/v1/settlements/${id}/publish`).set(admin.auth)).status).toBe(200);
  const approveOnce = (id: string) => t.http().post(`/api/v1/settlements/${id}/approve`).set(admin.auth);
  const adjustmentsFor = async (settlementId: string, institutionIds: string[]) =>
    t.prisma.settlementLine.findMany({
      where: { settlementId, reason: 'ADJUSTMENT', institutionId: { in: institutionIds } },
      select: { childId: true, institutionId: true, forMonth: true, amountFen: true },
    });

  it('refuses a later month before an earlier one, then pays each correction and offset exactly once', async () => {
    const cipher = t.app.get(PiiCipher);
    const x = (await createFiledInstitution(t.prisma)).id;
    const y = (await createFiledInstitution(t.prisma)).id;
    const kid = async () => (await createChild(t.prisma, cipher, { birthDate: '2023-01-20', birthOrder: 2 })).id;
    const [c1, c2, c3, d1] = [await kid(), await kid(), await kid(), await kid()];

    // April: X is paid for c1, c2, c3; Y's d1 had no attendance reported
    const xApr = await createRoster(t.prisma, x, APR, [
      { childId: c1, birthOrder: 2 },
      { childId: c2, birthOrder: 2 },
      { childId: c3, birthOrder: 2 },
    ]);
    const yApr = await createRoster(t.prisma, y, APR, [{ childId: d1, birthOrder: 2, attendanceDays: 0 }]);
    const april = await settle(APR);
    expect(part(april, x)).toMatchObject({ subsidyFen: 90000, amountFen: 90000 });
    await approve(april.id);

    // April corrected after approval: c2 and c3 never came to X (−60000), d1 did attend Y (+30000)
    const xApr2 = await createRoster(t.prisma, x, APR, [{ childId: c1, birthOrder: 2 }], { version: 2 });
    const yApr2 = await createRoster(t.prisma, y, APR, [{ childId: d1, birthOrder: 2, attendanceDays: 9 }], { version: 2 });
    for (const month of [MAY, JUN]) {
      await createRoster(t.prisma, x, month, [{ childId: c1, birthOrder: 2 }]);
      await createRoster(t.prisma, y, month, [{ childId: d1, birthOrder: 2 }]);
    }

    // May and June are both computed while the correction is open: both carry it
    const may = await settle(MAY);
    const june = await settle(JUN);
    for (const s of [may, june]) {
      expect(part(s, x)).toMatchObject({
        subsidyFen: 30000,
        adjustmentFen: -60000,
        carriedInFen: 0,
        amountFen: 0,
        carriedForwardFen: 30000,
      });
      expect(part(s, y)).toMatchObject({ subsidyFen: 30000, adjustmentFen: 30000, carriedInFen: 0, amountFen: 60000 });
    }
    await publish(june.id);
    await publish(may.id);

    // June before May: refused, naming May; nothing locked
    const early = await approveOnce(june.id);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('EARLIER_MONTH_NOT_APPROVED');
    expect(early.body.message).toContain(MAY);
    expect((await t.prisma.roster.findUniqueOrThrow({ where: { id: yApr2.id } })).status).toBe('APPROVED');

    // May: approved, the corrections are locked (one audit entry per locked roster)
    await approve(may.id);
    const lockedIds = [xApr2.id, yApr2.id];
    for (const id of lockedIds) expect((await t.prisma.roster.findUniqueOrThrow({ where: { id } })).status).toBe('LOCKED');
    const lockedAudit = await t.prisma.auditLog.findMany({ where: { action: 'ROSTER_LOCKED', entityId: { in: lockedIds } } });
    expect(
      lockedAudit.map((a) => [a.entityType, a.entityId, a.before, (a.after as { status: string; settlementId: string }).status]).sort(),
    ).toEqual(lockedIds.map((id) => ['Roster', id, { status: 'APPROVED' }, 'LOCKED']).sort());
    expect(lockedAudit.every((a) => (a.after as { settlementId: string }).settlementId === may.id)).toBe(true);
    // April's own rosters were locked by April's approval, once
    for (const id of [xApr.id, yApr.id])
      expect(await t.prisma.auditLog.count({ where: { action: 'ROSTER_LOCKED', entityId: id } })).toBe(1);

    // June was computed with the correction May has now paid: stale
    const stale = await approveOnce(june.id);
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('SETTLEMENT_STALE');
    expect(stale.body.message).toContain(`${APR} 的更正已由另一笔已审核的结算支付`);
    expect(stale.body.message).toContain(`更早的月份（${MAY}）在本次计算之后才审核`);

    // re-run June: no adjustment any more, and it offsets what May carried forward
    const june2 = await settle(JUN);
    expect(june2.id).toBe(june.id);
    expect(await adjustmentsFor(june2.id, [x, y])).toEqual([]);
    expect(part(june2, x)).toMatchObject({ subsidyFen: 30000, adjustmentFen: 0, carriedInFen: 30000, amountFen: 0, carriedForwardFen: 0 });
    expect(part(june2, y)).toMatchObject({ subsidyFen: 30000, adjustmentFen: 0, carriedInFen: 0, amountFen: 30000 });
    await approve(june2.id);

    // each April correction was paid exactly once over all approved settlements
    const paidForApril = await t.prisma.settlementLine.groupBy({
      by: ['childId', 'institutionId'],
      where: { forMonth: APR, institutionId: { in: [x, y] }, settlementId: { in: await settledIds(t) } },
      _sum: { amountFen: true },
    });
    const net = Object.fromEntries(paidForApril.map((r) => [`${r.childId}|${r.institutionId}`, r._sum.amountFen]));
    expect(net).toEqual({ [`${c1}|${x}`]: 30000, [`${c2}|${x}`]: 0, [`${c3}|${x}`]: 0, [`${d1}|${y}`]: 30000 });
    // and the institutions got exactly what the corrected rosters earn: X 3 × 30000, Y 3 × 30000
    const settled = await t.prisma.settlementInstitution.findMany({
      where: { institutionId: { in: [x, y] }, settlement: { month: { in: [APR, MAY, JUN] } } },
    });
    const total = (id: string) => settled.filter((p) => p.institutionId === id).reduce((sum, p) => sum + Number(p.amountFen), 0);
    expect([total(x), total(y)]).toEqual([90000, 90000]);
  });

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
