import { createFiledInstitution, createInstitution, uniqueResidentId } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { entry } from '../rosters/roster-fixtures';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;

let seq = 0;
function person(over: Record<string, unknown> = {}) {
  seq += 1;
  return {
    idNumber: uniqueResidentId('1990-04-12'),
    name: `测试保育员${seq}`,
    role: 'CAREGIVER',
    qualificationNo: `BY-2025-${String(seq).padStart(4, '0')}`,
    healthCertificateExpiresOn: '2027-03-01',
    backgroundCheckedOn: '2026-01-05',
    startedOn: '2026-01-01',
    ...over,
  };
}

describe('the staff register (从业人员)', () => {
  let t: TestApp;
  let admin: User;
  let auditor: User;
  let opA: User;
  let opB: User;
  let instA: { id: string; name: string };
  let instB: { id: string; name: string };

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-06-10T04:00:00Z' });
    admin = await t.userWithToken('admin');
    auditor = await t.userWithToken('auditor');
    instA = await createFiledInstitution(t.prisma);
    instB = await createFiledInstitution(t.prisma);
    opA = await t.userWithToken('operator', instA.id);
    opB = await t.userWithToken('operator', instB.id);
  });
  afterAll(() => t.close());

  const add = (user: User, institutionId: string, body: object) =>
    t.http().post(`/api/v1/institutions/${institutionId}/staff`).set(user.auth).send(body);

  it('registers a person with the ID number and name encrypted and answered masked, audited', async () => {
    const body = person({ name: '王小红' });
    const res = await add(opA, instA.id, body).expect(201);
    expect(res.body).toMatchObject({
      institutionId: instA.id,
      idNumber: `${body.idNumber.slice(0, 6)}********${body.idNumber.slice(-4)}`,
      name: '王**',
      role: 'CAREGIVER',
      qualificationNo: body.qualificationNo,
      healthCertificateExpiresOn: '2027-03-01',
      backgroundCheckedOn: '2026-01-05',
      startedOn: '2026-01-01',
      endedOn: null,
      active: true,
    });
    const row = await t.prisma.staff.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(JSON.stringify(row)).not.toContain(body.idNumber);
    expect(JSON.stringify(row)).not.toContain('王小红');
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { entityType: 'Staff', entityId: res.body.id } });
    expect(audit.action).toBe('STAFF_ADDED');
    const logged = JSON.stringify({ before: audit.before, after: audit.after });
    expect(logged).not.toContain(body.idNumber);
    expect(logged).not.toContain('王小红');
    expect(logged).toContain('王**');
  });

  it('refuses an invalid ID number and a caregiver without a qualification certificate (422)', async () => {
    const res = await add(opA, instA.id, person({ idNumber: '371523199004121234', qualificationNo: undefined })).expect(422);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['idNumber', 'qualificationNo']);
    await add(opA, instA.id, person({ role: 'COOK', qualificationNo: undefined })).expect(201);
  });

  it('keeps one person active at one institution: 409 STAFF_ACTIVE_ELSEWHERE, the other institution not named to an operator', async () => {
    const body = person();
    const first = (await add(opA, instA.id, body).expect(201)).body;
    const refused = await add(opB, instB.id, { ...body, startedOn: '2026-06-01' }).expect(409);
    expect(refused.body.code).toBe('STAFF_ACTIVE_ELSEWHERE');
    expect(JSON.stringify(refused.body)).not.toContain(instA.name);
    expect(JSON.stringify(refused.body)).not.toContain(instA.id);
    expect(refused.body.details).toBeUndefined();
    // the bureau is told where
    const forAdmin = await add(admin, instB.id, { ...body, startedOn: '2026-06-01' }).expect(409);
    expect(JSON.stringify(forAdmin.body.details)).toContain(instA.name);
    // twice at the same institution
    expect((await add(opA, instA.id, body).expect(409)).body.code).toBe('STAFF_EXISTS');

    // once they left A, B may take them on from the next day, not for a period overlapping A
    await t.http().post(`/api/v1/staff/${first.id}/end`).set(opA.auth).send({ endedOn: '2026-05-31' }).expect(200);
    expect((await add(opB, instB.id, { ...body, startedOn: '2026-05-15' })).body.code).toBe('STAFF_ACTIVE_ELSEWHERE');
    await add(opB, instB.id, { ...body, startedOn: '2026-06-01' }).expect(201);
    expect((await t.http().post(`/api/v1/staff/${first.id}/end`).set(opA.auth).send({ endedOn: '2026-06-01' })).body.code).toBe(
      'STAFF_ALREADY_ENDED',
    );
  });

  it('lets only one of two institutions registering the same person at the same moment succeed', async () => {
    const body = person();
    const results = await Promise.all([add(opA, instA.id, body), add(opB, instB.id, body), add(opA, instA.id, body)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(await t.prisma.staff.count({ where: { idMasked: results.find((r) => r.status === 201)!.body.idNumber, endedOn: null } })).toBe(
      1,
    );
  });

  it("never shows an operator another institution's register (404) and filters by active", async () => {
    const body = person();
    const created = (await add(opA, instA.id, body).expect(201)).body;
    await t.http().get(`/api/v1/institutions/${instA.id}/staff`).set(opB.auth).expect(404);
    await add(opB, instA.id, person()).expect(404);
    await t.http().post(`/api/v1/staff/${created.id}/end`).set(opB.auth).send({ endedOn: '2026-06-30' }).expect(404);
    expect((await t.http().post(`/api/v1/staff/${created.id}/end`).set(opA.auth).send({ endedOn: '2025-12-31' })).status).toBe(422);

    await t.http().post(`/api/v1/staff/${created.id}/end`).set(opA.auth).send({ endedOn: '2026-06-01' }).expect(200);
    const active = (await t.http().get(`/api/v1/institutions/${instA.id}/staff?active=true&pageSize=200`).set(opA.auth).expect(200)).body;
    const left = (await t.http().get(`/api/v1/institutions/${instA.id}/staff?active=false&pageSize=200`).set(auditor.auth).expect(200))
      .body;
    expect(active.items.map((s: { id: string }) => s.id)).not.toContain(created.id);
    expect(left.items.map((s: { id: string }) => s.id)).toContain(created.id);
    expect(left.items.every((s: { active: boolean }) => !s.active)).toBe(true);
  });

  it("lists expiring health certificates and missing background checks in the health bureau's worklist", async () => {
    const inst = await createInstitution(t.prisma);
    const expiring = (await add(admin, inst.id, person({ healthCertificateExpiresOn: '2026-07-10' })).expect(201)).body; // 30 days
    const expired = (await add(admin, inst.id, person({ healthCertificateExpiresOn: '2026-06-09' })).expect(201)).body;
    const unchecked = (await add(admin, inst.id, person({ backgroundCheckedOn: undefined })).expect(201)).body;
    const fine = (await add(admin, inst.id, person({ healthCertificateExpiresOn: '2026-07-11' })).expect(201)).body;
    const gone = (await add(admin, inst.id, person({ healthCertificateExpiresOn: '2026-06-01', endedOn: '2026-05-31' })).expect(201)).body;

    const res = await t.http().get('/api/v1/staff/attention?pageSize=200').set(auditor.auth).expect(200);
    const mine = Object.fromEntries(
      res.body.items
        .filter((s: { institutionId: string }) => s.institutionId === inst.id)
        .map((s: { id: string; reasons: string[] }) => [s.id, s.reasons]),
    );
    expect(mine).toEqual({
      [expiring.id]: ['HEALTH_CERTIFICATE_EXPIRING'],
      [expired.id]: ['HEALTH_CERTIFICATE_EXPIRED'],
      [unchecked.id]: ['BACKGROUND_CHECK_MISSING'],
    });
    expect(mine[fine.id]).toBeUndefined();
    expect(mine[gone.id]).toBeUndefined();
    expect(res.body.items.find((s: { id: string }) => s.id === expired.id).name).toMatch(/^测\*+$/);
    await t.http().get('/api/v1/staff/attention').set(opA.auth).expect(403);
  });
});

