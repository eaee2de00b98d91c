import type { RosterStatus } from '../../src/generated/prisma/enums';
import { migrate } from '../../src/infra/database/migrator';
import { createFiledInstitution, createInstitution } from '../utils/factories';
import { createScratchDatabase, ScratchDatabase } from '../utils/scratch-db';
import { createTestApp, TestApp } from '../utils/test-app';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;
type Institution = Awaited<ReturnType<typeof createInstitution>>;

const MONTH = '2026-03';
/** Shanghai midnight of a date, as UTC (China is UTC+8 all year). */
const shanghai = (date: string) => new Date(`${date}T00:00:00+08:00`);

/**
 * The district-wide roster worklist (GET /rosters) and who has reported a month (GET /reporting-status). Both answer
 * over every institution, so this file runs on its own database: the counts and the order are exact.
 */
describe('roster worklist and reporting status', () => {
  let db: ScratchDatabase;
  let t: TestApp;
  let admin: User;
  const inst: Record<
    'submitted' | 'corrected' | 'missing' | 'filedMidMonth' | 'suspendedMidMonth' | 'filedLater' | 'draft' | 'closedBefore',
    Institution
  > = {} as never;
  const rosterIds: Record<string, string> = {};

  const roster = async (institution: Institution, month: string, status: RosterStatus, version = 1, createdAt?: Date) => {
    const row = await t.prisma.roster.create({ data: { institutionId: institution.id, month, status, version, createdAt } });
    return row.id;
  };
  const statusChange = (
    institution: Institution,
    fromStatus: 'FILED' | 'SUBMITTED',
    toStatus: 'FILED' | 'SUSPENDED' | 'CLOSED',
    at: Date,
  ) => t.prisma.institutionStatusChange.create({ data: { institutionId: institution.id, fromStatus, toStatus, at } });

  beforeAll(async () => {
    db = await createScratchDatabase('worklists');
    await migrate(db.url);
    t = await createTestApp({ env: { DATABASE_URL: db.url } });
    admin = await t.userWithToken('admin');

    inst.submitted = await createFiledInstitution(t.prisma, { data: { name: 'E托育园' } });
    inst.corrected = await createFiledInstitution(t.prisma, { data: { name: 'B托育园' } });
    inst.missing = await createFiledInstitution(t.prisma, { data: { name: 'C托育园' } });
    // filed on 15 March: it was filed during the month
    inst.filedMidMonth = await createFiledInstitution(t.prisma, { filedAt: shanghai('2026-03-15'), data: { name: 'A托育园' } });
    // suspended on 10 March: it was still filed during part of the month
    inst.suspendedMidMonth = await createFiledInstitution(t.prisma, { data: { name: 'D托育园', status: 'SUSPENDED' } });
    await statusChange(inst.suspendedMidMonth, 'FILED', 'SUSPENDED', shanghai('2026-03-10'));
    // filed on 2 April, a draft, and one closed in February: not filed during March
    inst.filedLater = await createFiledInstitution(t.prisma, { filedAt: shanghai('2026-04-02'), data: { name: 'F托育园' } });
    inst.draft = await createInstitution(t.prisma, { name: 'G托育园' });
    inst.closedBefore = await createFiledInstitution(t.prisma, { data: { name: 'H托育园', status: 'CLOSED' } });
    await statusChange(inst.closedBefore, 'FILED', 'CLOSED', shanghai('2026-02-10'));

    rosterIds.submitted = await roster(inst.submitted, MONTH, 'SUBMITTED', 1, new Date('2026-04-03T01:00:00Z'));
    rosterIds.approvedV1 = await roster(inst.corrected, MONTH, 'LOCKED', 1, new Date('2026-04-01T01:00:00Z'));
    rosterIds.correction = await roster(inst.corrected, MONTH, 'DRAFT', 2, new Date('2026-04-20T01:00:00Z'));
    rosterIds.returned = await roster(inst.suspendedMidMonth, MONTH, 'RETURNED', 1, new Date('2026-04-02T01:00:00Z'));
    rosterIds.missingFeb = await roster(inst.missing, '2026-02', 'LOCKED', 1, new Date('2026-03-02T01:00:00Z'));
    rosterIds.laterApril = await roster(inst.filedLater, '2026-04', 'SUBMITTED', 1, new Date('2026-05-02T01:00:00Z'));
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  describe('GET /rosters', () => {
    it('lists every institution’s rosters without entries, newest month first and the newest roster first within it', async () => {
      const res = await t.http().get('/api/v1/rosters').set(admin.auth).expect(200);
      expect(res.body).toMatchObject({ total: 6, page: 1, pageSize: 50 });
      expect(res.body.items.map((r: { id: string }) => r.id)).toEqual([
        rosterIds.laterApril,
        rosterIds.correction,
        rosterIds.submitted,
        rosterIds.returned,
        rosterIds.approvedV1,
        rosterIds.missingFeb,
      ]);
      expect(res.body.items[1]).toEqual({
        id: rosterIds.correction,
        institutionId: inst.corrected.id,
        institutionName: 'B托育园',
        month: MONTH,
        version: 2,
        status: 'DRAFT',
        statusLabel: '草稿',
        returnReason: null,
        entryCount: 0,
        createdAt: '2026-04-20T01:00:00.000Z',
        updatedAt: expect.any(String),
        submittedAt: null,
        reviewedAt: null,
        lockedAt: null,
      });
      expect(res.body.items.every((r: object) => !('entries' in r))).toBe(true);
    });

    it('filters by status, month and institution, and pages', async () => {
      const submitted = await t.http().get('/api/v1/rosters?status=SUBMITTED').set(admin.auth).expect(200);
      expect(submitted.body.items.map((r: { id: string }) => r.id)).toEqual([rosterIds.laterApril, rosterIds.submitted]);
      const march = await t.http().get(`/api/v1/rosters?month=${MONTH}&status=SUBMITTED`).set(admin.auth).expect(200);
      expect(march.body.items.map((r: { id: string }) => r.id)).toEqual([rosterIds.submitted]);
      const one = await t.http().get(`/api/v1/rosters?institutionId=${inst.corrected.id}`).set(admin.auth).expect(200);
      expect(one.body.items.map((r: { version: number }) => r.version)).toEqual([2, 1]);
      const page2 = await t.http().get('/api/v1/rosters?pageSize=4&page=2').set(admin.auth).expect(200);
      expect(page2.body).toMatchObject({ total: 6, page: 2, pageSize: 4 });
      expect(page2.body.items.map((r: { id: string }) => r.id)).toEqual([rosterIds.approvedV1, rosterIds.missingFeb]);
      for (const bad of ['status=OPEN', 'month=2026-3', 'institutionId=nope', 'pageSize=201', 'colour=red'])
        expect([400, 422]).toContain((await t.http().get(`/api/v1/rosters?${bad}`).set(admin.auth)).status);
    });

    it('shows finance and auditors everything and an operator their own institution only', async () => {
      for (const role of ['finance', 'auditor'] as const) {
        const user = await t.userWithToken(role);
        expect((await t.http().get('/api/v1/rosters').set(user.auth).expect(200)).body.total).toBe(6);
      }
      const operator = await t.userWithToken('operator', inst.corrected.id);
      const own = await t.http().get('/api/v1/rosters').set(operator.auth).expect(200);
      expect(own.body.items.map((r: { id: string }) => r.id)).toEqual([rosterIds.correction, rosterIds.approvedV1]);
      const filtered = await t.http().get(`/api/v1/rosters?status=DRAFT&institutionId=${inst.corrected.id}`).set(operator.auth).expect(200);
      expect(filtered.body.items.map((r: { id: string }) => r.id)).toEqual([rosterIds.correction]);
      const other = await t.http().get(`/api/v1/rosters?institutionId=${inst.submitted.id}`).set(operator.auth);
      expect(other.status).toBe(404);
      expect((await t.http().get('/api/v1/rosters')).status).toBe(401);
    });
  });

  describe('GET /reporting-status', () => {
    const item = (i: Institution, rosterStatus: string, rosterId: string | null, rosterVersion: number | null) => ({
      institutionId: i.id,
      name: i.name,
      township: i.township,
      rosterStatus,
      rosterId,
      rosterVersion,
    });

    it('lists every institution filed during the month with its newest roster status, MISSING where none, and counts', async () => {
      const res = await t.http().get(`/api/v1/reporting-status?month=${MONTH}`).set(admin.auth).expect(200);
      expect(res.body).toEqual({
        month: MONTH,
        counts: { DRAFT: 1, SUBMITTED: 1, APPROVED: 0, RETURNED: 1, LOCKED: 0, MISSING: 2 },
        // by name
        items: [
          item(inst.filedMidMonth, 'MISSING', null, null),
          item(inst.corrected, 'DRAFT', rosterIds.correction, 2),
          item(inst.missing, 'MISSING', null, null),
          item(inst.suspendedMidMonth, 'RETURNED', rosterIds.returned, 1),
          item(inst.submitted, 'SUBMITTED', rosterIds.submitted, 1),
        ],
        total: 5,
        page: 1,
        pageSize: 50,
      });
      const names = res.body.items.map((i: { name: string }) => i.name);
      for (const excluded of [inst.filedLater, inst.draft, inst.closedBefore]) expect(names).not.toContain(excluded.name);
    });

    it('filters by roster status (MISSING: who has not reported) and pages, counting over every institution', async () => {
      const missing = await t.http().get(`/api/v1/reporting-status?month=${MONTH}&rosterStatus=MISSING`).set(admin.auth).expect(200);
      expect(missing.body.items.map((i: { institutionId: string }) => i.institutionId).sort()).toEqual(
        [inst.filedMidMonth.id, inst.missing.id].sort(),
      );
      expect(missing.body).toMatchObject({ total: 2, counts: { MISSING: 2, SUBMITTED: 1 } });
      const page = await t.http().get(`/api/v1/reporting-status?month=${MONTH}&pageSize=2&page=3`).set(admin.auth).expect(200);
      expect(page.body).toMatchObject({ total: 5, page: 3, pageSize: 2 });
      expect(page.body.items).toHaveLength(1);
      // April: the institution filed on 2 April is in, its roster SUBMITTED; the one suspended in March is out
      const april = await t.http().get('/api/v1/reporting-status?month=2026-04').set(admin.auth).expect(200);
      expect(april.body.items.find((i: { institutionId: string }) => i.institutionId === inst.filedLater.id)).toMatchObject({
        rosterStatus: 'SUBMITTED',
        rosterId: rosterIds.laterApril,
      });
      expect(april.body.items.map((i: { institutionId: string }) => i.institutionId)).not.toContain(inst.suspendedMidMonth.id);
      expect(april.body.counts).toEqual({ DRAFT: 0, SUBMITTED: 1, APPROVED: 0, RETURNED: 0, LOCKED: 0, MISSING: 4 });
    });

    it('needs a month and is for admins and auditors only', async () => {
      for (const query of ['', '?month=2026-13', `?month=${MONTH}&rosterStatus=LATE`])
        expect((await t.http().get(`/api/v1/reporting-status${query}`).set(admin.auth)).status).toBe(422);
      const auditor = await t.userWithToken('auditor');
      await t.http().get(`/api/v1/reporting-status?month=${MONTH}`).set(auditor.auth).expect(200);
      for (const [role, institutionId] of [
        ['finance', null],
        ['operator', inst.submitted.id],
      ] as const) {
        const user = await t.userWithToken(role, institutionId);
        expect((await t.http().get(`/api/v1/reporting-status?month=${MONTH}`).set(user.auth)).status).toBe(403);
      }
      expect((await t.http().get(`/api/v1/reporting-status?month=${MONTH}`)).status).toBe(401);
    });
  });
});
