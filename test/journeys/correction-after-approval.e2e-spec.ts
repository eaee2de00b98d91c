import { uploadRequiredDocuments } from '../utils/filing-documents';
import { parse } from 'csv-parse/sync';
import { maskIdNumber } from '../../src/common/masking';
import { createTestApp, TestApp } from '../utils/test-app';
import {
  allLines,
  Auth,
  backdateFiling,
  bankAccount,
  bootstrapAdmin,
  childName,
  createAndLogin,
  freshCreditCode,
  freshResidentId,
  InstitutionPart,
  Person,
  publishAndApprove,
  registerInstitution,
  runSettlement,
  SettlementBody,
  unique,
} from './journey-support';

/**
 * A settled month is corrected: after September is approved and paid from, an inspection finds that one
 * child of institution X never came in September and another had already left; institution Y forgot a child.
 * The admin reopens both rosters, the operators correct them, the admin approves the corrections. October's
 * settlement carries the differences as ADJUSTMENT lines; X's overpayment is larger than what X is owed in
 * October, so X gets nothing (never less than zero) and the rest is carried into November and December.
 *
 * Months 2023-09 .. 2023-12 (and the policy version effective from 2023-09) belong to this file alone.
 */
const SEP = '2023-09';
const OCT = '2023-10';
const NOV = '2023-11';
const DEC = '2023-12';

interface Kid {
  idNumber: string;
  name: string;
  birthOrder: number;
}
const kid = (birthDate: string, birthOrder: number): Kid => ({ idNumber: freshResidentId(birthDate), name: childName(), birthOrder });

/** A roster entry as the operator's tool sends it (JSON). */
function entry(k: Kid, attendanceDays = 20, enrolledOn = '2023-06-01') {
  return {
    idNumber: k.idNumber,
    name: k.name,
    birthOrder: k.birthOrder,
    guardianName: '孙家长',
    guardianPhone: '13700003333',
    enrolledOn,
    attendanceDays,
  };
}

