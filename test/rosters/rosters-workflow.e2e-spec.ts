import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { createChild, createFiledInstitution, createInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { childName, csv, entry, EntryBody } from './roster-fixtures';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;

describe('Roster workflow: DRAFT → SUBMITTED → APPROVED / RETURNED → LOCKED, corrections', () => {
  let t: TestApp;
  let admin: User;
  let cipher: PiiCipher;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWithToken('admin');
    cipher = t.app.get(PiiCipher);
  });
  afterAll(() => t.close());

  async function setup(slots = 50) {
    const institution = await createFiledInstitution(t.prisma, { data: { approvedSlots: slots } });
    const operator = await t.userWithToken('operator', institution.id);
    return { institution, operator };
  }

  function createRoster(user: User, institutionId: string, month: string, entries: EntryBody[]) {
    return t.http().post(`/api/v1/institutions/${institutionId}/rosters`).set(user.auth).send({ month, entries });
  }

  /** Submitted by `user`, approved by the admin: the approved roster's answer (its entries now point at their children). */
  async function approve(user: User, rosterId: string) {
    await t.http().post(`/api/v1/rosters/${rosterId}/submit`).set(user.auth).expect(200);
    return t.http().post(`/api/v1/rosters/${rosterId}/approve`).set(admin.auth).expect(200);
  }

  it('runs the whole workflow and confirms birth orders on approval', async () => {
    const { institution, operator } = await setup();
    const entries = [entry({ birthOrder: 1 }), entry({ birthOrder: 2 }), entry({ birthOrder: 3 })];
    const created = await createRoster(operator, institution.id, '2026-03', entries).expect(201);
    expect(created.body).toMatchObject({ institutionId: institution.id, month: '2026-03', version: 1, status: 'DRAFT' });
    expect(created.body.entries).toHaveLength(3);
    const id = created.body.id;

    // the operator cannot approve; the admin cannot approve a DRAFT
    await t.http().post(`/api/v1/rosters/${id}/approve`).set(operator.auth).expect(403);
    expect((await t.http().post(`/api/v1/rosters/${id}/approve`).set(admin.auth).expect(409)).body.code).toBe('ROSTER_STATE');

    await t.http().post(`/api/v1/rosters/${id}/submit`).set(operator.auth).expect(200);
    // SUBMITTED: no edits, no second submit
    expect((await t.http().put(`/api/v1/rosters/${id}`).set(operator.auth).send({ entries }).expect(409)).body.code).toBe('ROSTER_STATE');
    await t.http().post(`/api/v1/rosters/${id}/submit`).set(operator.auth).expect(409);

    const returned = await t
      .http()
      .post(`/api/v1/rosters/${id}/return`)
      .set(admin.auth)
      .send({ reason: '出勤天数有误，请核对' })
      .expect(200);
    expect(returned.body).toMatchObject({ status: 'RETURNED', returnReason: '出勤天数有误，请核对' });

    // RETURNED: editable and resubmittable
    entries[0].attendanceDays = 10;
    const edited = await t.http().put(`/api/v1/rosters/${id}`).set(operator.auth).send({ entries }).expect(200);
    expect(edited.body.entries[0].attendanceDays).toBe(10);
    expect(edited.body.status).toBe('RETURNED');
    await t.http().post(`/api/v1/rosters/${id}/submit`).set(operator.auth).expect(200);

    const approved = await t.http().post(`/api/v1/rosters/${id}/approve`).set(admin.auth).expect(200);
    expect(approved.body.status).toBe('APPROVED');
    expect(approved.body.entries.map((e: { confirmedBirthOrder: number }) => e.confirmedBirthOrder)).toEqual([1, 2, 3]);
    const children = await t.prisma.child.findMany({
      where: { id: { in: approved.body.entries.map((e: { childId: string }) => e.childId) } },
    });
    expect(children.every((c) => c.birthOrder !== null && c.birthOrderConfirmedAt !== null)).toBe(true);

    // APPROVED: no edits, no return, no second approval
    await t.http().put(`/api/v1/rosters/${id}`).set(operator.auth).send({ entries }).expect(409);
    await t.http().post(`/api/v1/rosters/${id}/return`).set(admin.auth).send({ reason: 'too late' }).expect(409);
    await t.http().post(`/api/v1/rosters/${id}/approve`).set(admin.auth).expect(409);

    // one audit entry per state change
    const actions = await t.prisma.auditLog.findMany({ where: { entityType: 'Roster', entityId: id }, orderBy: { id: 'asc' } });
    expect(actions.map((a) => a.action)).toEqual([
      'ROSTER_CREATED',
      'ROSTER_SUBMITTED',
      'ROSTER_RETURNED',
      'ROSTER_UPDATED',
      'ROSTER_SUBMITTED',
      'ROSTER_APPROVED',
    ]);
  });

  it('refuses a second roster for the month, a non-FILED institution, a locked month, and other institutions', async () => {
    const { institution, operator } = await setup();
    await createRoster(operator, institution.id, '2026-04', [entry()]).expect(201);
    expect((await createRoster(operator, institution.id, '2026-04', [entry()]).expect(409)).body.code).toBe('ROSTER_EXISTS');

    const draft = await createInstitution(t.prisma, { status: 'SUBMITTED' });
    expect((await createRoster(admin, draft.id, '2026-04', [entry()]).expect(409)).body.code).toBe('INSTITUTION_NOT_FILED');

    const other = await createFiledInstitution(t.prisma);
    await createRoster(operator, other.id, '2026-04', [entry()]).expect(404);
    await createRoster(admin, '00000000-0000-4000-8000-000000000000', '2026-04', [entry()]).expect(404);

    const month = '2012-07';
    await t.prisma.settlement.upsert({ where: { month }, create: { month, status: 'APPROVED' }, update: { status: 'APPROVED' } });
    expect(
      (await createRoster(operator, institution.id, month, [entry({ enrolledOn: '2012-07-01' }, '2011-01-01')]).expect(409)).body.code,
    ).toBe('MONTH_LOCKED');
  });

  it('lets operators read only their own rosters, and finance/auditors read all but change nothing', async () => {
    const { institution, operator } = await setup();
    const { operator: stranger } = await setup();
    const id = (await createRoster(operator, institution.id, '2026-05', [entry()]).expect(201)).body.id;
    await t.http().get(`/api/v1/rosters/${id}`).set(stranger.auth).expect(404);
    await t.http().get(`/api/v1/institutions/${institution.id}/rosters`).set(stranger.auth).expect(404);
    await t.http().post(`/api/v1/rosters/${id}/submit`).set(stranger.auth).expect(404);
    const auditor = await t.userWithToken('auditor');
    const finance = await t.userWithToken('finance');
    await t.http().get(`/api/v1/rosters/${id}`).set(auditor.auth).expect(200);
    await t.http().get(`/api/v1/rosters/${id}`).set(finance.auth).expect(200);
    await t.http().post(`/api/v1/rosters/${id}/submit`).set(auditor.auth).expect(403);
    await createRoster(finance, institution.id, '2026-06', [entry()]).expect(403);
  });

  it('rejects a claim contradicting a confirmed birth order (admin at once, operator at approval), until an admin corrects the child', async () => {
    const { institution, operator } = await setup();
    const child = await createChild(t.prisma, cipher, { birthDate: '2024-02-02', birthOrder: 2 });
    const claim = entry({ idNumber: child.idNumber, birthOrder: 3 });
    const refused = await createRoster(admin, institution.id, '2026-03', [entry(), claim]).expect(422);
    expect(refused.body.details).toEqual([expect.objectContaining({ index: 1, field: 'birthOrder', code: 'BIRTH_ORDER_CONFLICT' })]);
    expect(JSON.stringify(refused.body)).not.toContain(child.idNumber);
    // the operator's roster is stored as claimed; the reviewer sees the conflict and cannot approve it
    const claimed = await createRoster(operator, institution.id, '2026-03', [entry(), claim]).expect(201);
    const review = await t.http().get(`/api/v1/rosters/${claimed.body.id}`).set(admin.auth).expect(200);
    expect(review.body.entries[1]).toMatchObject({ birthOrder: 3, confirmedBirthOrder: 2, childId: null });
    expect(review.body.summary.birthOrderConflicts).toBe(1);
    await t.http().post(`/api/v1/rosters/${claimed.body.id}/submit`).set(operator.auth).expect(200);
    const notApproved = await t.http().post(`/api/v1/rosters/${claimed.body.id}/approve`).set(admin.auth).expect(422);
    expect(notApproved.body.details).toEqual([expect.objectContaining({ index: 2, code: 'BIRTH_ORDER_CONFLICT' })]);

    // operators and auditors may not correct; the admin does, with a reason, audited
    await t
      .http()
      .patch(`/api/v1/children/${child.id}/birth-order`)
      .set(operator.auth)
      .send({ birthOrder: 3, reason: '户籍核实' })
      .expect(403);
    await t.http().patch(`/api/v1/children/${child.id}/birth-order`).set(admin.auth).send({ birthOrder: 3 }).expect(422);
    const corrected = await t
      .http()
      .patch(`/api/v1/children/${child.id}/birth-order`)
      .set(admin.auth)
      .send({ birthOrder: 3, reason: '户籍核实为三孩' })
      .expect(200);
    expect(corrected.body).toMatchObject({ id: child.id, birthOrder: 3, idNumber: child.idMasked });
    const audit = await t.prisma.auditLog.findFirst({
      where: { entityType: 'Child', entityId: child.id, action: 'CHILD_BIRTH_ORDER_CORRECTED' },
    });
    expect(audit).toMatchObject({
      actorId: admin.id,
      before: { birthOrder: 2 },
      after: expect.objectContaining({ birthOrder: 3, reason: '户籍核实为三孩' }),
    });

    await t.http().post(`/api/v1/rosters/${claimed.body.id}/approve`).set(admin.auth).expect(200);
  });

  it('never tells an operator whether a birth order contradicts the confirmed one (admins see which one it is)', async () => {
    const { institution, operator } = await setup();
    const child = await createChild(t.prisma, cipher, { birthDate: '2024-02-02', birthOrder: 7 });
    const claim = entry({ idNumber: child.idNumber, birthOrder: 2 });
    const stored = await t
      .http()
      .post(`/api/v1/institutions/${institution.id}/rosters/import?month=2026-03`)
      .set(operator.auth)
      .attach('file', Buffer.from(csv([claim]), 'utf8'), 'roster.csv')
      .expect(201);
    expect(stored.body.entries[0]).toMatchObject({ birthOrder: 2, confirmedBirthOrder: null, childId: null });
    expect(stored.body.summary).toMatchObject({ birthOrderConflicts: null, alsoListedElsewhere: null });
    expect(Object.values(stored.body.entries[0])).not.toContain(7);
    const text = JSON.stringify(stored.body);
    expect(text).not.toMatch(/七/);
    expect(text).not.toContain(child.idNumber);
    expect(text).not.toContain(claim.name);

    const forAdmin = await createRoster(admin, institution.id, '2026-04', [claim]).expect(422);
    expect(forAdmin.body.details[0]).toMatchObject({ index: 0, code: 'BIRTH_ORDER_CONFLICT', message: expect.stringContaining('（7）') });
  });

  it('keeps the registered name of a child another institution lists under another name', async () => {
    const a = await setup();
    const b = await setup();
    const registered = entry();
    const rosterA = (await createRoster(a.operator, a.institution.id, '2026-03', [registered]).expect(201)).body.id;
    const childId = (await approve(a.operator, rosterA)).body.entries[0].childId;
    const storedName = async () => {
      const c = await t.prisma.child.findUniqueOrThrow({ where: { id: childId } });
      return cipher.decrypt(c.nameCipher, c.keyId);
    };

    const other = { ...registered, name: childName() };
    const rosterB = (await createRoster(b.operator, b.institution.id, '2026-03', [other]).expect(201)).body.id;
    expect(await storedName()).toBe(registered.name);
    // nor through an edit of the DRAFT
    await t
      .http()
      .put(`/api/v1/rosters/${rosterB}`)
      .set(b.operator.auth)
      .send({ entries: [{ ...registered, name: childName() }] })
      .expect(200);
    expect(await storedName()).toBe(registered.name);
    // A still sees their child under the registered name
    const seenByA = await t.http().get(`/api/v1/children/${childId}`).set(a.operator.auth).expect(200);
    expect(seenByA.body.name).toBe(registered.name[0] + '*'.repeat([...registered.name].length - 1));
  });

  it("re-encrypts a known child under the active key without taking the roster's spelling of the name", async () => {
    const { institution, operator } = await setup();
    const active = t.config.pii.activeKeyId;
    const oldKeyId = [...t.config.pii.keys.keys()].find((k) => k !== active)!;
    const oldCipher = new PiiCipher(new Map([[oldKeyId, t.config.pii.keys.get(oldKeyId)!]]), oldKeyId, t.config.pii.hmacKey);
    const registeredName = childName();
    const child = await createChild(t.prisma, oldCipher, { birthDate: '2024-02-02', name: registeredName });
    expect(child.keyId).toBe(oldKeyId);

    const id = (
      await createRoster(operator, institution.id, '2026-03', [entry({ idNumber: child.idNumber, name: childName() })]).expect(201)
    ).body.id;
    // a DRAFT leaves the registry alone; the approval re-encrypts
    expect((await t.prisma.child.findUniqueOrThrow({ where: { id: child.id } })).keyId).toBe(oldKeyId);
    await approve(operator, id);
    const after = await t.prisma.child.findUniqueOrThrow({ where: { id: child.id } });
    expect(after.keyId).toBe(active);
    expect(cipher.decrypt(after.nameCipher, after.keyId)).toBe(registeredName);
    expect(cipher.decrypt(after.idCipher, after.keyId)).toBe(child.idNumber);
  });

  it('lets only an admin correct a registered name, with a reason, audited with masked names', async () => {
    const { institution, operator } = await setup();
    const registered = entry();
    const rosterId = (await createRoster(operator, institution.id, '2026-03', [registered]).expect(201)).body.id;
    const childId = (await approve(operator, rosterId)).body.entries[0].childId;
    const corrected = childName();
    const path = `/api/v1/children/${childId}/name`;
    await t.http().patch(path).set(operator.auth).send({ name: corrected, reason: '户籍核实' }).expect(403);
    await t.http().patch(path).set(admin.auth).send({ name: corrected }).expect(422);
    await t.http().patch(path).set(admin.auth).send({ name: '  ', reason: '户籍核实' }).expect(422);
    await t
      .http()
      .patch(`/api/v1/children/00000000-0000-4000-8000-000000000000/name`)
      .set(admin.auth)
      .send({ name: corrected, reason: '户籍核实' })
      .expect(404);

    const res = await t.http().patch(path).set(admin.auth).send({ name: corrected, reason: '户籍核实，姓名录错' }).expect(200);
    const masked = (n: string) => n[0] + '*'.repeat([...n].length - 1);
    expect(res.body).toMatchObject({ id: childId, name: masked(corrected) });
    expect(JSON.stringify(res.body)).not.toContain(corrected);
    const stored = await t.prisma.child.findUniqueOrThrow({ where: { id: childId } });
    expect(cipher.decrypt(stored.nameCipher, stored.keyId)).toBe(corrected);

    const audits = await t.prisma.auditLog.findMany({ where: { entityType: 'Child', entityId: childId, action: 'CHILD_NAME_CORRECTED' } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorId: admin.id,
      before: { name: masked(registered.name) },
      after: { name: masked(corrected), reason: '户籍核实，姓名录错' },
    });
    const dump = JSON.stringify({ ...audits[0], id: String(audits[0].id) });
    expect(dump).not.toContain(registered.name);
    expect(dump).not.toContain(corrected);
  });

  it('refuses to approve when another approval confirmed a different birth order meanwhile', async () => {
    const a = await setup();
    const b = await setup();
    const shared = entry({ birthOrder: 2 });
    const rosterA = (await createRoster(a.operator, a.institution.id, '2026-03', [shared]).expect(201)).body.id;
    const rosterB = (await createRoster(b.operator, b.institution.id, '2026-03', [entry(), { ...shared, birthOrder: 3 }]).expect(201)).body
      .id;
    await t.http().post(`/api/v1/rosters/${rosterA}/submit`).set(a.operator.auth).expect(200);
    await t.http().post(`/api/v1/rosters/${rosterB}/submit`).set(b.operator.auth).expect(200);
    await t.http().post(`/api/v1/rosters/${rosterA}/approve`).set(admin.auth).expect(200);

    const refused = await t.http().post(`/api/v1/rosters/${rosterB}/approve`).set(admin.auth).expect(422);
    expect(refused.body.code).toBe('BIRTH_ORDER_CONFLICT');
    expect(refused.body.details).toEqual([expect.objectContaining({ index: 2, field: 'birthOrder', code: 'BIRTH_ORDER_CONFLICT' })]);
    // nothing changed: still SUBMITTED, the other child's birth order not confirmed
    const after = await t.http().get(`/api/v1/rosters/${rosterB}`).set(admin.auth).expect(200);
    expect(after.body.status).toBe('SUBMITTED');
    expect(after.body.entries[0].confirmedBirthOrder).toBeNull();
  });

  it('treats LOCKED as read-only and corrects it through a new version', async () => {
    const { institution, operator } = await setup();
    const entries = [entry({ birthOrder: 2 }), entry({ birthOrder: 3 })];
    const id = (await createRoster(operator, institution.id, '2026-02', entries).expect(201)).body.id;
    await t.http().post(`/api/v1/rosters/${id}/submit`).set(operator.auth).expect(200);
    await t.http().post(`/api/v1/rosters/${id}/approve`).set(admin.auth).expect(200);
    // what the settlement module does when the month's settlement is approved
    await t.prisma.roster.update({ where: { id }, data: { status: 'LOCKED', lockedAt: new Date() } });

    expect((await t.http().put(`/api/v1/rosters/${id}`).set(operator.auth).send({ entries }).expect(409)).body.code).toBe('ROSTER_LOCKED');
    expect((await t.http().post(`/api/v1/rosters/${id}/submit`).set(operator.auth).expect(409)).body.code).toBe('ROSTER_LOCKED');
    await t.http().post(`/api/v1/rosters/${id}/reopen`).set(operator.auth).send({ reason: '补报' }).expect(403);

    const reopened = await t.http().post(`/api/v1/rosters/${id}/reopen`).set(admin.auth).send({ reason: '漏报一名儿童' }).expect(201);
    expect(reopened.body).toMatchObject({ version: 2, status: 'DRAFT', month: '2026-02', institutionId: institution.id });
    expect(reopened.body.entries).toHaveLength(2);
    expect((await t.http().post(`/api/v1/rosters/${id}/reopen`).set(admin.auth).send({ reason: 'again' }).expect(409)).body.code).toBe(
      'CORRECTION_OPEN',
    );

    const v2 = reopened.body.id;
    await t
      .http()
      .put(`/api/v1/rosters/${v2}`)
      .set(operator.auth)
      .send({ entries: [...entries, entry()] })
      .expect(200);
    await t.http().post(`/api/v1/rosters/${v2}/submit`).set(operator.auth).expect(200);
    await t.http().post(`/api/v1/rosters/${v2}/approve`).set(admin.auth).expect(200);

    // the locked version is untouched; both versions are listed, newest first
    const locked = await t.http().get(`/api/v1/rosters/${id}`).set(operator.auth).expect(200);
    expect(locked.body).toMatchObject({ status: 'LOCKED', version: 1 });
    expect(locked.body.entries).toHaveLength(2);
    const list = await t.http().get(`/api/v1/institutions/${institution.id}/rosters?month=2026-02`).set(operator.auth).expect(200);
    expect(list.body).toMatchObject({ total: 2, page: 1 });
    expect(
      list.body.items.map((r: { version: number; status: string; entryCount: number }) => [r.version, r.status, r.entryCount]),
    ).toEqual([
      [2, 'APPROVED', 3],
      [1, 'LOCKED', 2],
    ]);
    // an older version cannot be reopened once a newer one exists
    await t.prisma.roster.update({ where: { id: v2 }, data: { status: 'LOCKED' } });
    expect((await t.http().post(`/api/v1/rosters/${id}/reopen`).set(admin.auth).send({ reason: 'old' }).expect(409)).body.code).toBe(
      'NOT_LATEST_VERSION',
    );
    const reopenAudit = await t.prisma.auditLog.findFirst({ where: { entityId: v2, action: 'ROSTER_REOPENED' } });
    expect(reopenAudit?.after).toMatchObject({ reason: '漏报一名儿童', version: 2 });
    // a DRAFT cannot be reopened
    const draft = (await createRoster(operator, institution.id, '2026-01', [entry()]).expect(201)).body.id;
    expect((await t.http().post(`/api/v1/rosters/${draft}/reopen`).set(admin.auth).send({ reason: 'x1' }).expect(409)).body.code).toBe(
      'ROSTER_STATE',
    );
  });

  it('summarises birth orders, over-threes, children listed elsewhere and changes since last month', async () => {
    const { institution, operator } = await setup();
    const other = await setup();
    const stay = entry({ birthOrder: 1 });
    const leave = entry({ birthOrder: 2 });
    const feb = (await createRoster(operator, institution.id, '2026-02', [stay, leave]).expect(201)).body.id;
    await t.http().post(`/api/v1/rosters/${feb}/submit`).set(operator.auth).expect(200);
    await t.http().post(`/api/v1/rosters/${feb}/approve`).set(admin.auth).expect(200);

    const transfer = entry({ birthOrder: 3, enrolledOn: '2026-03-16', attendanceDays: 10 });
    await createRoster(other.operator, other.institution.id, '2026-03', [
      { ...transfer, enrolledOn: '2025-01-01', withdrawnOn: '2026-03-15' },
    ]).expect(201);
    const march = await createRoster(operator, institution.id, '2026-03', [
      stay,
      transfer,
      entry({ birthOrder: 4 }, '2023-03-01'), // 36 full months on 2026-03-01
      entry({ birthOrder: 2 }, '2023-03-02'),
    ]).expect(201);
    const summary = {
      entryCount: 4,
      byBirthOrder: { first: 1, second: 1, thirdOrLater: 2 },
      overThree: 1,
      changesSinceLastMonth: { previousRosterId: feb, joined: 3, left: 1 },
      // no caregivers registered: every child under three needs one (test/staff/staff-register.e2e-spec.ts has the bands)
      caregiverRatio: expect.objectContaining({ caregiversActive: 0, short: true }),
    };
    // the operator is not told where else a child is listed (nor about birth-order conflicts): the reviewer is
    expect(march.body.summary).toEqual({ ...summary, alsoListedElsewhere: null, birthOrderConflicts: null });
    const review = await t.http().get(`/api/v1/rosters/${march.body.id}`).set(admin.auth).expect(200);
    expect(review.body.summary).toEqual({ ...summary, alsoListedElsewhere: 1, birthOrderConflicts: 0 });
  });
});
