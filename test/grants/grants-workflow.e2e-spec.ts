import { shanghaiMonthOf } from '../../src/common/month';
import { createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

type Auth = { Authorization: string };

// The factory's filing numbers count per process; parallel jest workers would collide on them.
let filingSeq = 0;
const filingNumber = () => `测试备〔G〕${process.pid}-${Date.now()}-${(filingSeq += 1)}`;

/**
 * Budgets are keyed by (year, source) and shared by every test file of the run, so each test here uses
 * its own year; nothing else in the suite creates grants or budgets for years 2031–2049.
 */
describe('grants: four-eyes approval, budgets, disbursement and role scoping', () => {
  let t: TestApp;
  let creator: { id: string; auth: Auth };
  let approver: { id: string; auth: Auth };
  let finance: { id: string; auth: Auth };
  let voucherSeq = 0;

  const voucher = () => `GV-${process.pid}-${Date.now()}-${(voucherSeq += 1)}`;
  const constructionGrant = async (year: number) => {
    const inst = await createFiledInstitution(t.prisma, {
      inclusiveFrom: null,
      data: { kind: 'PUBLIC', independent: true, districtLevel: true, filingNumber: filingNumber() },
    });
    const res = await t
      .http()
      .post('/api/v1/grants')
      .set(creator.auth)
      .send({ institutionId: inst.id, kind: 'CONSTRUCTION', year })
      .expect(201);
    return res.body as { id: string; institutionId: string };
  };
  const award = async (year: number, amountFen: number) => {
    const inst = await createFiledInstitution(t.prisma, { inclusiveFrom: '2024-01', data: { filingNumber: filingNumber() } });
    const res = await t
      .http()
      .post('/api/v1/grants')
      .set(creator.auth)
      .send({ institutionId: inst.id, kind: 'ADVANCED_AWARD', year, amountFen })
      .expect(201);
    return res.body as { id: string; institutionId: string };
  };
  const approve = (id: string, auth: Auth = approver.auth) => t.http().post(`/api/v1/grants/${id}/approve`).set(auth);
  const setBudget = (year: number, source: string, amountFen: number) =>
    t.http().put(`/api/v1/budgets/${year}/${source}`).set(creator.auth).send({ amountFen });
  const budget = (year: number, source: 'CITY' | 'DISTRICT') => t.prisma.budget.findUnique({ where: { year_source: { year, source } } });
  const disburse = (id: string, body: object, auth: Auth = finance.auth) =>
    t
      .http()
      .post(`/api/v1/grants/${id}/disbursements`)
      .set(auth)
      .send({ paidOn: '2026-01-15', voucherNo: voucher(), ...body });
  const auditActions = async (entityType: string, entityId: string) =>
    (await t.prisma.auditLog.findMany({ where: { entityType, entityId }, orderBy: { id: 'asc' } })).map((a) => a.action);

  beforeAll(async () => {
    t = await createTestApp();
    creator = await t.userWithToken('admin');
    approver = await t.userWithToken('admin');
    finance = await t.userWithToken('finance');
  });
  afterAll(() => t.close());

  describe('four-eyes workflow', () => {
    it('refuses approval and rejection by the creating admin (403 FOUR_EYES)', async () => {
      const grant = await constructionGrant(2031);
      expect((await approve(grant.id, creator.auth).expect(403)).body.code).toBe('FOUR_EYES');
      const rej = await t.http().post(`/api/v1/grants/${grant.id}/reject`).set(creator.auth).send({ reason: 'no' }).expect(403);
      expect(rej.body.code).toBe('FOUR_EYES');
      expect((await t.prisma.grant.findUniqueOrThrow({ where: { id: grant.id } })).status).toBe('PENDING');
    });

    it('approves once with no budget set: not limited, and the grant shows no budget applied', async () => {
      const grant = await constructionGrant(2032);
      const res = await approve(grant.id).expect(200);
      expect(res.body).toMatchObject({ status: 'APPROVED', decidedById: approver.id, budgetApplied: false });
      expect(res.body.components.map((c: { budgetApplied: boolean }) => c.budgetApplied)).toEqual([false, false]);
      expect((await approve(grant.id).expect(409)).body.code).toBe('GRANT_NOT_PENDING');
      await t.http().post(`/api/v1/grants/${grant.id}/reject`).set(approver.auth).send({ reason: 'late' }).expect(409);
      expect(await auditActions('Grant', grant.id)).toEqual(['GRANT_CREATED', 'GRANT_APPROVED']);
    });

    it('rejects with a reason, charging nothing; a reason is required', async () => {
      await setBudget(2033, 'DISTRICT', 50000000).expect(200);
      const grant = await award(2033, 2000000);
      await t.http().post(`/api/v1/grants/${grant.id}/reject`).set(approver.auth).send({}).expect(422);
      await t.http().post(`/api/v1/grants/${grant.id}/reject`).set(approver.auth).send({ reason: '' }).expect(422);
      const res = await t.http().post(`/api/v1/grants/${grant.id}/reject`).set(approver.auth).send({ reason: '材料不全' }).expect(200);
      expect(res.body).toMatchObject({ status: 'REJECTED', reason: '材料不全', decidedById: approver.id, budgetApplied: null });
      expect(Number((await budget(2033, 'DISTRICT'))?.committedFen)).toBe(0);
      await approve(grant.id).expect(409);
      await disburse(grant.id, { source: 'DISTRICT', amountFen: 1 }).expect(409);
      expect(await auditActions('Grant', grant.id)).toEqual(['GRANT_CREATED', 'GRANT_REJECTED']);
    });

    it('re-checks eligibility on approval: a suspended institution is refused 422 and the grant stays PENDING', async () => {
      await setBudget(2047, 'CITY', 100000000).expect(200);
      const grant = await constructionGrant(2047);
      const inst = `/api/v1/institutions/${grant.institutionId}`;
      await t.http().post(`${inst}/suspend`).set(approver.auth).send({ reason: '消防检查不合格' }).expect(200);
      const refused = await approve(grant.id).expect(422);
      expect(refused.body.details).toEqual([expect.objectContaining({ field: 'institution.status', code: 'NOT_FILED' })]);
      expect(refused.body.details[0].message).toContain('当前为“已暂停”');
      const row = await t.prisma.grant.findUniqueOrThrow({ where: { id: grant.id } });
      expect(row).toMatchObject({ status: 'PENDING', decidedById: null, budgetApplied: null });
      expect(Number((await budget(2047, 'CITY'))?.committedFen)).toBe(0);
      expect(await auditActions('Grant', grant.id)).toEqual(['GRANT_CREATED']);
      await disburse(grant.id, { source: 'CITY', amountFen: 1 }).expect(409);

      // a construction grant also needs the flags still set; reinstated and qualifying again, it is approved
      await t.http().patch(inst).set(approver.auth).send({ districtLevel: false }).expect(200);
      await t.http().post(`${inst}/reinstate`).set(approver.auth).send({ reason: '整改完成' }).expect(200);
      const flags = await approve(grant.id).expect(422);
      expect(flags.body.details).toEqual([expect.objectContaining({ field: 'institution.districtLevel', code: 'NOT_DISTRICT_LEVEL' })]);
      await t.http().patch(inst).set(approver.auth).send({ districtLevel: true }).expect(200);
      expect((await approve(grant.id).expect(200)).body.status).toBe('APPROVED');
    });

    it('re-checks eligibility on approval: an award whose institution lost its inclusive designation is refused', async () => {
      const grant = await award(2048, 1000000);
      const month = shanghaiMonthOf(new Date());
      await t
        .http()
        .post(`/api/v1/institutions/${grant.institutionId}/inclusive`)
        .set(approver.auth)
        .send({ inclusive: false, effectiveFrom: month })
        .expect(200);
      const refused = await approve(grant.id).expect(422);
      expect(refused.body.details).toEqual([expect.objectContaining({ field: 'institution.inclusive', code: 'NOT_INCLUSIVE' })]);
      expect((await t.prisma.grant.findUniqueOrThrow({ where: { id: grant.id } })).status).toBe('PENDING');
    });

    it('answers 404 for an unknown grant', async () => {
      await approve('00000000-0000-4000-8000-00000000dead').expect(404);
      await t.http().get('/api/v1/grants/00000000-0000-4000-8000-00000000dead').set(finance.auth).expect(404);
    });
  });

  describe('budgets', () => {
    it('charges each component to its own source and marks the budget as applied', async () => {
      await setBudget(2034, 'CITY', 20000000).expect(200);
      const grant = await constructionGrant(2034);
      const res = await approve(grant.id).expect(200);
      expect(res.body.budgetApplied).toBe(true);
      // only CITY has a budget this year: DISTRICT is not limited
      expect(res.body.components.map((c: { source: string; budgetApplied: boolean }) => [c.source, c.budgetApplied])).toEqual([
        ['CITY', true],
        ['DISTRICT', false],
      ]);
      const list = await t.http().get('/api/v1/budgets?year=2034').set(finance.auth).expect(200);
      expect(list.body.items).toEqual([{ year: 2034, source: 'CITY', amountFen: 20000000, committedFen: 15000000, remainingFen: 5000000 }]);
    });

    it('refuses an approval beyond the remaining budget (409 naming the remainder), changing nothing', async () => {
      await setBudget(2035, 'DISTRICT', 12000000).expect(200);
      const first = await constructionGrant(2035);
      await approve(first.id).expect(200);
      const second = await constructionGrant(2035);
      const res = await approve(second.id).expect(409);
      expect(res.body.code).toBe('BUDGET_EXCEEDED');
      expect(res.body.message).toContain('区级资金预算余额 20,000.00 元');
      const after = await t.prisma.grant.findUniqueOrThrow({ where: { id: second.id }, include: { components: true } });
      expect(after.status).toBe('PENDING');
      expect(after.components.every((c) => c.budgetApplied === null)).toBe(true);
      expect(Number((await budget(2035, 'DISTRICT'))?.committedFen)).toBe(10000000);

      // raising the budget lets it through
      await setBudget(2035, 'DISTRICT', 20000000).expect(200);
      await approve(second.id).expect(200);
      expect(Number((await budget(2035, 'DISTRICT'))?.committedFen)).toBe(20000000);
    });

    it('lets exactly one of two concurrent approvals take the last of the budget', async () => {
      await setBudget(2036, 'CITY', 20000000).expect(200);
      const a = await constructionGrant(2036);
      const b = await constructionGrant(2036);
      const results = await Promise.all([approve(a.id), approve(b.id)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)?.body.code).toBe('BUDGET_EXCEEDED');
      const committed = await budget(2036, 'CITY');
      expect(Number(committed?.committedFen)).toBe(15000000);
      const statuses = await t.prisma.grant.findMany({ where: { id: { in: [a.id, b.id] } }, select: { status: true } });
      expect(statuses.map((s) => s.status).sort()).toEqual(['APPROVED', 'PENDING']);
    });

    it('never overspends when many awards race for one budget', async () => {
      await setBudget(2037, 'DISTRICT', 1000000).expect(200);
      const grants = await Promise.all(Array.from({ length: 6 }, () => award(2037, 300000)));
      const results = await Promise.all(grants.map((g) => approve(g.id)));
      expect(results.filter((r) => r.status === 200)).toHaveLength(3);
      expect(results.filter((r) => r.status === 409)).toHaveLength(3);
      expect(Number((await budget(2037, 'DISTRICT'))?.committedFen)).toBe(900000);
    });

    it('refuses lowering a budget below what is committed, audits every change, and is admin-only to set', async () => {
      await setBudget(2038, 'DISTRICT', 5000000).expect(200);
      const grant = await award(2038, 4000000);
      await approve(grant.id).expect(200);
      const low = await setBudget(2038, 'DISTRICT', 3999999).expect(409);
      expect(low.body.code).toBe('BUDGET_BELOW_COMMITTED');
      expect(low.body.message).toContain('已占用 2038 年区级资金预算 40,000.00 元');
      const ok = await setBudget(2038, 'DISTRICT', 4000000).expect(200);
      expect(ok.body).toEqual({ year: 2038, source: 'DISTRICT', amountFen: 4000000, committedFen: 4000000, remainingFen: 0 });
      expect(await auditActions('Budget', '2038:DISTRICT')).toEqual(['BUDGET_SET', 'BUDGET_SET']);

      await t.http().put('/api/v1/budgets/2038/DISTRICT').set(finance.auth).send({ amountFen: 1 }).expect(403);
      await t.http().put('/api/v1/budgets/2038/COUNTY').set(creator.auth).send({ amountFen: 1 }).expect(422);
      await t.http().put('/api/v1/budgets/2038/CITY').set(creator.auth).send({ amountFen: -1 }).expect(422);
      const auditor = await t.userWithToken('auditor');
      await t.http().get('/api/v1/budgets?year=2038').set(auditor.auth).expect(200);
      const operator = await t.userWithToken('operator', grant.institutionId);
      await t.http().get('/api/v1/budgets').set(operator.auth).expect(403);
    });
  });

  describe('disbursements', () => {
    it('pays components separately, partially then fully → DISBURSED, each payment audited', async () => {
      const grant = await constructionGrant(2040);
      await approve(grant.id).expect(200);

      const v1 = voucher();
      const p1 = await disburse(grant.id, { source: 'CITY', amountFen: 5000000, voucherNo: v1, paidOn: '2026-02-01' }).expect(201);
      expect(p1.body.status).toBe('APPROVED');
      expect(p1.body.components[0]).toMatchObject({
        source: 'CITY',
        paidFen: 5000000,
        outstandingFen: 10000000,
        voucherNo: v1,
        disbursements: [
          { voucherNo: v1, amountFen: 5000000, paidOn: '2026-02-01', recordedById: finance.id, recordedAt: expect.any(String) },
        ],
      });
      await disburse(grant.id, { source: 'CITY', amountFen: 10000000 }).expect(201);
      const cityPaid = await disburse(grant.id, { source: 'DISTRICT', amountFen: 9999999 }).expect(201);
      expect(cityPaid.body.status).toBe('APPROVED');
      const last = await disburse(grant.id, { source: 'DISTRICT', amountFen: 1 }).expect(201);
      expect(last.body.status).toBe('DISBURSED');
      expect(last.body.components.map((c: { paidFen: number }) => c.paidFen)).toEqual([15000000, 10000000]);

      const more = await disburse(grant.id, { source: 'CITY', amountFen: 1 }).expect(409);
      expect(more.body.code).toBe('GRANT_FULLY_DISBURSED');
      expect(await auditActions('Grant', grant.id)).toEqual([
        'GRANT_CREATED',
        'GRANT_APPROVED',
        'GRANT_DISBURSEMENT_RECORDED',
        'GRANT_DISBURSEMENT_RECORDED',
        'GRANT_DISBURSEMENT_RECORDED',
        'GRANT_DISBURSEMENT_RECORDED',
      ]);
    });

    it('refuses paying more than a component still owes, and a pending grant', async () => {
      const grant = await award(2041, 1000000);
      const pending = await disburse(grant.id, { source: 'DISTRICT', amountFen: 1 }).expect(409);
      expect(pending.body.code).toBe('GRANT_NOT_APPROVED');
      await approve(grant.id).expect(200);
      await disburse(grant.id, { source: 'DISTRICT', amountFen: 600000 }).expect(201);
      const over = await disburse(grant.id, { source: 'DISTRICT', amountFen: 400001 }).expect(409);
      expect(over.body.code).toBe('OVER_DISBURSEMENT');
      expect(over.body.message).toContain('尚未拨付 4,000.00 元');
      const noCity = await disburse(grant.id, { source: 'CITY', amountFen: 1 }).expect(422);
      expect(noCity.body.details[0]).toMatchObject({ field: 'source', code: 'NO_SUCH_COMPONENT' });
      const c = await t.prisma.grantComponent.findFirstOrThrow({ where: { grantId: grant.id } });
      expect(c.paidFen).toBe(600000);
    });

    it('never over-disburses under concurrent payments', async () => {
      const grant = await award(2042, 1000000);
      await approve(grant.id).expect(200);
      const results = await Promise.all(Array.from({ length: 5 }, () => disburse(grant.id, { source: 'DISTRICT', amountFen: 300000 })));
      expect(results.filter((r) => r.status === 201)).toHaveLength(3);
      expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'OVER_DISBURSEMENT')).toBe(true);
      const c = await t.prisma.grantComponent.findFirstOrThrow({ where: { grantId: grant.id } });
      expect(c.paidFen).toBe(900000);
      expect(await t.prisma.grantDisbursement.count({ where: { componentId: c.id } })).toBe(3);
    });

    it('records a voucher once (409 DUPLICATE_VOUCHER), also across grants and concurrent requests', async () => {
      const a = await award(2043, 1000000);
      const b = await award(2043, 1000000);
      await approve(a.id).expect(200);
      await approve(b.id).expect(200);
      const v = voucher();
      await disburse(a.id, { source: 'DISTRICT', amountFen: 100, voucherNo: v }).expect(201);
      expect((await disburse(a.id, { source: 'DISTRICT', amountFen: 100, voucherNo: v }).expect(409)).body.code).toBe('DUPLICATE_VOUCHER');
      expect((await disburse(b.id, { source: 'DISTRICT', amountFen: 100, voucherNo: v }).expect(409)).body.code).toBe('DUPLICATE_VOUCHER');

      const w = voucher();
      const race = await Promise.all([
        disburse(a.id, { source: 'DISTRICT', amountFen: 100, voucherNo: w }),
        disburse(b.id, { source: 'DISTRICT', amountFen: 100, voucherNo: w }),
      ]);
      expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(race.find((r) => r.status === 409)?.body.code).toBe('DUPLICATE_VOUCHER');
      const paid = await t.prisma.grantComponent.findMany({ where: { grantId: { in: [a.id, b.id] } } });
      expect(paid.reduce((sum, c) => sum + c.paidFen, 0)).toBe(200); // voucher v once, voucher w once
    });

    it('validates the payment: real date not in the future, known source, positive amount', async () => {
      const grant = await award(2044, 1000000);
      await approve(grant.id).expect(200);
      expect((await disburse(grant.id, { source: 'DISTRICT', amountFen: 1, paidOn: '2025-02-29' }).expect(422)).body.details[0].code).toBe(
        'DATE_INVALID',
      );
      expect((await disburse(grant.id, { source: 'DISTRICT', amountFen: 1, paidOn: '2999-01-01' }).expect(422)).body.details[0].code).toBe(
        'DATE_IN_FUTURE',
      );
      await disburse(grant.id, { source: 'DISTRICT', amountFen: 0 }).expect(422);
      await disburse(grant.id, { source: 'TOWN', amountFen: 1 }).expect(422);
      await disburse(grant.id, { source: 'DISTRICT', amountFen: 1, voucherNo: '' }).expect(422);
      expect((await t.prisma.grantComponent.findFirstOrThrow({ where: { grantId: grant.id } })).paidFen).toBe(0);
    });
  });

  describe('roles and scoping', () => {
    it('lets finance record payments but not create or approve; admins cannot record payments', async () => {
      const grant = await award(2045, 1000000);
      await approve(grant.id, finance.auth).expect(403);
      await t.http().post(`/api/v1/grants/${grant.id}/reject`).set(finance.auth).send({ reason: 'x' }).expect(403);
      await approve(grant.id).expect(200);
      await disburse(grant.id, { source: 'DISTRICT', amountFen: 1 }, approver.auth).expect(403);
      await disburse(grant.id, { source: 'DISTRICT', amountFen: 1 }, creator.auth).expect(403);
      const auditor = await t.userWithToken('auditor');
      await disburse(grant.id, { source: 'DISTRICT', amountFen: 1 }, auditor.auth).expect(403);
      await approve(grant.id, auditor.auth).expect(403);
    });

    it('shows operators their own institution’s grants only (404 for others); staff see all, with filters', async () => {
      const mine = await award(2046, 1000000);
      const theirs = await award(2046, 2000000);
      const operator = await t.userWithToken('operator', mine.institutionId);

      const own = await t.http().get(`/api/v1/grants/${mine.id}`).set(operator.auth).expect(200);
      expect(own.body).toMatchObject({ id: mine.id, kind: 'ADVANCED_AWARD', year: 2046, status: 'PENDING' });
      expect((await t.http().get(`/api/v1/grants/${theirs.id}`).set(operator.auth).expect(404)).body.code).toBe('NOT_FOUND');

      const list = await t.http().get('/api/v1/grants?year=2046').set(operator.auth).expect(200);
      expect(list.body.items.map((g: { id: string }) => g.id)).toEqual([mine.id]);
      const asked = await t.http().get(`/api/v1/grants?institutionId=${theirs.institutionId}`).set(operator.auth).expect(200);
      expect(asked.body).toMatchObject({ items: [], total: 0 });
      await t.http().post(`/api/v1/grants/${mine.id}/approve`).set(operator.auth).expect(403);

      for (const role of ['admin', 'finance', 'auditor'] as const) {
        const staff = await t.userWithToken(role);
        const all = await t
          .http()
          .get('/api/v1/grants?year=2046&kind=ADVANCED_AWARD&status=PENDING&pageSize=50')
          .set(staff.auth)
          .expect(200);
        expect(all.body.items.map((g: { id: string }) => g.id).sort()).toEqual([mine.id, theirs.id].sort());
        expect(all.body).toMatchObject({ total: 2, page: 1, pageSize: 50 });
        await t.http().get(`/api/v1/grants/${theirs.id}`).set(staff.auth).expect(200);
      }
      const byInst = await t.http().get(`/api/v1/grants?institutionId=${theirs.institutionId}`).set(finance.auth).expect(200);
      expect(byInst.body.items.map((g: { id: string }) => g.id)).toEqual([theirs.id]);
      const paged = await t.http().get('/api/v1/grants?year=2046&pageSize=1&page=2').set(finance.auth).expect(200);
      expect(paged.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
      expect(paged.body.items).toHaveLength(1);
      await t.http().get('/api/v1/grants?status=PAID').set(finance.auth).expect(422);
    });
  });
});
