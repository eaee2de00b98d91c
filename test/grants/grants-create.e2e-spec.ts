import { createFiledInstitution, createInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

type Auth = { Authorization: string };

// The factory's filing numbers count per process; parallel jest workers would collide on them.
let filingSeq = 0;
const filingNumber = () => `测试备〔G〕${process.pid}-${Date.now()}-${(filingSeq += 1)}`;

describe('grants: creation, eligibility, once-only rules and the grant policy', () => {
  let t: TestApp;
  let admin: { id: string; auth: Auth };
  let finance: Auth;
  let auditor: Auth;

  const eligibleConstruction = () =>
    createFiledInstitution(t.prisma, {
      inclusiveFrom: null,
      data: { kind: 'PUBLIC', independent: true, districtLevel: true, filingNumber: filingNumber() },
    });
  const create = (body: object, auth: Auth = admin.auth) => t.http().post('/api/v1/grants').set(auth).send(body);
  const auditActions = async (entityId: string) =>
    (await t.prisma.auditLog.findMany({ where: { entityType: 'Grant', entityId }, orderBy: { id: 'asc' } })).map((a) => a.action);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWithToken('admin');
    finance = (await t.userWithToken('finance')).auth;
    auditor = (await t.userWithToken('auditor')).auth;
  });
  afterAll(() => t.close());

  it('creates a construction grant with CITY and DISTRICT components from the policy, audited', async () => {
    const inst = await eligibleConstruction();
    const res = await create({ institutionId: inst.id, kind: 'CONSTRUCTION', year: 2026 }).expect(201);
    expect(res.body).toMatchObject({
      institutionId: inst.id,
      kind: 'CONSTRUCTION',
      year: 2026,
      status: 'PENDING',
      reason: null,
      budgetApplied: null,
      createdById: admin.id,
      decidedById: null,
      components: [
        { source: 'CITY', amountFen: 15000000, paidFen: 0, voucherNo: null, disbursements: [] },
        { source: 'DISTRICT', amountFen: 10000000, paidFen: 0, voucherNo: null, disbursements: [] },
      ],
    });
    expect(await auditActions(res.body.id)).toEqual(['GRANT_CREATED']);
  });

  it.each([
    ['not filed', { status: 'SUBMITTED' as const }, 'institution.status', 'NOT_FILED'],
    ['not public', { kind: 'PRIVATE' as const }, 'institution.kind', 'NOT_PUBLIC'],
    ['not independent', { independent: false }, 'institution.independent', 'NOT_INDEPENDENT'],
    ['not district-level', { districtLevel: false }, 'institution.districtLevel', 'NOT_DISTRICT_LEVEL'],
  ])('refuses a construction grant for an institution %s (422 naming it)', async (_, change, field, code) => {
    const inst = await eligibleConstruction();
    await t.prisma.institution.update({ where: { id: inst.id }, data: change });
    const res = await create({ institutionId: inst.id, kind: 'CONSTRUCTION', year: 2026 }).expect(422);
    expect(res.body.details).toEqual([{ field, code, message: expect.any(String) }]);
    expect(await t.prisma.grant.count({ where: { institutionId: inst.id } })).toBe(0);
  });

  it('lists every failing condition at once, and refuses a given amount for a construction grant', async () => {
    const inst = await createInstitution(t.prisma, { kind: 'COMMUNITY', independent: false, districtLevel: false });
    const res = await create({ institutionId: inst.id, kind: 'CONSTRUCTION', year: 2026, amountFen: 100 }).expect(422);
    expect(res.body.details.map((d: { code: string }) => d.code).sort()).toEqual(
      ['NOT_ALLOWED', 'NOT_DISTRICT_LEVEL', 'NOT_FILED', 'NOT_INDEPENDENT', 'NOT_PUBLIC'].sort(),
    );
  });

  it('refuses an unknown institution, a bad kind and an unknown field', async () => {
    const unknown = await create({ institutionId: '00000000-0000-4000-8000-00000000abcd', kind: 'CONSTRUCTION', year: 2026 }).expect(422);
    expect(unknown.body.details[0]).toMatchObject({ field: 'institutionId', code: 'NOT_FOUND' });
    const inst = await eligibleConstruction();
    await create({ institutionId: inst.id, kind: 'BONUS', year: 2026 }).expect(422);
    await create({ institutionId: inst.id, kind: 'CONSTRUCTION', year: 2026, extra: 1 }).expect(400);
  });

  it('allows at most one construction grant per institution ever (409 GRANT_EXISTS), whatever the year', async () => {
    const inst = await eligibleConstruction();
    await create({ institutionId: inst.id, kind: 'CONSTRUCTION', year: 2026 }).expect(201);
    const again = await create({ institutionId: inst.id, kind: 'CONSTRUCTION', year: 2027 }).expect(409);
    expect(again.body.code).toBe('GRANT_EXISTS');
  });

  it('lets exactly one of two concurrent creations for the same institution succeed', async () => {
    const inst = await eligibleConstruction();
    const body = { institutionId: inst.id, kind: 'CONSTRUCTION', year: 2026 };
    const results = await Promise.all([create(body), create(body), create(body)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'GRANT_EXISTS')).toBe(true);
    expect(await t.prisma.grant.count({ where: { institutionId: inst.id } })).toBe(1);
  });

  describe('advanced-institution awards', () => {
    it('gives one DISTRICT component of the amount given, once per institution per year', async () => {
      const inst = await createFiledInstitution(t.prisma, { inclusiveFrom: '2024-01', data: { filingNumber: filingNumber() } });
      const res = await create({ institutionId: inst.id, kind: 'ADVANCED_AWARD', year: 2026, amountFen: 5000000 }).expect(201);
      expect(res.body.components).toEqual([expect.objectContaining({ source: 'DISTRICT', amountFen: 5000000, paidFen: 0 })]);
      const again = await create({ institutionId: inst.id, kind: 'ADVANCED_AWARD', year: 2026, amountFen: 1 }).expect(409);
      expect(again.body.code).toBe('GRANT_EXISTS');
      await create({ institutionId: inst.id, kind: 'ADVANCED_AWARD', year: 2027, amountFen: 3000000 }).expect(201);
    });

    it('requires a positive integer amount', async () => {
      const inst = await createFiledInstitution(t.prisma, { inclusiveFrom: '2024-01', data: { filingNumber: filingNumber() } });
      const missing = await create({ institutionId: inst.id, kind: 'ADVANCED_AWARD', year: 2026 }).expect(422);
      expect(missing.body.details).toEqual([expect.objectContaining({ field: 'amountFen', code: 'REQUIRED' })]);
      for (const amountFen of [0, -5, 12.5, '100']) {
        const res = await create({ institutionId: inst.id, kind: 'ADVANCED_AWARD', year: 2026, amountFen }).expect(422);
        expect(res.body.details[0].field).toBe('amountFen');
      }
    });

    it('refuses an institution that is not inclusive now, or not filed', async () => {
      const notInclusive = await createFiledInstitution(t.prisma, { inclusiveFrom: null, data: { filingNumber: filingNumber() } });
      const r1 = await create({ institutionId: notInclusive.id, kind: 'ADVANCED_AWARD', year: 2026, amountFen: 100 }).expect(422);
      expect(r1.body.details).toEqual([expect.objectContaining({ field: 'institution.inclusive', code: 'NOT_INCLUSIVE' })]);

      const withdrawn = await createFiledInstitution(t.prisma, { inclusiveFrom: '2024-01', data: { filingNumber: filingNumber() } });
      await t.prisma.inclusiveDesignation.create({ data: { institutionId: withdrawn.id, effectiveFrom: '2025-01', inclusive: false } });
      const r2 = await create({ institutionId: withdrawn.id, kind: 'ADVANCED_AWARD', year: 2026, amountFen: 100 }).expect(422);
      expect(r2.body.details.map((d: { code: string }) => d.code)).toEqual(['NOT_INCLUSIVE']);

      const suspended = await createFiledInstitution(t.prisma, {
        inclusiveFrom: '2024-01',
        data: { status: 'SUSPENDED', filingNumber: filingNumber() },
      });
      const r3 = await create({ institutionId: suspended.id, kind: 'ADVANCED_AWARD', year: 2026, amountFen: 100 }).expect(422);
      expect(r3.body.details.map((d: { code: string }) => d.code)).toEqual(['NOT_FILED']);
    });
  });

  describe('grant policy', () => {
    it('is seeded with the construction amounts from 2024 and readable by staff roles only', async () => {
      const res = await t.http().get('/api/v1/grant-policies?kind=CONSTRUCTION').set(finance).expect(200);
      expect(res.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'CONSTRUCTION', source: 'CITY', effectiveFromYear: 2024, amountFen: 15000000 }),
          expect.objectContaining({ kind: 'CONSTRUCTION', source: 'DISTRICT', effectiveFromYear: 2024, amountFen: 10000000 }),
        ]),
      );
      await t.http().get('/api/v1/grant-policies').set(auditor).expect(200);
      const operator = await t.userWithToken('operator', (await createInstitution(t.prisma)).id);
      await t.http().get('/api/v1/grant-policies').set(operator.auth).expect(403);
    });

    it('applies a new version to grants of its year and later only; existing grants keep their amounts', async () => {
      const before = await eligibleConstruction();
      const old = await create({ institutionId: before.id, kind: 'CONSTRUCTION', year: 2096 }).expect(201);

      const policy = { kind: 'CONSTRUCTION', source: 'CITY', effectiveFromYear: 2095, amountFen: 16000000 };
      await t.http().post('/api/v1/grant-policies').set(finance).send(policy).expect(403);
      const created = await t.http().post('/api/v1/grant-policies').set(admin.auth).send(policy).expect(201);
      expect(created.body).toMatchObject({ ...policy, createdById: admin.id });
      expect((await t.http().post('/api/v1/grant-policies').set(admin.auth).send(policy).expect(409)).body.code).toBe(
        'GRANT_POLICY_EXISTS',
      );
      const audit = await t.prisma.auditLog.findMany({ where: { entityType: 'GrantPolicy', entityId: created.body.id } });
      expect(audit.map((a) => a.action)).toEqual(['GRANT_POLICY_CREATED']);

      const after = await eligibleConstruction();
      const fresh = await create({ institutionId: after.id, kind: 'CONSTRUCTION', year: 2096 }).expect(201);
      expect(fresh.body.components.map((c: { amountFen: number }) => c.amountFen)).toEqual([16000000, 10000000]);
      const earlier = await eligibleConstruction();
      const y2094 = await create({ institutionId: earlier.id, kind: 'CONSTRUCTION', year: 2094 }).expect(201);
      expect(y2094.body.components.map((c: { amountFen: number }) => c.amountFen)).toEqual([15000000, 10000000]);
      const unchanged = await t.http().get(`/api/v1/grants/${old.body.id}`).set(admin.auth).expect(200);
      expect(unchanged.body.components.map((c: { amountFen: number }) => c.amountFen)).toEqual([15000000, 10000000]);
    });

    it('has no construction amounts before the first version (422), and award amounts are not policy', async () => {
      const inst = await eligibleConstruction();
      const res = await create({ institutionId: inst.id, kind: 'CONSTRUCTION', year: 2020 }).expect(422);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'year', code: 'NO_GRANT_POLICY' })]);
      const award = { kind: 'ADVANCED_AWARD', source: 'DISTRICT', effectiveFromYear: 2030, amountFen: 100 };
      expect((await t.http().post('/api/v1/grant-policies').set(admin.auth).send(award).expect(422)).body.details[0].code).toBe(
        'NOT_CONFIGURABLE',
      );
    });
  });

  it('lets only admins create grants', async () => {
    const inst = await eligibleConstruction();
    const operator = await t.userWithToken('operator', inst.id);
    const body = { institutionId: inst.id, kind: 'CONSTRUCTION', year: 2026 };
    await create(body, finance).expect(403);
    await create(body, auditor).expect(403);
    await create(body, operator.auth).expect(403);
    await t.http().post('/api/v1/grants').send(body).expect(401);
    expect(await t.prisma.grant.count({ where: { institutionId: inst.id } })).toBe(0);
  });
});
