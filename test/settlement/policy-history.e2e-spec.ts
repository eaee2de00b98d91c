import { createTestApp, TestApp } from '../utils/test-app';

/**
 * Months are settled in order, so every month before the latest approved one is history: settled itself, or skipped
 * and paid as corrections under the rules of its time. A new policy version may therefore only start after the
 * latest approved month — also when a later version already starts before that month. The clock is 2026-07-10.
 */
describe('policy versions and the history before the latest approved month', () => {
  let t: TestApp;
  let admin: { auth: { Authorization: string } };
  beforeAll(async () => {
    t = await createTestApp({ now: '2026-07-10T10:00:00+08:00' });
    admin = await t.userWithToken('admin');
  });
  afterAll(() => t.close());

  const policy = (effectiveFrom: string) =>
    t.http().post('/api/v1/subsidy-policies').set(admin.auth).send({
      effectiveFrom,
      secondChildFen: 35000,
      thirdChildFen: 45000,
      minAttendanceDays: 10,
      maxAgeMonths: 36,
    });

  it('refuses a version for months before the latest approved month, even when they are governed by another version', async () => {
    await policy('2026-04').expect(201);
    // 2026-05 is approved; 2026-02 and 2026-03 never had a settlement of their own
    await t.prisma.settlement.create({ data: { month: '2026-05', status: 'APPROVED', approvedAt: new Date() } });
    const refused = await policy('2026-02').expect(409);
    expect(refused.body).toMatchObject({ code: 'MONTH_APPROVED' });
    expect(refused.body.message).toContain('2026-05');
    expect(await t.prisma.subsidyPolicy.count({ where: { effectiveFrom: '2026-02' } })).toBe(0);
    // after the latest approved month a version is fine
    await policy('2026-06').expect(201);
  });
});