describe('the caregiver ratio in the roster summary', () => {
  let t: TestApp;
  let admin: User;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-06-10T04:00:00Z' });
    admin = await t.userWithToken('admin');
  });
  afterAll(() => t.close());

  // ages on 2026-05-01, on both sides of each band boundary
  const under12 = '2025-05-02'; // 11 months
  const just12 = '2025-05-01'; // 12 months
  const just23 = '2024-05-02'; // 23 months
  const just24 = '2024-05-01'; // 24 months
  const just35 = '2023-05-02'; // 35 months
  const just36 = '2023-05-01'; // 36 months: not counted

  it('counts children by age band on the first day of the month and caregivers employed during the month; flags a shortfall', async () => {
    const inst = await createFiledInstitution(t.prisma);
    const addCaregiver = (over: Record<string, unknown>) =>
      t.http().post(`/api/v1/institutions/${inst.id}/staff`).set(admin.auth).send(person(over)).expect(201);
    await addCaregiver({ startedOn: '2026-04-01' }); // active in May
    await addCaregiver({ startedOn: '2026-01-01', endedOn: '2026-04-30' }); // left before May
    await addCaregiver({ startedOn: '2026-05-31' }); // from the last day of May
    await addCaregiver({ startedOn: '2026-06-01' }); // after May
    await addCaregiver({ role: 'COOK', qualificationNo: undefined, startedOn: '2026-01-01' }); // not a caregiver

    const births = [under12, under12, under12, just12, just23, just24, just35, just36];
    const entries = births.map((b) => entry({ enrolledOn: '2026-01-05' }, b));
    const roster = (
      await t.http().post(`/api/v1/institutions/${inst.id}/rosters`).set(admin.auth).send({ month: '2026-05', entries }).expect(201)
    ).body;
    expect(roster.summary.caregiverRatio).toEqual({
      bands: [
        { band: 'UNDER_12_MONTHS', children: 3, childrenPerCaregiver: 3, caregiversRequired: 1 },
        { band: 'FROM_12_TO_24_MONTHS', children: 2, childrenPerCaregiver: 5, caregiversRequired: 1 },
        { band: 'FROM_24_TO_36_MONTHS', children: 2, childrenPerCaregiver: 7, caregiversRequired: 1 },
      ],
      caregiversRequired: 3,
      caregiversActive: 2,
      short: true,
      policyEffectiveFrom: '2024-01',
    });

    // one more caregiver (employed on May's first day only) meets it; a fourth child under 12 needs one more
    await addCaregiver({ startedOn: '2026-02-01', endedOn: '2026-05-01' });
    let seen = (await t.http().get(`/api/v1/rosters/${roster.id}`).set(admin.auth).expect(200)).body.summary.caregiverRatio;
    expect(seen).toMatchObject({ caregiversRequired: 3, caregiversActive: 3, short: false });
    const more = [...entries, entry({ enrolledOn: '2026-01-05' }, under12)];
    seen = (await t.http().put(`/api/v1/rosters/${roster.id}`).set(admin.auth).send({ entries: more }).expect(200)).body.summary
      .caregiverRatio;
    expect(seen.bands[0]).toEqual({ band: 'UNDER_12_MONTHS', children: 4, childrenPerCaregiver: 3, caregiversRequired: 2 });
    expect(seen).toMatchObject({ caregiversRequired: 4, caregiversActive: 3, short: true });
  });

  it('applies the ratio version in force for the month (a policy parameter with an effective month)', async () => {
    const list = (await t.http().get('/api/v1/caregiver-ratio-policies').set(admin.auth).expect(200)).body;
    expect(list.at(-1)).toMatchObject({ effectiveFrom: '2024-01', under12: 3, from12To24: 5, from24To36: 7 });
    await t
      .http()
      .post('/api/v1/caregiver-ratio-policies')
      .set(admin.auth)
      .send({ effectiveFrom: '2026-05', under12: 2, from12To24: 5, from24To36: 7 })
      .expect(201);
    expect(
      (
        await t
          .http()
          .post('/api/v1/caregiver-ratio-policies')
          .set(admin.auth)
          .send({ effectiveFrom: '2026-05', under12: 2, from12To24: 5, from24To36: 7 })
      ).body.code,
    ).toBe('POLICY_EXISTS');
    const inst = await createFiledInstitution(t.prisma);
    const entries = [under12, under12, under12].map((b) => entry({ enrolledOn: '2026-01-05' }, b));
    const may = (
      await t.http().post(`/api/v1/institutions/${inst.id}/rosters`).set(admin.auth).send({ month: '2026-05', entries }).expect(201)
    ).body;
    expect(may.summary.caregiverRatio).toMatchObject({ caregiversRequired: 2, policyEffectiveFrom: '2026-05' });
    const april = (
      await t
        .http()
        .post(`/api/v1/institutions/${inst.id}/rosters`)
        .set(admin.auth)
        .send({ month: '2026-04', entries: entries.map((e) => ({ ...e })) })
        .expect(201)
    ).body;
    expect(april.summary.caregiverRatio).toMatchObject({ caregiversRequired: 1, policyEffectiveFrom: '2024-01' });
  });
});
