import { createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { entry, xlsx } from './roster-fixtures';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;
const MASKED_ID = /^\d{6}\*{8}[\dX]{4}$/;

describe('Children: masking, reveal with audit, operator scope, encryption at rest', () => {
  let t: TestApp;
  let admin: User;
  let operator: User;
  let stranger: User;
  let institutionId: string;
  let rosterId: string;
  const entries = [
    entry({ birthOrder: 2, guardianName: '测试监护人甲' }),
    entry({ birthOrder: 3, guardianName: '测试监护人乙', guardianPhone: '13912345678' }),
  ];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWithToken('admin');
    const institution = await createFiledInstitution(t.prisma);
    institutionId = institution.id;
    operator = await t.userWithToken('operator', institution.id);
    stranger = await t.userWithToken('operator', (await createFiledInstitution(t.prisma)).id);
    const rows = entries.map((e) => [
      e.idNumber,
      e.name,
      e.birthOrder,
      e.guardianName,
      e.guardianPhone,
      e.enrolledOn,
      null,
      e.attendanceDays,
    ]);
    const res = await t
      .http()
      .post(`/api/v1/institutions/${institutionId}/rosters/import?month=2026-03`)
      .set(operator.auth)
      .attach('file', await xlsx(rows), 'roster.xlsx')
      .expect(201);
    rosterId = res.body.id;
    // children are registered when the roster is approved
    await t.http().post(`/api/v1/rosters/${rosterId}/submit`).set(operator.auth).expect(200);
    await t.http().post(`/api/v1/rosters/${rosterId}/approve`).set(admin.auth).expect(200);
  });
  afterAll(() => t.close());

  function childIdOf(index: number): Promise<string> {
    return t
      .http()
      .get(`/api/v1/rosters/${rosterId}`)
      .set(admin.auth)
      .then((r) => r.body.entries[index].childId as string);
  }

  it('masks ID numbers, names and guardian details in every answer carrying a child', async () => {
    const answers = [
      await t.http().get(`/api/v1/rosters/${rosterId}`).set(operator.auth).expect(200),
      await t
        .http()
        .get(`/api/v1/children/${await childIdOf(0)}`)
        .set(operator.auth)
        .expect(200),
      await t
        .http()
        .get(`/api/v1/children/${await childIdOf(1)}`)
        .set(admin.auth)
        .expect(200),
      await t.http().get(`/api/v1/institutions/${institutionId}/rosters`).set(operator.auth).expect(200),
      await t.http().get(`/api/v1/rosters/${rosterId}`).set(admin.auth).expect(200),
    ];
    for (const res of answers) {
      expect(res.headers['cache-control']).toBe('no-store');
      const text = JSON.stringify(res.body);
      for (const e of entries) {
        expect(text).not.toContain(e.idNumber);
        expect(text).not.toContain(e.name);
        expect(text).not.toContain(e.guardianName);
        expect(text).not.toContain(e.guardianPhone!);
      }
    }
    const roster = answers[0].body;
    for (const e of roster.entries) {
      expect(e.idNumber).toMatch(MASKED_ID);
      expect(e.name).toMatch(/^测\*+$/);
    }
    expect(answers[1].body).toMatchObject({
      idNumber: expect.stringMatching(MASKED_ID),
      name: expect.stringMatching(/^测\*+$/),
      sex: expect.any(String),
    });
    expect(answers[1].body.rosters).toEqual([expect.objectContaining({ rosterId, institutionId, month: '2026-03' })]);
  });

  it('shows a child to an operator only when one of their rosters lists them', async () => {
    const childId = await childIdOf(0);
    await t.http().get(`/api/v1/children/${childId}`).set(stranger.auth).expect(404);
    await t.http().get(`/api/v1/children/00000000-0000-4000-8000-000000000000`).set(admin.auth).expect(404);
    await t
      .http()
      .get(`/api/v1/children/${childId}`)
      .set((await t.userWithToken('auditor')).auth)
      .expect(200);
  });

  it('reveals a full ID number to an admin with a reason, audited without the number; nobody else', async () => {
    const childId = await childIdOf(1);
    for (const role of ['operator', 'finance', 'auditor'] as const) {
      const user = role === 'operator' ? operator : await t.userWithToken(role);
      await t.http().get(`/api/v1/children/${childId}/id-number?reason=check`).set(user.auth).expect(403);
    }
    await t.http().get(`/api/v1/children/${childId}/id-number`).set(admin.auth).expect(422);

    const res = await t
      .http()
      .get(`/api/v1/children/${childId}/id-number?reason=${encodeURIComponent('核对补贴发放')}`)
      .set(admin.auth)
      .expect(200);
    expect(res.body).toEqual({ id: childId, idNumber: entries[1].idNumber });
    expect(res.headers['cache-control']).toBe('no-store');

    const audits = await t.prisma.auditLog.findMany({
      where: { entityType: 'Child', entityId: childId, action: 'CHILD_ID_NUMBER_REVEALED' },
    });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: admin.id, role: 'admin', after: { reason: '核对补贴发放' } });
    expect(JSON.stringify({ ...audits[0], id: String(audits[0].id) })).not.toContain(entries[1].idNumber);
  });

  it('stores ID numbers, names and guardian details only encrypted (nothing plain in the database)', async () => {
    const ids = await Promise.all([childIdOf(0), childIdOf(1)]);
    const children = await t.prisma.$queryRaw<Record<string, unknown>[]>`SELECT * FROM children WHERE id = ANY(${ids}::uuid[])`;
    const rosterEntries = await t.prisma.$queryRaw<
      Record<string, unknown>[]
    >`SELECT * FROM roster_entries WHERE "rosterId" = ${rosterId}::uuid`;
    const audits = await t.prisma.$queryRaw<Record<string, unknown>[]>`
      SELECT * FROM audit_logs WHERE "entityId" = ${rosterId} OR "entityId" = ANY(${ids})`;
    expect(children).toHaveLength(2);
    expect(rosterEntries).toHaveLength(2);
    expect(audits.length).toBeGreaterThanOrEqual(2);
    const dump = JSON.stringify([children, rosterEntries, audits], (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    for (const e of entries) {
      for (const secret of [e.idNumber, e.idNumber.slice(0, 14), e.name, e.guardianName, e.guardianPhone!])
        expect(dump).not.toContain(secret);
    }
    for (const c of children) {
      expect(c.idMasked).toMatch(MASKED_ID);
      expect(String(c.keyId)).toBe(t.config.pii.activeKeyId);
    }
    for (const e of rosterEntries) {
      // the child as reported is kept sealed on the entry too
      for (const column of ['guardianNameCipher', 'idCipher', 'nameCipher'])
        expect(String(e[column])).toMatch(new RegExp(`^${t.config.pii.activeKeyId}:`));
      expect(e.idMasked).toMatch(MASKED_ID);
    }

    // and the whole tables, every column as text: no plain ID number or name of this test anywhere
    for (const secret of entries.flatMap((e) => [e.idNumber, e.name])) {
      const hits = await t.prisma.$queryRaw<{ n: number }[]>`
        SELECT (SELECT count(*) FROM children x WHERE row_to_json(x)::text LIKE '%' || ${secret} || '%')
             + (SELECT count(*) FROM roster_entries x WHERE row_to_json(x)::text LIKE '%' || ${secret} || '%')
             + (SELECT count(*) FROM audit_logs x WHERE row_to_json(x)::text LIKE '%' || ${secret} || '%') AS n`;
      expect(Number(hits[0].n)).toBe(0);
    }
  });
});