describe('journey: correcting an approved month, paid as adjustments, overpayment carried forward', () => {
  let t: TestApp;
  let admin: Person;
  let finance: Person;
  let operatorX: Person;
  let operatorY: Person;
  let x: { id: string; name: string };
  let y: { id: string; name: string };
  const settled = new Map<string, SettlementBody>();

  const c1 = kid('2022-01-20', 2);
  const c2 = kid('2021-11-03', 3);
  const c3 = kid('2022-04-09', 2);
  const c4 = kid('2022-07-30', 2);
  const d1 = kid('2022-02-14', 2);
  const d2 = kid('2021-12-25', 3);

  /** The operator reports the month (JSON), submits; the admin approves. Returns the roster id. */
  async function reportMonth(operator: Auth, institutionId: string, month: string, entries: ReturnType<typeof entry>[]): Promise<string> {
    const created = await t.http().post(`/api/v1/institutions/${institutionId}/rosters`).set(operator).send({ month, entries });
    expect(created.status).toBe(201);
    expect((await t.http().post(`/api/v1/rosters/${created.body.id}/submit`).set(operator)).body.status).toBe('SUBMITTED');
    const approved = await t.http().post(`/api/v1/rosters/${created.body.id}/approve`).set(admin.auth);
    expect(approved.status).toBe(200);
    return created.body.id as string;
  }

  /** Settles, publishes and approves a month; returns the approved settlement. */
  async function settleMonth(month: string): Promise<SettlementBody> {
    const computed = await runSettlement(t, admin.auth, month);
    const approved = await publishAndApprove(t, admin.auth, computed);
    const final = (await t.http().get(`/api/v1/settlements/${approved.id}`).set(admin.auth)).body as SettlementBody;
    settled.set(month, final);
    return final;
  }

  const part = (s: SettlementBody, institutionId: string): InstitutionPart => {
    const found = s.institutions.find((p) => p.institutionId === institutionId);
    if (!found) throw new Error(`institution ${institutionId} is not in the settlement of ${s.month}`);
    return found;
  };

  // a journey waits for queued settlement runs: generous bounds for a loaded machine, no timing claims
  jest.setTimeout(300_000);

  beforeAll(async () => {
    t = await createTestApp({ workers: true });
  });
  afterAll(() => t.close());

  it('two institutions are filed and inclusive since before September 2023; the policy for the autumn is set', async () => {
    admin = await createAndLogin(t, await bootstrapAdmin(t), 'admin');
    finance = await createAndLogin(t, admin.auth, 'finance');
    const institutions = [];
    for (const kind of ['PRIVATE', 'EMPLOYER']) {
      const name = unique(kind === 'PRIVATE' ? '童心托育中心' : '信发集团职工托育园');
      const created = await registerInstitution(t, admin.auth, {
        name,
        creditCode: freshCreditCode(),
        kind,
        township: 'CP-J2',
        address: '茌平区温泉路66号',
        approvedSlots: 20,
        bankAccount: bankAccount(name),
      });
      const operator = await createAndLogin(t, admin.auth, 'operator', created.id);
      await uploadRequiredDocuments(t, operator.auth, created.id);
      expect((await t.http().post(`/api/v1/institutions/${created.id}/submit`).set(operator.auth)).status).toBe(200);
      expect((await t.http().post(`/api/v1/institutions/${created.id}/approve`).set(admin.auth).send({})).body.status).toBe('FILED');
      const inclusive = await t
        .http()
        .post(`/api/v1/institutions/${created.id}/inclusive`)
        .set(admin.auth)
        .send({ guidancePriceFen: 100000, effectiveFrom: SEP });
      expect(inclusive.status).toBe(200);
      institutions.push({ created, operator });
    }
    [x, y] = institutions.map((i) => i.created);
    [operatorX, operatorY] = institutions.map((i) => i.operator);
    // the story plays in 2023: the filings happened in August (the one database write, see backdateFiling)
    await backdateFiling(t, [x.id, y.id], '2023-08-01');

    const policy = { effectiveFrom: SEP, secondChildFen: 30000, thirdChildFen: 40000, minAttendanceDays: 1, maxAgeMonths: 36 };
    expect((await t.http().post('/api/v1/subsidy-policies').set(admin.auth).send(policy)).status).toBe(201);
  });

  it('September is reported, settled, published and approved', async () => {
    await reportMonth(operatorX.auth, x.id, SEP, [entry(c1), entry(c2), entry(c3)]);
    await reportMonth(operatorY.auth, y.id, SEP, [entry(d1)]);
    const sep = await settleMonth(SEP);
    expect(part(sep, x.id)).toMatchObject({
      paidChildren: 3,
      subsidyFen: 100000,
      adjustmentFen: 0,
      amountFen: 100000,
      carriedForwardFen: 0,
    });
    expect(part(sep, y.id)).toMatchObject({ paidChildren: 1, subsidyFen: 30000, amountFen: 30000 });
    expect(sep.status).toBe('APPROVED');
  });

  it('the admin reopens September for X and Y; the operators correct their rosters; the admin approves the corrections', async () => {
    const [sepX] = (await t.http().get(`/api/v1/institutions/${x.id}/rosters?month=${SEP}`).set(operatorX.auth)).body.items;
    const [sepY] = (await t.http().get(`/api/v1/institutions/${y.id}/rosters?month=${SEP}`).set(operatorY.auth)).body.items;
    expect([sepX.status, sepY.status]).toEqual(['LOCKED', 'LOCKED']);

    // the operator cannot simply edit a locked month, nor report it again
    const edit = await t
      .http()
      .put(`/api/v1/rosters/${sepX.id}`)
      .set(operatorX.auth)
      .send({ entries: [entry(c1)] });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('ROSTER_LOCKED');
    const again = await t
      .http()
      .post(`/api/v1/institutions/${x.id}/rosters`)
      .set(operatorX.auth)
      .send({ month: SEP, entries: [entry(c1)] });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('MONTH_LOCKED');
    // reopening is the bureau's decision
    expect((await t.http().post(`/api/v1/rosters/${sepX.id}/reopen`).set(operatorX.auth).send({ reason: 'x' })).status).toBe(403);

    const reopenedX = await t
      .http()
      .post(`/api/v1/rosters/${sepX.id}/reopen`)
      .set(admin.auth)
      .send({ reason: '稽查发现：一名儿童九月未实际入托，一名儿童八月底已退托' });
    expect(reopenedX.status).toBe(201);
    expect(reopenedX.body).toMatchObject({ month: SEP, version: 2, status: 'DRAFT' });
    expect(reopenedX.body.entries).toHaveLength(3);
    const twice = await t.http().post(`/api/v1/rosters/${sepX.id}/reopen`).set(admin.auth).send({ reason: '重复' });
    expect(twice.status).toBe(409);

    // X: c2 did not come at all in September, c3 is removed (left before September)
    const fixedX = await t
      .http()
      .put(`/api/v1/rosters/${reopenedX.body.id}`)
      .set(operatorX.auth)
      .send({ entries: [entry(c1), entry(c2, 0)] });
    expect(fixedX.status).toBe(200);
    // Y: d2 was forgotten, and d1 is a third child, not a second (the family's 户口簿 shows an older sibling)
    const reopenedY = await t
      .http()
      .post(`/api/v1/rosters/${sepY.id}/reopen`)
      .set(admin.auth)
      .send({ reason: '漏报一名三孩；一名儿童孩次有误' });
    expect(reopenedY.status).toBe(201);
    // birth order is a fact about the child, confirmed on approval: the operator may claim another one, but is not
    // told whether it matches the confirmed one (no guessing it) ...
    d1.birthOrder = 3;
    const claimed = await t
      .http()
      .put(`/api/v1/rosters/${reopenedY.body.id}`)
      .set(operatorY.auth)
      .send({ entries: [entry(d1), entry(d2, 15)] });
    expect(claimed.status).toBe(200);
    expect(claimed.body.entries[0]).toMatchObject({ birthOrder: 3, confirmedBirthOrder: null });
    // ... the reviewer sees that it contradicts the confirmed one, and the approval would be refused ...
    const review = await t.http().get(`/api/v1/rosters/${reopenedY.body.id}`).set(admin.auth);
    expect(review.body.entries[0]).toMatchObject({ birthOrder: 3, confirmedBirthOrder: 2 });
    expect(review.body.summary.birthOrderConflicts).toBe(1);
    // ... so the admin corrects the child's record (audited, with the reason), then the roster is accepted
    const d1ChildId = (reopenedY.body.entries as { childId: string }[])[0].childId;
    const corrected = await t
      .http()
      .patch(`/api/v1/children/${d1ChildId}/birth-order`)
      .set(admin.auth)
      .send({ birthOrder: 3, reason: '核对户口簿，该儿童为三孩' });
    expect(corrected.status).toBe(200);
    expect(corrected.body.birthOrder).toBe(3);
    const fixedY = await t
      .http()
      .put(`/api/v1/rosters/${reopenedY.body.id}`)
      .set(operatorY.auth)
      .send({ entries: [entry(d1), entry(d2, 15)] });
    expect(fixedY.status).toBe(200);

    for (const [op, id] of [
      [operatorX, reopenedX.body.id],
      [operatorY, reopenedY.body.id],
    ] as const) {
      expect((await t.http().post(`/api/v1/rosters/${id}/submit`).set(op.auth)).status).toBe(200);
      expect((await t.http().post(`/api/v1/rosters/${id}/approve`).set(admin.auth)).body.status).toBe('APPROVED');
    }
    // the approved September settlement itself is never recomputed
    const rerun = await t.http().post('/api/v1/settlements').set(admin.auth).send({ month: SEP });
    expect(rerun.status).toBe(409);
    expect(rerun.body.code).toBe('SETTLEMENT_APPROVED');
  });

  it('October carries the differences as ADJUSTMENT lines; X’s total stays at zero and the rest is carried forward', async () => {
    await reportMonth(operatorX.auth, x.id, OCT, [entry(c1)]);
    await reportMonth(operatorY.auth, y.id, OCT, [entry(d1)]);
    const computed = await runSettlement(t, admin.auth, OCT);

    expect(part(computed, x.id)).toMatchObject({
      paidChildren: 1,
      subsidyFen: 30000,
      adjustmentFen: -70000,
      carriedInFen: 0,
      amountFen: 0,
      carriedForwardFen: 40000,
    });
    expect(part(computed, y.id)).toMatchObject({
      subsidyFen: 40000,
      adjustmentFen: 50000,
      carriedInFen: 0,
      amountFen: 90000,
      carriedForwardFen: 0,
    });

    // the adjustment lines: what September should have paid minus what it paid, per child
    const adjustments = await allLines(t, admin.auth, computed.id, { reason: 'ADJUSTMENT' });
    const mine = adjustments.filter((l) => l.institutionId === x.id || l.institutionId === y.id);
    const summary = mine.map((l) => ({
      inst: l.institutionId,
      id: l.idNumber,
      forMonth: l.forMonth,
      birthOrder: l.birthOrder,
      amountFen: l.amountFen,
    }));
    const masked = (k: Kid) => maskIdNumber(k.idNumber);
    expect(summary.sort((a, b) => a.amountFen - b.amountFen)).toEqual([
      { inst: x.id, id: masked(c2), forMonth: SEP, birthOrder: 3, amountFen: -40000 },
      { inst: x.id, id: masked(c3), forMonth: SEP, birthOrder: 2, amountFen: -30000 },
      { inst: y.id, id: masked(d1), forMonth: SEP, birthOrder: 3, amountFen: 10000 },
      { inst: y.id, id: masked(d2), forMonth: SEP, birthOrder: 3, amountFen: 40000 },
    ]);
    const sepPaidX = part(settled.get(SEP)!, x.id).amountFen;
    expect(sepPaidX + part(computed, x.id).adjustmentFen).toBe(30000); // what September should have been for X

    // operator X sees their own adjustments (and not Y's)
    const seenX = await allLines(t, operatorX.auth, computed.id, { reason: 'ADJUSTMENT' });
    expect(seenX.map((l) => l.amountFen).sort((a, b) => a - b)).toEqual([-40000, -30000]);

    // the public notice shows the adjustment and the zero payment
    expect((await t.http().post(`/api/v1/settlements/${computed.id}/publish`).set(admin.auth)).status).toBe(200);
    const notice = await t.http().get(`/api/v1/public/settlements/${computed.id}`);
    expect(notice.body.institutions).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: x.name, adjustmentFen: -70000, amountFen: 0 })]),
    );
    const oct = await publishAndApprove(t, admin.auth, { ...computed, status: 'PUBLISHED' });
    settled.set(OCT, oct);

    // the corrections are now locked too: they are paid, once
    const versions = (await t.http().get(`/api/v1/institutions/${x.id}/rosters?month=${SEP}`).set(admin.auth)).body.items;
    expect(versions.map((r: { version: number; status: string }) => [r.version, r.status])).toEqual([
      [2, 'LOCKED'],
      [1, 'LOCKED'],
    ]);

    // finance's payment file lists X with the clawed-back adjustment and 0.00 to pay
    const file = await t.http().get(`/api/v1/settlements/${oct.id}/export?format=csv`).set(finance.auth).responseType('blob');
    expect(file.status).toBe(200);
    const rows = parse((file.body as Buffer).toString('utf8').slice(1), { relax_column_count: true }) as string[][];
    expect(rows.find((r) => r[0] === x.name)?.slice(5)).toEqual(['1', '0', '="-700.00"', '="0.00"', '', '']);
    expect(rows.find((r) => r[0] === y.name)?.slice(5)).toEqual(['0', '1', '="500.00"', '="900.00"', '', '']);

    // finance pays Y; X is owed nothing this month, so October is PAID once Y is
    const paid = await t
      .http()
      .post(`/api/v1/settlements/${oct.id}/payments`)
      .set(finance.auth)
      .send({ payments: [{ institutionId: y.id, amountFen: 90000, voucherNo: unique('PZ2023-10'), paidOn: '2023-11-20' }] });
    expect(paid.status).toBe(201);
    const reconciliation = await t.http().get(`/api/v1/settlements/${oct.id}/reconciliation`).set(finance.auth);
    expect(reconciliation.body).toMatchObject({ status: 'PAID', outstandingFen: 0, discrepancies: [] });
    expect(reconciliation.body.institutions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ institutionId: x.id, state: 'NOTHING_OWED' }),
        expect.objectContaining({ institutionId: y.id, state: 'PAID' }),
      ]),
    );
    // paying X anyway would be a discrepancy, never a negative amount owed
    const owedNothing = await t.http().get(`/api/v1/settlements/${oct.id}/reconciliation`).set(operatorX.auth);
    expect(owedNothing.body).toMatchObject({ expectedFen: 0, paidFen: 0, outstandingFen: 0 });
  });

  it('November offsets part of the overpayment and carries the rest; December absorbs it', async () => {
    await reportMonth(operatorX.auth, x.id, NOV, [entry(c1)]);
    await reportMonth(operatorY.auth, y.id, NOV, [entry(d1)]);
    const nov = await settleMonth(NOV);
    expect(part(nov, x.id)).toMatchObject({
      subsidyFen: 30000,
      adjustmentFen: 0,
      carriedInFen: 40000,
      amountFen: 0,
      carriedForwardFen: 10000,
    });
    expect(part(nov, y.id)).toMatchObject({ subsidyFen: 40000, adjustmentFen: 0, carriedInFen: 0, amountFen: 40000 });

    await reportMonth(operatorX.auth, x.id, DEC, [entry(c1), entry(c4, 18, '2023-12-01')]);
    await reportMonth(operatorY.auth, y.id, DEC, [entry(d1)]);
    const dec = await settleMonth(DEC);
    expect(part(dec, x.id)).toMatchObject({
      paidChildren: 2,
      subsidyFen: 60000,
      carriedInFen: 10000,
      amountFen: 50000,
      carriedForwardFen: 0,
    });

    // nothing was paid twice: no further adjustments after October
    for (const month of [NOV, DEC]) {
      const extra = await allLines(t, admin.auth, settled.get(month)!.id, { reason: 'ADJUSTMENT', institutionId: x.id });
      expect(extra).toEqual([]);
    }
    // X never had a negative total; over the four months X got exactly what the corrected rosters earn
    const xParts = [SEP, OCT, NOV, DEC].map((m) => part(settled.get(m)!, x.id));
    for (const p of xParts) expect(p.amountFen).toBeGreaterThanOrEqual(0);
    expect(xParts.map((p) => p.amountFen)).toEqual([100000, 0, 0, 50000]);
    expect(xParts.reduce((sum, p) => sum + p.amountFen, 0)).toBe(30000 + 30000 + 30000 + 60000);

    // operator X follows it on their own payments page
    const payments = await t.http().get(`/api/v1/institutions/${x.id}/payments`).set(operatorX.auth);
    expect(payments.status).toBe(200);
    const byMonth = Object.fromEntries(payments.body.items.map((i: { month: string; expectedFen: number }) => [i.month, i.expectedFen]));
    expect(byMonth).toMatchObject({ [SEP]: 100000, [OCT]: 0, [NOV]: 0, [DEC]: 50000 });
  });
});
