import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { createChild, createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { createRoster, publishAndApprove, settleMonth } from './support/settlement-fixtures';

/**
 * A correction of an approved month is recomputed under that month's approved settlement — its policy version
 * and its eligibility snapshot — never under what the registry or the policy table answer today. (The registry
 * and the policy endpoint refuse such changes for an approved month; here the rows are written around them, as a
 * repair script or a restored backup might, to show the computation does not read them.) Clock: 2026-12-10.
 */
describe('corrections use the approved month’s own snapshot', () => {
  let t: TestApp;
  let admin: { auth: { Authorization: string } };
  beforeAll(async () => {
    t = await createTestApp({ workers: true, now: '2026-12-10T10:00:00+08:00' });
    admin = await t.userWithToken('admin');
  });
  afterAll(() => t.close());

  const settle = (month: string) => settleMonth(t, admin.auth, month);

  it('pays a corrected roster of an approved month under that month’s policy and eligibility', async () => {
    const cipher = t.app.get(PiiCipher);
    const x = await createFiledInstitution(t.prisma);
    const kid = async () => (await createChild(t.prisma, cipher, { birthDate: '2025-03-10', birthOrder: 2 })).id;
    const [c1, c2] = [await kid(), await kid()];
    await createRoster(t.prisma, x.id, '2026-01', [{ childId: c1, birthOrder: 2 }]);
    const jan = await settle('2026-01');
    await publishAndApprove(t, admin.auth, jan);

    // behind the registry's back: X "not inclusive" from 2026-01, and a richer policy "for" 2026-01
    await t.prisma.inclusiveDesignation.create({ data: { institutionId: x.id, inclusive: false, effectiveFrom: '2026-01' } });
    await t.prisma.subsidyPolicy.create({
      data: { effectiveFrom: '2026-01', secondChildFen: 99000, thirdChildFen: 99000, minAttendanceDays: 1, maxAgeMonths: 36 },
    });

    // January corrected: c2 attended too
    await createRoster(
      t.prisma,
      x.id,
      '2026-01',
      [
        { childId: c1, birthOrder: 2 },
        { childId: c2, birthOrder: 2 },
      ],
      { version: 2 },
    );
    const feb = await settle('2026-02');
    const adjustments = await t.prisma.settlementLine.findMany({
      where: { settlementId: feb, reason: 'ADJUSTMENT' },
      select: { childId: true, forMonth: true, amountFen: true },
    });
    // January as approved: X eligible, 30000 per second child — so +30000 for c2 and nothing for c1
    expect(adjustments).toEqual([{ childId: c2, forMonth: '2026-01', amountFen: 30000 }]);
  });
});
