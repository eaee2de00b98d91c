import { addMonths, shanghaiMonthOf } from '../../src/common/month';
import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { SettlementProducer } from '../../src/settlement/queue/settlement.producer';
import { createChild, createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { createRoster, expectedLines, storedLines, waitForStatus } from './support/settlement-fixtures';

/**
 * The settlement API end to end with the workers inside the test process: every reason code, the 36-month
 * boundary, transfer tie-breaks, policy versions across months, recompute, concurrent POSTs, publish /
 * approve / lock and their 409s, operator scoping, failure and retry, the queue dashboard's auth.
 * Months used here (2023-06, 2024-02, 2025-04, 2025-06, 2025-07) are used by no other settlement test file. Months are
 * approved in order (EARLIER_MONTH_NOT_APPROVED) and none is settled after a later one was approved
 * (LATER_MONTH_APPROVED), so 2023-06 (before any policy version) is settled and approved first.
 */
describe('settlements: compute, publish, approve', () => {
  let t: TestApp;
  let cipher: PiiCipher;
  let admin: { id: string; auth: { Authorization: string } };
  let finance: { auth: { Authorization: string } };
  beforeAll(async () => {
    t = await createTestApp({ workers: true, env: { SETTLEMENT_CHUNK_SIZE: '3' } });
    cipher = t.app.get(PiiCipher);
    admin = await t.userWithToken('admin');
    finance = await t.userWithToken('finance');
  });
  afterAll(() => t.close());

  const run = (month: string, auth = admin.auth) => t.http().post('/api/v1/settlements').set(auth).send({ month });
  const child = async (birthDate: string, birthOrder: number) => (await createChild(t.prisma, cipher, { birthDate, birthOrder })).id;
  const byKey = (lines: { childId: string; institutionId: string; reason: string; amountFen: number }[]) =>
    Object.fromEntries(lines.map((l) => [`${l.childId}|${l.institutionId}`, `${l.reason}:${l.amountFen}`]));

  it('ends in FAILED with a readable reason, and a new POST retries', async () => {
    const month = '2023-06'; // before any policy version
    const res = await run(month);
    const failed = await waitForStatus(t, admin.auth, res.body.id, ['FAILED', 'COMPUTED']);
    expect(failed.status).toBe('FAILED');
    expect(failed).toMatchObject({ failureCode: 'NO_POLICY_IN_FORCE' });
    expect(failed.failureReason).toMatch(/2023-06 没有生效的补贴标准/);
    const policy = { effectiveFrom: '2023-06', secondChildFen: 30000, thirdChildFen: 40000, minAttendanceDays: 1, maxAgeMonths: 36 };
    expect((await t.http().post('/api/v1/subsidy-policies').set(admin.auth).send(policy)).status).toBe(201);
    const retry = await run(month);
    expect(retry.body).toMatchObject({ id: res.body.id, run: 2, status: 'QUEUED' });
    const done = await waitForStatus(t, admin.auth, res.body.id, ['FAILED', 'COMPUTED'], 20_000);
    expect(done).toMatchObject({ status: 'COMPUTED', failureCode: null, failureReason: null, progress: { done: 0, total: 0 } });
    // no rosters, no chunks: the run went from QUEUED to COMPUTED in its plan, and the audit trail says so
    const computed = await t.prisma.auditLog.findMany({
      where: { entityType: 'Settlement', entityId: res.body.id, action: { in: ['SETTLEMENT_STARTED', 'SETTLEMENT_COMPUTED'] } },
      orderBy: { id: 'asc' },
    });
    expect(computed.map((a) => [a.action, (a.before as { status: string }).status])).toEqual([['SETTLEMENT_COMPUTED', 'QUEUED']]);
    // the earliest month of the run's database, settled first: once a later month is approved it could no
    // longer be settled (409 LATER_MONTH_APPROVED); approved, it holds up no later month
    expect((await t.http().post(`/api/v1/settlements/${res.body.id}/publish`).set(admin.auth)).status).toBe(200);
    expect((await t.http().post(`/api/v1/settlements/${res.body.id}/approve`).set(admin.auth)).status).toBe(200);
  });

  describe('month 2024-02', () => {
    const month = '2024-02';
    let e1: string, e2: string, ne: string;
    let kids: Record<string, string>;
    let settlementId: string;
    let firstTotals: unknown;
    const e1Totals = () =>
      e1 < e2
        ? { paidChildren: 4, secondChildCount: 3, thirdChildCount: 1, amountFen: 130000 }
        : { paidChildren: 3, secondChildCount: 2, thirdChildCount: 1, amountFen: 100000 };

    beforeAll(async () => {
      e1 = (await createFiledInstitution(t.prisma)).id;
      e2 = (await createFiledInstitution(t.prisma)).id;
      ne = (await createFiledInstitution(t.prisma, { inclusiveFrom: null })).id; // filed, never inclusive
      const young = '2022-05-10';
      kids = {
        second: await child(young, 2),
        third: await child(young, 3),
        first: await child(young, 1),
        overAge: await child('2021-02-01', 2), // 36 full months on 2024-02-01
        justUnder: await child('2021-02-02', 2), // 35 full months
        absent: await child(young, 2),
        ineligible: await child(young, 2),
        moreDays: await child(young, 2),
        earlier: await child(young, 3),
        lowestId: await child(young, 2),
        fromIneligible: await child(young, 2),
        gone: await child(young, 2),
      };
      await createRoster(t.prisma, e1, month, [
        { childId: kids.second, birthOrder: 2 },
        { childId: kids.third, birthOrder: 3 },
        { childId: kids.first, birthOrder: 1 },
        { childId: kids.overAge, birthOrder: 2 },
        { childId: kids.justUnder, birthOrder: 2 },
        { childId: kids.absent, birthOrder: 2, attendanceDays: 0 },
        { childId: kids.moreDays, birthOrder: 2, attendanceDays: 5 },
        { childId: kids.earlier, birthOrder: 3, attendanceDays: 10, enrolledOn: '2024-02-15' },
        { childId: kids.lowestId, birthOrder: 2, attendanceDays: 10, enrolledOn: '2024-01-02' },
        { childId: kids.gone, birthOrder: 2, enrolledOn: '2023-09-01', withdrawnOn: '2024-01-31' },
      ]);
      // a newer version still under review is not the effective roster
      await createRoster(t.prisma, e1, month, [{ childId: kids.first, birthOrder: 1 }], { version: 2, status: 'SUBMITTED' });
      await createRoster(t.prisma, e2, month, [
        { childId: kids.moreDays, birthOrder: 2, attendanceDays: 12, enrolledOn: '2024-02-10' },
        { childId: kids.earlier, birthOrder: 3, attendanceDays: 10, enrolledOn: '2024-01-10' },
        { childId: kids.lowestId, birthOrder: 2, attendanceDays: 10, enrolledOn: '2024-01-02' },
        { childId: kids.fromIneligible, birthOrder: 2, attendanceDays: 3 },
      ]);
      await createRoster(t.prisma, ne, month, [
        { childId: kids.ineligible, birthOrder: 2 },
        { childId: kids.fromIneligible, birthOrder: 2, attendanceDays: 20 },
      ]);
    });

    it('answers 202 QUEUED at once and computes every reason code', async () => {
      const res = await run(month);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ month, status: 'QUEUED', run: 1, progress: { done: 0, total: 0 } });
      settlementId = res.body.id;
      const done = await waitForStatus(t, admin.auth, settlementId, ['COMPUTED', 'FAILED']);
      expect(done.failureReason).toBeNull();
      expect(done.status).toBe('COMPUTED');
      expect(done.progress.done).toBe(done.progress.total);
      expect(done.progress.total).toBeGreaterThan(1); // SETTLEMENT_CHUNK_SIZE=3: the month was split

      const lines = await storedLines(t.prisma, settlementId, month);
      const low = e1 < e2 ? e1 : e2;
      const high = e1 < e2 ? e2 : e1;
      const mine = byKey(lines.filter((l) => [e1, e2, ne].includes(l.institutionId)));
      expect(mine).toEqual({
        [`${kids.second}|${e1}`]: 'PAID_SECOND_CHILD:30000',
        [`${kids.third}|${e1}`]: 'PAID_THIRD_CHILD:40000',
        [`${kids.first}|${e1}`]: 'FIRST_CHILD:0',
        [`${kids.overAge}|${e1}`]: 'OVER_AGE:0',
        [`${kids.justUnder}|${e1}`]: 'PAID_SECOND_CHILD:30000',
        [`${kids.absent}|${e1}`]: 'INSUFFICIENT_ATTENDANCE:0',
        [`${kids.ineligible}|${ne}`]: 'INSTITUTION_NOT_ELIGIBLE:0',
        // transfers: most attendance days wins
        [`${kids.moreDays}|${e1}`]: 'PAID_ELSEWHERE:0',
        [`${kids.moreDays}|${e2}`]: 'PAID_SECOND_CHILD:30000',
        // same days: earliest enrolment wins
        [`${kids.earlier}|${e1}`]: 'PAID_ELSEWHERE:0',
        [`${kids.earlier}|${e2}`]: 'PAID_THIRD_CHILD:40000',
        // same days and date: lowest institution id wins
        [`${kids.lowestId}|${low}`]: 'PAID_SECOND_CHILD:30000',
        [`${kids.lowestId}|${high}`]: 'PAID_ELSEWHERE:0',
        // more days at an ineligible institution: paid where eligible
        [`${kids.fromIneligible}|${ne}`]: 'INSTITUTION_NOT_ELIGIBLE:0',
        [`${kids.fromIneligible}|${e2}`]: 'PAID_SECOND_CHILD:30000',
      });
      // the whole month (other files' rosters included) equals the pure rule's answer
      expect(lines).toEqual(await expectedLines(t, month));

      const e1Part = done as unknown as {
        institutions: {
          institutionId: string;
          paidChildren: number;
          amountFen: number;
          secondChildCount: number;
          thirdChildCount: number;
        }[];
      };
      // each has 3 paid children (2 second, 1 third) plus `lowestId` (a second child) at the lower id
      expect(e1Part.institutions.find((i) => i.institutionId === e1)).toMatchObject(e1Totals());
      expect(e1Part.institutions.find((i) => i.institutionId === e2)).toMatchObject({
        paidChildren: e1 < e2 ? 3 : 4,
        amountFen: e1 < e2 ? 100000 : 130000,
      });
      expect(e1Part.institutions.find((i) => i.institutionId === ne)).toMatchObject({ paidChildren: 0, amountFen: 0 });
      firstTotals = (done as unknown as { totals: unknown }).totals;
    });

    it('lists lines with masked ID numbers, filtered and paginated', async () => {
      const res = await t
        .http()
        .get(`/api/v1/settlements/${settlementId}/lines`)
        .query({ institutionId: e1, reason: 'PAID_SECOND_CHILD', pageSize: 1 })
        .set(admin.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: e1Totals().secondChildCount, page: 1, pageSize: 1 });
      const line = res.body.items[0];
      expect(line).toMatchObject({ institutionId: e1, reason: 'PAID_SECOND_CHILD', amountFen: 30000, birthOrder: 2, forMonth: month });
      const stored = await t.prisma.child.findUniqueOrThrow({ where: { id: line.childId } });
      expect(line.idNumber).toBe(stored.idMasked);
      expect(line.idNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('recomputes a month not yet approved under the same id with the same result', async () => {
      const before = await storedLines(t.prisma, settlementId, month);
      const res = await run(month);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ id: settlementId, status: 'QUEUED', run: 2 });
      const done = await waitForStatus(t, admin.auth, settlementId, ['COMPUTED', 'FAILED']);
      expect(done).toMatchObject({ status: 'COMPUTED', run: 2 });
      expect((done as unknown as { totals: unknown }).totals).toEqual(firstTotals);
      expect(await storedLines(t.prisma, settlementId, month)).toEqual(before);
      expect(await t.prisma.settlement.count({ where: { month } })).toBe(1);
    });

    it('scopes every answer to an operator’s own institution', async () => {
      const operator = await t.userWithToken('operator', e1);
      const one = await t.http().get(`/api/v1/settlements/${settlementId}`).set(operator.auth);
      expect(one.status).toBe(200);
      expect(one.body.institutions.map((i: { institutionId: string }) => i.institutionId)).toEqual([e1]);
      expect(one.body.totals).toEqual(e1Totals());
      const lines = await t.http().get(`/api/v1/settlements/${settlementId}/lines`).query({ pageSize: 200 }).set(operator.auth);
      expect(lines.body.total).toBe(9);
      expect(new Set(lines.body.items.map((l: { institutionId: string }) => l.institutionId))).toEqual(new Set([e1]));
      expect((await t.http().get(`/api/v1/settlements/${settlementId}/lines`).query({ institutionId: e2 }).set(operator.auth)).status).toBe(
        404,
      );
      const list = await t.http().get('/api/v1/settlements').query({ month }).set(operator.auth);
      expect(list.body.items[0].institutions.map((i: { institutionId: string }) => i.institutionId)).toEqual([e1]);
      // finance sees every institution
      const all = await t.http().get(`/api/v1/settlements/${settlementId}`).set(finance.auth);
      expect(all.body.institutions.map((i: { institutionId: string }) => i.institutionId)).toEqual(expect.arrayContaining([e1, e2, ne]));
      // and operators may not run, publish or approve
      expect((await run(month, operator.auth)).status).toBe(403);
      expect((await t.http().post(`/api/v1/settlements/${settlementId}/publish`).set(operator.auth)).status).toBe(403);
    });

    it('publishes, then approves and locks the month; an approved month is never recomputed', async () => {
      expect((await t.http().get(`/api/v1/public/settlements/${settlementId}`)).status).toBe(404);
      expect((await t.http().post(`/api/v1/settlements/${settlementId}/approve`).set(admin.auth)).body.code).toBe('INVALID_STATE');

      const published = await t.http().post(`/api/v1/settlements/${settlementId}/publish`).set(admin.auth);
      expect(published.status).toBe(200);
      expect(published.body.status).toBe('PUBLISHED');
      expect((await t.http().post(`/api/v1/settlements/${settlementId}/publish`).set(admin.auth)).status).toBe(409);

      const notice = await t.http().get(`/api/v1/public/settlements/${settlementId}`);
      expect(notice.status).toBe(200);
      expect(notice.headers['cache-control']).toBe('public, max-age=60');
      const e1Name = (await t.prisma.institution.findUniqueOrThrow({ where: { id: e1 } })).name;
      const { paidChildren, amountFen } = e1Totals();
      expect(notice.body.institutions).toContainEqual(
        expect.objectContaining({ institutionId: e1, name: e1Name, paidChildren, amountFen }),
      );
      const text = JSON.stringify(notice.body);
      for (const forbidden of ['childId', 'idNumber', 'birthDate', 'bankAccount', ...Object.values(kids)])
        expect(text).not.toContain(forbidden);

      const approved = await t.http().post(`/api/v1/settlements/${settlementId}/approve`).set(admin.auth);
      expect(approved.status).toBe(200);
      expect(approved.body.status).toBe('APPROVED');
      const rosters = await t.prisma.roster.findMany({
        where: { month, institutionId: { in: [e1, e2, ne] } },
        orderBy: { version: 'asc' },
      });
      for (const r of rosters) {
        if (r.version === 2) expect(r.status).toBe('SUBMITTED');
        else expect(r).toMatchObject({ status: 'LOCKED', lockedAt: expect.any(Date) });
      }
      // one ROSTER_LOCKED audit entry per locked roster, none for the one left alone
      for (const r of rosters) {
        const entries = await t.prisma.auditLog.findMany({ where: { action: 'ROSTER_LOCKED', entityType: 'Roster', entityId: r.id } });
        if (r.version === 2) expect(entries).toEqual([]);
        else
          expect(entries.map((a) => [a.before, a.after])).toEqual([
            [{ status: 'APPROVED' }, expect.objectContaining({ status: 'LOCKED', month, settlementId })],
          ]);
      }
      // still readable publicly after approval
      expect((await t.http().get(`/api/v1/public/settlements/${settlementId}`)).status).toBe(200);

      const again = await run(month);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('SETTLEMENT_APPROVED');
      expect((await t.http().post(`/api/v1/settlements/${settlementId}/approve`).set(admin.auth)).status).toBe(409);
      expect((await t.http().post(`/api/v1/settlements/${settlementId}/publish`).set(admin.auth)).status).toBe(409);

      const actions = (
        await t.prisma.auditLog.findMany({ where: { entityType: 'Settlement', entityId: settlementId }, orderBy: { id: 'asc' } })
      ).map((a) => a.action);
      expect(actions).toEqual([
        'SETTLEMENT_QUEUED',
        'SETTLEMENT_STARTED',
        'SETTLEMENT_COMPUTED',
        'SETTLEMENT_QUEUED',
        'SETTLEMENT_STARTED',
        'SETTLEMENT_COMPUTED',
        'SETTLEMENT_PUBLISHED',
        'SETTLEMENT_APPROVED',
      ]);
    });

    it('refuses a policy version that would change the approved month', async () => {
      const res = await t.http().post('/api/v1/subsidy-policies').set(admin.auth).send({
        effectiveFrom: month,
        secondChildFen: 50000,
        thirdChildFen: 60000,
        minAttendanceDays: 1,
        maxAgeMonths: 36,
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('MONTH_APPROVED');
    });
  });

  it('enqueues one run for concurrent POSTs of the same month', async () => {
    const month = '2025-04';
    // an API process without workers, so the run is still queued while the callers race
    const api = await createTestApp();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => api.http().post('/api/v1/settlements').set(admin.auth).send({ month })),
    ).finally(() => api.close());
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(202));
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    const [id] = ids;
    expect(answers.every((a) => a.body.run === 1)).toBe(true);
    const queue = t.app.get(SettlementProducer).queue;
    expect(await queue.getJob('settlement:2025-04:1')).toBeDefined();
    expect(await queue.getJob('settlement:2025-04:2')).toBeUndefined();
    expect(await t.prisma.auditLog.count({ where: { entityId: id, action: 'SETTLEMENT_QUEUED' } })).toBe(1);
    const done = await waitForStatus(t, admin.auth, id, ['COMPUTED', 'FAILED']);
    expect(done).toMatchObject({ status: 'COMPUTED', run: 1 });
  });

  it('refuses months that are not over, and malformed ones', async () => {
    const current = shanghaiMonthOf(new Date());
    for (const month of [current, addMonths(current, 1)]) {
      const res = await run(month);
      expect(res.status).toBe(422);
      expect(res.body.details[0]).toMatchObject({ field: 'month', code: 'MONTH_NOT_OVER' });
    }
    expect((await run('2024-13')).status).toBe(422);
    expect((await t.http().post('/api/v1/settlements').set(admin.auth).send({ month: '2024-03', extra: 1 })).status).toBe(400);
    // nothing stored for the refused months (other files keep far-future months of their own)
    expect(await t.prisma.settlement.count({ where: { month: { in: [current, addMonths(current, 1)] } } })).toBe(0);
  });

  describe('subsidy policy versions', () => {
    it('lists versions newest first to any role, with the seeded default', async () => {
      const operator = await t.userWithToken('operator', (await createFiledInstitution(t.prisma)).id);
      const res = await t.http().get('/api/v1/subsidy-policies').set(operator.auth);
      expect(res.status).toBe(200);
      expect(res.body).toContainEqual(
        expect.objectContaining({
          effectiveFrom: '2024-01',
          secondChildFen: 30000,
          thirdChildFen: 40000,
          minAttendanceDays: 1,
          maxAgeMonths: 36,
        }),
      );
      const months = res.body.map((p: { effectiveFrom: string }) => p.effectiveFrom);
      expect(months).toEqual([...months].sort().reverse());
      expect((await t.http().post('/api/v1/subsidy-policies').set(operator.auth).send({})).status).toBe(403);
    });

    it('validates fields and refuses a duplicate month', async () => {
      const bad = await t.http().post('/api/v1/subsidy-policies').set(admin.auth).send({
        effectiveFrom: '2024-13',
        secondChildFen: -1,
        thirdChildFen: 1.5,
        minAttendanceDays: 40,
        maxAgeMonths: 0,
      });
      expect(bad.status).toBe(422);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(
        ['effectiveFrom', 'maxAgeMonths', 'minAttendanceDays', 'secondChildFen', 'thirdChildFen'].sort(),
      );
      const body = { effectiveFrom: '2025-06', secondChildFen: 35000, thirdChildFen: 45000, minAttendanceDays: 1, maxAgeMonths: 24 };
      const created = await t.http().post('/api/v1/subsidy-policies').set(admin.auth).send(body);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject(body);
      const dup = await t.http().post('/api/v1/subsidy-policies').set(admin.auth).send(body);
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('POLICY_EXISTS');
      // back to the default from 2025-07, so later months of other tests keep the default rules
      const restore = { effectiveFrom: '2025-07', secondChildFen: 30000, thirdChildFen: 40000, minAttendanceDays: 1, maxAgeMonths: 36 };
      expect((await t.http().post('/api/v1/subsidy-policies').set(admin.auth).send(restore)).status).toBe(201);
      expect(await t.prisma.auditLog.count({ where: { entityId: created.body.id, action: 'SUBSIDY_POLICY_CREATED' } })).toBe(1);
    });

    it('computes each month under the version in force for it', async () => {
      const inst = (await createFiledInstitution(t.prisma)).id;
      const third = await child('2024-03-15', 3);
      const twoYears = await child('2023-06-01', 2); // 24 full months on 2025-06-01, 25 on 2025-07-01
      for (const month of ['2025-06', '2025-07']) {
        await createRoster(t.prisma, inst, month, [
          { childId: third, birthOrder: 3 },
          { childId: twoYears, birthOrder: 2 },
        ]);
      }
      const results: Record<string, Record<string, string>> = {};
      for (const month of ['2025-06', '2025-07']) {
        const res = await run(month);
        await waitForStatus(t, admin.auth, res.body.id, ['COMPUTED', 'FAILED']);
        results[month] = byKey((await storedLines(t.prisma, res.body.id, month)).filter((l) => l.institutionId === inst));
      }
      expect(results['2025-06']).toEqual({ [`${third}|${inst}`]: 'PAID_THIRD_CHILD:45000', [`${twoYears}|${inst}`]: 'OVER_AGE:0' });
      expect(results['2025-07']).toEqual({
        [`${third}|${inst}`]: 'PAID_THIRD_CHILD:40000',
        [`${twoYears}|${inst}`]: 'PAID_SECOND_CHILD:30000',
      });
    });
  });

  it('serves the queue dashboard to admins only', async () => {
    expect((await t.http().get('/admin/queues')).status).toBe(401);
    expect((await t.http().get('/admin/queues').set('Authorization', 'Bearer not-a-token')).status).toBe(401);
    const operator = await t.userWithToken('operator', (await createFiledInstitution(t.prisma)).id);
    expect((await t.http().get('/admin/queues').set(operator.auth)).status).toBe(403);
    const page = await t.http().get('/admin/queues').set(admin.auth);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html');
    const api = await t
      .http()
      .get('/admin/queues/api/queues')
      .query({ activeQueue: 'settlement', page: 1, jobsPerPage: 10 })
      .set(admin.auth);
    expect(api.status).toBe(200);
    expect(JSON.stringify(api.body)).toContain('settlement');
  });
});
