import { uploadRequiredDocuments } from '../utils/filing-documents';
import { createTestApp, TestApp } from '../utils/test-app';
import {
  auditActions,
  Auth,
  bankAccount,
  bootstrapAdmin,
  createAndLogin,
  freshCreditCode,
  Person,
  registerInstitution,
  unique,
} from './journey-support';

/**
 * Construction grants (建设补助) from application to payment: admin A applies for a district-level,
 * independent public institution; admin B approves (four-eyes); the year's budgets are set and hold; the
 * finance bureau pays the city and district components with vouchers; the yearly overview shows the money by
 * funding source; the institution's operator follows their own grants and sees no one else's.
 *
 * Budget year 2088 belongs to this file alone (grants of other test files use other years).
 */
const YEAR = 2088;
const CITY_FEN = 15_000_000; // 150,000 yuan from city finance
const DISTRICT_FEN = 10_000_000; // 100,000 yuan from district finance
const AWARD_FEN = 2_000_000;

interface Grant {
  id: string;
  institutionId: string;
  kind: string;
  year: number;
  status: string;
  components: { source: string; amountFen: number; paidFen: number; outstandingFen: number; voucherNo: string | null }[];
}

describe('journey: a construction grant from application to disbursement', () => {
  let t: TestApp;
  let adminA: Person;
  let adminB: Person;
  let finance: Person;
  let operatorP: Person;
  let p: { id: string };
  let q: { id: string };
  let construction: Grant;
  let award: Grant;
  let rejected: Grant;

  /** Admin registers an institution and files it (operator submits, admin approves). */
  async function filedInstitution(admin: Auth, body: Record<string, unknown>): Promise<{ id: string; operator: Person }> {
    const name = unique('茌平区公办托育中心');
    const created = await registerInstitution(t, admin, {
      name,
      creditCode: freshCreditCode(),
      township: 'CP-J3',
      address: '茌平区新区建设路1号',
      approvedSlots: 80,
      bankAccount: bankAccount(name),
      ...body,
    });
    const operator = await createAndLogin(t, admin, 'operator', created.id);
    await uploadRequiredDocuments(t, operator.auth, created.id);
    expect((await t.http().post(`/api/v1/institutions/${created.id}/submit`).set(operator.auth)).status).toBe(200);
    expect((await t.http().post(`/api/v1/institutions/${created.id}/approve`).set(admin).send({})).body.status).toBe('FILED');
    return { id: created.id, operator };
  }

  const apply = (admin: Auth, body: Record<string, unknown>) =>
    t
      .http()
      .post('/api/v1/grants')
      .set(admin)
      .send({ year: YEAR, ...body });
  const disburse = (source: string, amountFen: number, voucherNo = unique('CZ-JS')) =>
    t
      .http()
      .post(`/api/v1/grants/${construction.id}/disbursements`)
      .set(finance.auth)
      .send({ source, amountFen, voucherNo, paidOn: '2026-11-20' });

  beforeAll(async () => {
    t = await createTestApp({ workers: true });
  });
  afterAll(() => t.close());

  it('two admins and a finance officer sign in; public, independent, district-level institutions are filed', async () => {
    const boot = await bootstrapAdmin(t);
    adminA = await createAndLogin(t, boot, 'admin');
    adminB = await createAndLogin(t, boot, 'admin');
    finance = await createAndLogin(t, adminA.auth, 'finance');

    const filedP = await filedInstitution(adminA.auth, { kind: 'PUBLIC', independent: true, districtLevel: true });
    p = { id: filedP.id };
    operatorP = filedP.operator;
    q = { id: (await filedInstitution(adminA.auth, { kind: 'PUBLIC', independent: true, districtLevel: true })).id };
    // P is also inclusive now (needed for the advanced-institution award)
    const designated = await t
      .http()
      .post(`/api/v1/institutions/${p.id}/inclusive`)
      .set(adminA.auth)
      .send({ guidancePriceFen: 110000, effectiveFrom: '2026-01' });
    expect(designated.status).toBe(200);
  });

  it('the admin sets the year’s budgets per funding source', async () => {
    for (const [source, amountFen] of [
      ['CITY', CITY_FEN],
      ['DISTRICT', DISTRICT_FEN + AWARD_FEN],
    ] as const) {
      const res = await t.http().put(`/api/v1/budgets/${YEAR}/${source}`).set(adminA.auth).send({ amountFen });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ year: YEAR, source, amountFen, committedFen: 0, remainingFen: amountFen });
    }
    expect((await t.http().put(`/api/v1/budgets/${YEAR}/CITY`).set(finance.auth).send({ amountFen: 1 })).status).toBe(403);
  });

  it('admin A applies; an institution that does not qualify is told every reason at once', async () => {
    const privateOne = await registerInstitution(t, adminA.auth, {
      name: unique('民办托育'),
      creditCode: freshCreditCode(),
      kind: 'PRIVATE',
    });
    const refused = await apply(adminA.auth, { institutionId: privateOne.id, kind: 'CONSTRUCTION' });
    expect(refused.status).toBe(422);
    expect(refused.body.details.map((d: { code: string }) => d.code).sort()).toEqual(
      ['NOT_DISTRICT_LEVEL', 'NOT_FILED', 'NOT_INDEPENDENT', 'NOT_PUBLIC'].sort(),
    );

    const created = await apply(adminA.auth, { institutionId: p.id, kind: 'CONSTRUCTION' });
    expect(created.status).toBe(201);
    construction = created.body;
    expect(construction).toMatchObject({ institutionId: p.id, kind: 'CONSTRUCTION', year: YEAR, status: 'PENDING' });
    expect(construction.components.map((c) => [c.source, c.amountFen, c.paidFen]).sort()).toEqual([
      ['CITY', CITY_FEN, 0],
      ['DISTRICT', DISTRICT_FEN, 0],
    ]);
    // once per institution, ever
    const twice = await apply(adminA.auth, { institutionId: p.id, kind: 'CONSTRUCTION', year: YEAR + 1 });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('GRANT_EXISTS');
    // an operator cannot apply through this API
    expect((await apply(operatorP.auth, { institutionId: p.id, kind: 'ADVANCED_AWARD', amountFen: 1 })).status).toBe(403);
  });

  it('admin A cannot approve their own grant; admin B approves and the budgets are charged', async () => {
    const own = await t.http().post(`/api/v1/grants/${construction.id}/approve`).set(adminA.auth);
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('FOUR_EYES');
    expect((await t.http().post(`/api/v1/grants/${construction.id}/approve`).set(finance.auth)).status).toBe(403);

    const approved = await t.http().post(`/api/v1/grants/${construction.id}/approve`).set(adminB.auth);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'APPROVED', decidedById: adminB.id, budgetApplied: true });
    construction = approved.body;

    // an advanced-institution award for P fills the district budget exactly
    const awardRes = await apply(adminB.auth, { institutionId: p.id, kind: 'ADVANCED_AWARD', amountFen: AWARD_FEN });
    expect(awardRes.status).toBe(201);
    const awardApproved = await t.http().post(`/api/v1/grants/${awardRes.body.id}/approve`).set(adminA.auth);
    expect(awardApproved.status).toBe(200);
    award = awardApproved.body;

    const budgets = await t.http().get('/api/v1/budgets').query({ year: YEAR }).set(finance.auth);
    expect(
      budgets.body.items
        .map((b: { source: string; committedFen: number; remainingFen: number }) => [b.source, b.committedFen, b.remainingFen])
        .sort(),
    ).toEqual([
      ['CITY', CITY_FEN, 0],
      ['DISTRICT', DISTRICT_FEN + AWARD_FEN, 0],
    ]);
  });

  it('the budget holds: a second institution’s grant cannot be approved this year and is rejected', async () => {
    const created = await apply(adminA.auth, { institutionId: q.id, kind: 'CONSTRUCTION' });
    expect(created.status).toBe(201);
    const over = await t.http().post(`/api/v1/grants/${created.body.id}/approve`).set(adminB.auth);
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('BUDGET_EXCEEDED');
    expect(over.body.message).toContain('预算不足');
    // nothing was charged, the grant is still pending; admin B rejects it with a reason
    const still = await t.http().get(`/api/v1/grants/${created.body.id}`).set(adminB.auth);
    expect(still.body.status).toBe('PENDING');
    const reject = await t
      .http()
      .post(`/api/v1/grants/${created.body.id}/reject`)
      .set(adminB.auth)
      .send({ reason: '本年度预算已用完，请于下一年度重新申请' });
    expect(reject.status).toBe(200);
    rejected = reject.body;
    expect(rejected.status).toBe('REJECTED');
    // the budget cannot be cut below what approved grants committed
    const cut = await t
      .http()
      .put(`/api/v1/budgets/${YEAR}/CITY`)
      .set(adminA.auth)
      .send({ amountFen: CITY_FEN - 1 });
    expect(cut.status).toBe(409);
    expect(cut.body.code).toBe('BUDGET_BELOW_COMMITTED');
  });

  it('finance pays the CITY component, then the DISTRICT component in two parts, with vouchers: DISBURSED', async () => {
    expect((await t.http().post(`/api/v1/grants/${construction.id}/disbursements`).set(adminA.auth).send({})).status).toBe(403);

    const cityVoucher = unique('SJCZ');
    const city = await disburse('CITY', CITY_FEN, cityVoucher);
    expect(city.status).toBe(201);
    expect(city.body.status).toBe('APPROVED');
    const again = await disburse('CITY', CITY_FEN, cityVoucher);
    expect(again.status).toBe(409);

    const midYear = await t.http().get('/api/v1/finance/summary').query({ year: YEAR }).set(finance.auth);
    expect(midYear.status).toBe(200);
    expect(midYear.body.grants.sources).toEqual(
      expect.arrayContaining([
        { source: 'CITY', approvedFen: CITY_FEN, disbursedFen: CITY_FEN, outstandingFen: 0 },
        { source: 'DISTRICT', approvedFen: DISTRICT_FEN + AWARD_FEN, disbursedFen: 0, outstandingFen: DISTRICT_FEN + AWARD_FEN },
      ]),
    );

    expect((await disburse('DISTRICT', 6_000_000)).status).toBe(201);
    const tooMuch = await disburse('DISTRICT', 4_000_001);
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.code).toBe('OVER_DISBURSEMENT');
    const last = await disburse('DISTRICT', 4_000_000);
    expect(last.status).toBe(201);
    expect(last.body.status).toBe('DISBURSED');
    construction = last.body;
    expect(construction.components.map((c) => [c.source, c.paidFen, c.outstandingFen]).sort()).toEqual([
      ['CITY', CITY_FEN, 0],
      ['DISTRICT', DISTRICT_FEN, 0],
    ]);
    expect(construction.components.find((c) => c.source === 'CITY')?.voucherNo).toBe(cityVoucher);
    const paidInFull = await disburse('CITY', 1);
    expect(paidInFull.status).toBe(409);
    expect(paidInFull.body.code).toBe('GRANT_FULLY_DISBURSED');
  });

  it('the finance overview shows the year’s grants by funding source', async () => {
    const res = await t.http().get('/api/v1/finance/summary').query({ year: YEAR }).set(finance.auth);
    expect(res.status).toBe(200);
    // the rejected grant counts nowhere; the award is approved but not paid yet
    expect(res.body.grants).toMatchObject({
      approvedFen: CITY_FEN + DISTRICT_FEN + AWARD_FEN,
      disbursedFen: CITY_FEN + DISTRICT_FEN,
      outstandingFen: AWARD_FEN,
    });
    expect([...res.body.grants.sources].sort((a: { source: string }, b: { source: string }) => (a.source < b.source ? -1 : 1))).toEqual([
      { source: 'CITY', approvedFen: CITY_FEN, disbursedFen: CITY_FEN, outstandingFen: 0 },
      { source: 'DISTRICT', approvedFen: DISTRICT_FEN + AWARD_FEN, disbursedFen: DISTRICT_FEN, outstandingFen: AWARD_FEN },
    ]);
    expect(res.body.subsidies).toMatchObject({ expectedFen: 0, paidFen: 0, outstandingFen: 0 });
    expect((await t.http().get('/api/v1/finance/summary').query({ year: YEAR }).set(operatorP.auth)).status).toBe(403);
  });

  it('the operator of P sees P’s grants only', async () => {
    const list = await t.http().get('/api/v1/grants').query({ pageSize: 200 }).set(operatorP.auth);
    expect(list.status).toBe(200);
    expect(list.body.items.map((g: Grant) => g.id).sort()).toEqual([construction.id, award.id].sort());
    expect(list.body.total).toBe(2);
    expect((await t.http().get(`/api/v1/grants/${construction.id}`).set(operatorP.auth)).body).toMatchObject({ status: 'DISBURSED' });
    expect((await t.http().get(`/api/v1/grants/${rejected.id}`).set(operatorP.auth)).status).toBe(404);
  });

  it('every step is in the audit log, and the chain is intact', async () => {
    expect(await auditActions(t, adminB.auth, 'Grant', construction.id)).toEqual([
      'GRANT_CREATED',
      'GRANT_APPROVED',
      'GRANT_DISBURSEMENT_RECORDED',
      'GRANT_DISBURSEMENT_RECORDED',
      'GRANT_DISBURSEMENT_RECORDED',
    ]);
    expect(await auditActions(t, adminB.auth, 'Grant', rejected.id)).toEqual(['GRANT_CREATED', 'GRANT_REJECTED']);
    const verify = await t.http().get('/api/v1/audit-logs/verify').set(adminB.auth);
    expect(verify.body).toMatchObject({ valid: true });
  });
});
