import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { createChild, createFiledInstitution, createInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { createRoster, publishAndApprove, waitForStatus } from './support/settlement-fixtures';

type Part = { institutionId: string; subsidyFen: number; amountFen: number };
type Body = { id: string; status: string; institutions: Part[] };

/**
 * Approval compares what the run was computed from with the registry and the records now: every input that
 * changed since gives 409 SETTLEMENT_STALE with a Chinese message naming it; the re-run pays the new answer
 * and is approved; after approval the registry refuses to change the month (409 MONTH_LOCKED).
 * The app's clock is 2026-12-10; each story settles its own month, in month order (months are approved in order).
 */
describe('approval refuses a run whose inputs changed (SETTLEMENT_STALE)', () => {
  let t: TestApp;
  let admin: { auth: { Authorization: string } };
  let cipher: PiiCipher;
  beforeAll(async () => {
    t = await createTestApp({ workers: true, now: '2026-12-10T10:00:00+08:00' });
    admin = await t.userWithToken('admin');
    cipher = t.app.get(PiiCipher);
  });
  afterAll(() => t.close());

  const settle = async (month: string): Promise<Body> => {
    const res = await t.http().post('/api/v1/settlements').set(admin.auth).send({ month });
    expect(res.status).toBe(202);
    await waitForStatus(t, admin.auth, res.body.id, ['COMPUTED', 'FAILED']);
    const done = await t.http().get(`/api/v1/settlements/${res.body.id}`).set(admin.auth);
    expect(done.body.status).toBe('COMPUTED');
    return done.body as Body;
  };
  const publish = async (id: string) => expect((await t.http().post(`/api/v1/settlements/${id}/publish`).set(admin.auth)).status).toBe(200);
  const approve = (id: string) => t.http().post(`/api/v1/settlements/${id}/approve`).set(admin.auth);
  const expectStale = async (id: string, ...phrases: string[]) => {
    const res = await approve(id);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'SETTLEMENT_STALE' });
    expect(res.body.message).toMatch(/^结算所依据的数据在计算后已变化，请重新计算后再审核：/);
    for (const phrase of phrases) expect(res.body.message).toContain(phrase);
    expect((await t.http().get(`/api/v1/settlements/${id}`).set(admin.auth)).body.status).toBe('PUBLISHED');
  };
  const amountOf = (s: Body, institutionId: string) => s.institutions.find((p) => p.institutionId === institutionId)?.amountFen ?? 0;
  const kid = async (birthOrder = 2) => (await createChild(t.prisma, cipher, { birthDate: '2025-03-10', birthOrder })).id;
  const designate = (id: string, body: object) => t.http().post(`/api/v1/institutions/${id}/inclusive`).set(admin.auth).send(body);

  it('names an inclusive designation ended after compute; the re-run pays nothing; then the month is locked', async () => {
    const month = '2026-01';
    const x = await createFiledInstitution(t.prisma);
    await createRoster(t.prisma, x.id, month, [{ childId: await kid(), birthOrder: 2 }]);
    const first = await settle(month);
    expect(amountOf(first, x.id)).toBe(30000);
    await publish(first.id);

    expect((await designate(x.id, { inclusive: false, effectiveFrom: month })).status).toBe(200);
    await expectStale(first.id, `机构「${x.name}」在 ${month} 的普惠托育认定（计算时：普惠，现在：非普惠）已变化`);

    const again = await settle(month);
    expect(again.id).toBe(first.id);
    expect(amountOf(again, x.id)).toBe(0);
    await publishAndApprove(t, admin.auth, again.id);

    // approved: the registry's answer for the month no longer changes
    const locked = await designate(x.id, { guidancePriceFen: 100000, effectiveFrom: month });
    expect({ status: locked.status, code: locked.body.code }).toEqual({ status: 409, code: 'MONTH_LOCKED' });
  });

  it('names an inclusive designation that began after compute', async () => {
    const month = '2026-02';
    const y = await createFiledInstitution(t.prisma, { inclusiveFrom: null });
    await createRoster(t.prisma, y.id, month, [{ childId: await kid(3), birthOrder: 3 }]);
    const first = await settle(month);
    expect(amountOf(first, y.id)).toBe(0);
    await publish(first.id);

    expect((await designate(y.id, { guidancePriceFen: 90000, effectiveFrom: month })).status).toBe(200);
    await expectStale(first.id, `机构「${y.name}」在 ${month} 的普惠托育认定（计算时：非普惠，现在：普惠）已变化`);

    const again = await settle(month);
    expect(amountOf(again, y.id)).toBe(40000);
    await publishAndApprove(t, admin.auth, again.id);
  });

  it('names a filing back-dated into the month after compute (approve with filedOn)', async () => {
    const month = '2026-03';
    // submitted, not filed; inclusive since 2024-01 (written directly: the registry designates only filed ones)
    const z = await createInstitution(t.prisma, { status: 'SUBMITTED' });
    await t.prisma.institutionStatusChange.createMany({
      data: [
        {
          institutionId: z.id,
          fromStatus: null,
          toStatus: 'DRAFT',
          at: new Date('2026-12-09T01:00:00Z'),
        },
        {
          institutionId: z.id,
          fromStatus: 'DRAFT',
          toStatus: 'SUBMITTED',
          at: new Date('2026-12-09T02:00:00Z'),
        },
      ],
    });
    await t.prisma.inclusiveDesignation.create({
      data: { institutionId: z.id, inclusive: true, guidancePriceFen: 100000, effectiveFrom: '2024-01' },
    });
    await createRoster(t.prisma, z.id, month, [{ childId: await kid(), birthOrder: 2 }]);
    const first = await settle(month);
    expect(amountOf(first, z.id)).toBe(0);
    await publish(first.id);

    const filed = await t.http().post(`/api/v1/institutions/${z.id}/approve`).set(admin.auth).send({ filedOn: '2026-03-01' });
    expect(filed.status).toBe(200);
    await expectStale(first.id, `机构「${z.name}」在 ${month} 的备案状态（计算时：未备案，现在：已备案）已变化`);

    const again = await settle(month);
    expect(amountOf(again, z.id)).toBe(30000);
    await publishAndApprove(t, admin.auth, again.id);
  });

  it('names roster versions of the month approved after compute', async () => {
    const month = '2026-04';
    const w = await createFiledInstitution(t.prisma);
    const c1 = await kid();
    await createRoster(t.prisma, w.id, month, [{ childId: c1, birthOrder: 2 }]);
    const first = await settle(month);
    await publish(first.id);
    await createRoster(
      t.prisma,
      w.id,
      month,
      [
        { childId: c1, birthOrder: 2 },
        { childId: await kid(), birthOrder: 2 },
      ],
      { version: 2 },
    );
    await expectStale(first.id, `${month} 生效的名册版本已变化（「${w.name}」）`);
    const again = await settle(month);
    expect(amountOf(again, w.id)).toBe(60000);
    await publishAndApprove(t, admin.auth, again.id);
  });

  it('names an earlier month approved after this one was computed', async () => {
    const v = await createFiledInstitution(t.prisma);
    await createRoster(t.prisma, v.id, '2026-05', [{ childId: await kid(), birthOrder: 2 }]);
    await createRoster(t.prisma, v.id, '2026-06', [{ childId: await kid(), birthOrder: 2 }]);
    const june = await settle('2026-06');
    await publish(june.id);
    const may = await settle('2026-05');
    await publishAndApprove(t, admin.auth, may.id);
    await expectStale(june.id, '更早的月份（2026-05）在本次计算之后才审核');
    const again = await settle('2026-06');
    await publishAndApprove(t, admin.auth, again.id);
  });

  it('names a subsidy policy version added for the month after compute; the re-run pays under it', async () => {
    const month = '2026-07';
    const u = await createFiledInstitution(t.prisma);
    await createRoster(t.prisma, u.id, month, [{ childId: await kid(), birthOrder: 2 }]);
    const first = await settle(month);
    expect(amountOf(first, u.id)).toBe(30000);
    await publish(first.id);
    const policy = { effectiveFrom: month, secondChildFen: 35000, thirdChildFen: 45000, minAttendanceDays: 1, maxAgeMonths: 36 };
    expect((await t.http().post('/api/v1/subsidy-policies').set(admin.auth).send(policy)).status).toBe(201);
    await expectStale(first.id, `${month} 适用的补贴标准版本已变化（计算时：2024-01 起施行的版本，现在：${month} 起施行的版本）`);
    const again = await settle(month);
    expect(amountOf(again, u.id)).toBe(35000);
    await publishAndApprove(t, admin.auth, again.id);
  });
});
