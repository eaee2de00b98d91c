import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { createChild, createFiledInstitution, uniqueResidentId } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;

/** POST /children/lookup: an admin finds the child whose ID number a parent reads out, without it ever being in a URL. */
describe('finding a child by ID number', () => {
  let t: TestApp;
  let admin: User;
  let child: Awaited<ReturnType<typeof createChild>>;
  let institutionId: string;

  const lookUp = (user: User, idNumber: unknown, headers: Record<string, string> = {}) =>
    t.http().post('/api/v1/children/lookup').set(user.auth).set(headers).send({ idNumber });
  /** Every stored trace of the request: the audit log and the idempotency keys, as text. */
  const storedText = async () =>
    JSON.stringify(
      [
        await t.prisma.auditLog.findMany({ where: { actorId: admin.id } }),
        await t.prisma.idempotencyKey.findMany({ where: { userId: admin.id } }),
      ],
      (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
    );

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWithToken('admin');
    institutionId = (await createFiledInstitution(t.prisma)).id;
    child = await createChild(t.prisma, t.app.get(PiiCipher), { birthDate: '2024-05-06', name: '测试儿童9040', birthOrder: 2 });
    const roster = await t.prisma.roster.create({ data: { institutionId, month: '2026-03', status: 'APPROVED' } });
    await t.prisma.rosterEntry.create({
      data: {
        rosterId: roster.id,
        childId: child.id,
        rowIndex: 1,
        birthOrder: 2,
        guardianNameCipher: 'x:y',
        enrolledOn: new Date('2025-09-01'),
        attendanceDays: 20,
      },
    });
  });
  afterAll(() => t.close());

  it('answers the child masked, with its id and rosters; the number is audited as a look-up, never stored', async () => {
    const res = await lookUp(admin, child.idNumber).expect(200);
    expect(res.body).toEqual({
      id: child.id,
      idNumber: `${child.idNumber.slice(0, 6)}********${child.idNumber.slice(-4)}`,
      name: `测${'*'.repeat(7)}`,
      birthDate: '2024-05-06',
      sex: expect.stringMatching(/^[MF]$/),
      birthOrder: 2,
      birthOrderConfirmedAt: expect.any(String),
      rosters: [expect.objectContaining({ institutionId, month: '2026-03', status: 'APPROVED' })],
    });
    expect(JSON.stringify(res.body)).not.toContain(child.idNumber);
    expect(res.headers['cache-control']).toBe('no-store');

    const audit = await t.prisma.auditLog.findMany({ where: { actorId: admin.id, action: 'CHILD_LOOKED_UP' } });
    expect(audit).toEqual([expect.objectContaining({ entityType: 'Child', entityId: child.id, after: { found: true } })]);
    expect(await storedText()).not.toContain(child.idNumber);
    expect(await storedText()).not.toContain(child.idNumber.slice(6, 14));
  });

  it('accepts the number as people type it (spaces, a lower-case x)', async () => {
    const withX = await createChild(t.prisma, t.app.get(PiiCipher), { birthDate: '2024-02-03', idNumber: idEndingInX('2024-02-03') });
    const res = await lookUp(admin, `  ${withX.idNumber.toLowerCase()} `).expect(200);
    expect(res.body.id).toBe(withX.id);
  });

  it('answers 404 for a valid number nobody has (audited as not found) and 422 for a malformed one (not audited)', async () => {
    const unknown = uniqueResidentId('2023-11-11');
    const missing = await lookUp(admin, unknown);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND' });
    expect(JSON.stringify(missing.body)).not.toContain(unknown);
    const audit = await t.prisma.auditLog.findMany({ where: { actorId: admin.id, action: 'CHILD_LOOKED_UP', entityId: null } });
    expect(audit).toEqual([expect.objectContaining({ after: { found: false } })]);

    const before = await t.prisma.auditLog.count({ where: { actorId: admin.id } });
    const wrongCheck = `${unknown.slice(0, 17)}${unknown[17] === '0' ? '1' : '0'}`;
    for (const bad of [wrongCheck, '12345', 371523202311]) {
      const res = await lookUp(admin, bad);
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body)).not.toContain(String(bad));
    }
    expect((await lookUp(admin, wrongCheck)).body.details).toEqual([
      expect.objectContaining({ field: 'idNumber', code: 'ID_NUMBER_INVALID' }),
    ]);
    expect(await t.prisma.auditLog.count({ where: { actorId: admin.id } })).toBe(before);
    expect(await storedText()).not.toContain(unknown);
  });

  it('ignores Idempotency-Key, so nothing derived from the number is kept', async () => {
    await lookUp(admin, child.idNumber, { 'Idempotency-Key': 'lookup-1' }).expect(200);
    await lookUp(admin, uniqueResidentId('2023-01-01'), { 'Idempotency-Key': 'lookup-1' }).expect(404);
    expect(await t.prisma.idempotencyKey.count({ where: { userId: admin.id } })).toBe(0);
  });

  it('is for admins only, and takes the number only in the body', async () => {
    for (const [role, id] of [
      ['operator', institutionId],
      ['finance', null],
      ['auditor', null],
    ] as const) {
      const user = await t.userWithToken(role, id);
      expect((await lookUp(user, child.idNumber)).status).toBe(403);
    }
    expect((await t.http().post('/api/v1/children/lookup').send({ idNumber: child.idNumber })).status).toBe(401);
    // a number put in the query string is not read: the body must carry it
    const looked = await t.prisma.auditLog.count({ where: { action: 'CHILD_LOOKED_UP' } });
    const inQuery = await t.http().post(`/api/v1/children/lookup?idNumber=${child.idNumber}`).set(admin.auth).send({});
    expect(inQuery.status).toBe(422);
    expect(inQuery.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'idNumber', code: 'IS_STRING' })]));
    expect(await t.prisma.auditLog.count({ where: { action: 'CHILD_LOOKED_UP' } })).toBe(looked);
  });
});

/** A valid resident ID number whose check character is X. */
function idEndingInX(birthDate: string): string {
  for (;;) {
    const id = uniqueResidentId(birthDate);
    if (id.endsWith('X')) return id;
  }
}
