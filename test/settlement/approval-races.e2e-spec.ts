import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { createChild, createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { createRoster, publishAndApprove, waitForStatus, settleMonth } from './support/settlement-fixtures';

/**
 * Writes that race an approval or a publication serialise on the month lock. Each race is made to happen:
 * the test holds the settlement's row lock so the first request stops inside its transaction, sends the
 * second, waits until it is stuck too (or done), then lets go. The app's clock is 2026-12-10.
 */
describe('races around publish and approve', () => {
  let t: TestApp;
  let admin: { auth: { Authorization: string } };
  beforeAll(async () => {
    t = await createTestApp({ workers: true, now: '2026-12-10T10:00:00+08:00' });
    admin = await t.userWithToken('admin');
  });
  afterAll(() => t.close());

  const settle = (month: string) => settleMonth(t, admin.auth, month);
  const seed = async (month: string) => {
    const x = await createFiledInstitution(t.prisma);
    const child = await createChild(t.prisma, t.app.get(PiiCipher), { birthDate: '2025-03-10', birthOrder: 2 });
    await createRoster(t.prisma, x.id, month, [{ childId: child.id, birthOrder: 2 }]);
    return x;
  };
  const waiting = async () =>
    (
      await t.prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`
    )[0].n;
  const until = async (what: string, test: () => Promise<boolean>) => {
    const deadline = Date.now() + 20_000;
    while (!(await test())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  /** Holds the settlement's row lock until `release()`. */
  const holdRow = async (settlementId: string) => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = t.prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM settlements WHERE id = ${settlementId}::uuid FOR UPDATE`;
        locked();
        await released;
      },
      { timeout: 60_000 },
    );
    await isLocked;
    return async () => {
      release();
      await holder;
    };
  };
  const start = <T>(request: PromiseLike<T>) => {
    const state = { done: false };
    const promise = Promise.resolve(request).finally(() => (state.done = true));
    return { promise, state };
  };

  it('publish vs re-run: the re-run acts on the published state, and its audit entry says so', async () => {
    const month = '2026-01';
    await seed(month);
    const id = await settle(month);
    const release = await holdRow(id);
    const publish = start(t.http().post(`/api/v1/settlements/${id}/publish`).set(admin.auth));
    await until('publish to wait', async () => (await waiting()) >= 1);
    const rerun = start(t.http().post('/api/v1/settlements').set(admin.auth).send({ month }));
    await until('the re-run to wait', async () => (await waiting()) >= 2 || rerun.state.done);
    await release();
    expect((await publish.promise).status).toBe(200);
    expect((await rerun.promise).status).toBe(202);

    const audit = await t.prisma.auditLog.findMany({
      where: { entityId: id, action: { in: ['SETTLEMENT_PUBLISHED', 'SETTLEMENT_QUEUED'] } },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => [a.action, (a.before as { status: string } | null)?.status ?? null])).toEqual([
      ['SETTLEMENT_QUEUED', null],
      ['SETTLEMENT_PUBLISHED', 'COMPUTED'],
      ['SETTLEMENT_QUEUED', 'PUBLISHED'],
    ]);
    expect((await waitForStatus(t, admin.auth, id, ['COMPUTED', 'FAILED'])).status).toBe('COMPUTED');
    await publishAndApprove(t, admin.auth, id);
  });

  it('new policy version vs approval: never both (one lock for both paths)', async () => {
    const month = '2026-02';
    await seed(month);
    const id = await settle(month);
    expect((await t.http().post(`/api/v1/settlements/${id}/publish`).set(admin.auth)).status).toBe(200);
    const release = await holdRow(id);
    const approve = start(t.http().post(`/api/v1/settlements/${id}/approve`).set(admin.auth));
    await until('the approval to wait', async () => (await waiting()) >= 1);
    const body = { effectiveFrom: month, secondChildFen: 50000, thirdChildFen: 60000, minAttendanceDays: 1, maxAgeMonths: 36 };
    const policy = start(t.http().post('/api/v1/subsidy-policies').set(admin.auth).send(body));
    await until('the policy version to wait', async () => (await waiting()) >= 2 || policy.state.done);
    await release();
    const [approved, created] = [await approve.promise, await policy.promise];
    expect(approved.status).toBe(200);
    expect({ status: created.status, code: created.body.code }).toEqual({ status: 409, code: 'MONTH_APPROVED' });
    expect(await t.prisma.subsidyPolicy.count({ where: { effectiveFrom: month } })).toBe(0);
  });

  it('designation change vs approval: never both (the registry takes the month lock)', async () => {
    const month = '2026-03';
    const x = await seed(month);
    const id = await settle(month);
    expect((await t.http().post(`/api/v1/settlements/${id}/publish`).set(admin.auth)).status).toBe(200);
    const release = await holdRow(id);
    const approve = start(t.http().post(`/api/v1/settlements/${id}/approve`).set(admin.auth));
    await until('the approval to wait', async () => (await waiting()) >= 1);
    const end = start(
      t.http().post(`/api/v1/institutions/${x.id}/inclusive`).set(admin.auth).send({ inclusive: false, effectiveFrom: month }),
    );
    await until('the designation to wait', async () => (await waiting()) >= 2 || end.state.done);
    await release();
    const [approved, ended] = [await approve.promise, await end.promise];
    expect(approved.status).toBe(200);
    expect({ status: ended.status, code: ended.body.code }).toEqual({ status: 409, code: 'MONTH_LOCKED' });
    const eligibility = await t.http().get(`/api/v1/institutions/${x.id}/eligibility?month=${month}`).set(admin.auth);
    expect(eligibility.body).toMatchObject({ inclusive: true, eligible: true });
  });
});
