import { PiiCipher } from '../../src/infra/crypto/pii-cipher';
import { createChild, createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { csv, entry, EntryBody } from './roster-fixtures';

type User = Awaited<ReturnType<TestApp['userWithToken']>>;
type Body = Record<string, unknown> & { entries: Record<string, unknown>[]; summary: Record<string, unknown> };

const LIMIT = 10;
const masked = (n: string) => n[0] + '*'.repeat([...n].length - 1);
/** Test names must contain 测试儿童<digits> (the run's log is scanned for them); a distinct first character tells them apart masked. */
const nameStarting = (first: string) => `${first}测试儿童${Math.floor(Math.random() * 1e6)}`;

/**
 * What an operator can learn from, or leave in, the children registry (issue 10, defect 17): trying birth orders 1–9
 * for an ID number answers the same for every guess, is audited and limited; another institution's registered name is
 * never shown; a roster registers its children only when approved.
 */
describe('Rosters: operators learn nothing from the registry and leave nothing in it before approval', () => {
  let t: TestApp;
  let admin: User;
  let cipher: PiiCipher;

  beforeAll(async () => {
    t = await createTestApp({ env: { BIRTH_ORDER_CLAIM_MAX_CONFLICTS: String(LIMIT), BIRTH_ORDER_CLAIM_WINDOW_SECONDS: '3600' } });
    admin = await t.userWithToken('admin');
    cipher = t.app.get(PiiCipher);
  });
  afterAll(() => t.close());

  async function setup() {
    const institution = await createFiledInstitution(t.prisma, { data: { approvedSlots: 50 } });
    const operator = await t.userWithToken('operator', institution.id);
    return { institution, operator };
  }
  const create = (user: User, institutionId: string, month: string, entries: EntryBody[]) =>
    t.http().post(`/api/v1/institutions/${institutionId}/rosters`).set(user.auth).send({ month, entries });
  const replace = (user: User, rosterId: string, entries: EntryBody[]) =>
    t.http().put(`/api/v1/rosters/${rosterId}`).set(user.auth).send({ entries });
  async function approve(user: User, rosterId: string) {
    await t.http().post(`/api/v1/rosters/${rosterId}/submit`).set(user.auth).expect(200);
    return t.http().post(`/api/v1/rosters/${rosterId}/approve`).set(admin.auth).expect(200);
  }
  const registered = (idNumber: string) => t.prisma.child.findUnique({ where: { idHash: cipher.hmac(idNumber) } });

  /** The answer without what depends on the typed birth order itself (and the time of the edit). */
  function withoutTypedBirthOrder(body: Body) {
    const { updatedAt: _u, ...rest } = body;
    return {
      ...rest,
      entries: body.entries.map(({ birthOrder: _b, ...e }) => e),
      summary: { ...body.summary, byBirthOrder: null },
    };
  }

  it('answers an operator probing birth orders 1–9 the same for the right and the wrong guesses; audits and limits the wrong ones', async () => {
    const { institution, operator } = await setup();
    const probed = await createChild(t.prisma, cipher, { birthDate: '2024-02-02', birthOrder: 4, name: nameStarting('王') });
    const other = entry({ birthOrder: 1 });
    const roster = (await create(operator, institution.id, '2026-03', [other]).expect(201)).body.id as string;

    const typed = nameStarting('李');
    const answers: Body[] = [];
    for (let guess = 1; guess <= 9; guess++) {
      const res = await replace(operator, roster, [other, entry({ idNumber: probed.idNumber, name: typed, birthOrder: guess })]);
      expect(res.status).toBe(200);
      expect(res.body.entries[1]).toMatchObject({ birthOrder: guess, confirmedBirthOrder: null, childId: null, name: masked(typed) });
      answers.push(res.body as Body);
    }
    // the right guess (4) looks exactly like every wrong one
    const shapes = answers.map(withoutTypedBirthOrder);
    for (const shape of shapes) expect(shape).toEqual(shapes[3]);
    expect(JSON.stringify(answers)).not.toContain('王');
    // a file upload answers the same way
    const { operator: uploader, institution: second } = await setup();
    for (const guess of [4, 5]) {
      const month = guess === 4 ? '2026-04' : '2026-05';
      const res = await t
        .http()
        .post(`/api/v1/institutions/${second.id}/rosters/import?month=${month}`)
        .set(uploader.auth)
        .attach('file', Buffer.from(csv([entry({ idNumber: probed.idNumber, name: typed, birthOrder: guess })]), 'utf8'), 'r.csv')
        .expect(201);
      expect(res.body.entries[0]).toMatchObject({ birthOrder: guess, confirmedBirthOrder: null });
      expect(res.body.summary).toMatchObject({ birthOrderConflicts: null, alsoListedElsewhere: null });
    }

    // every wrong guess is audited (how many, which row; never the number, the name or the confirmed value)
    const audits = await t.prisma.auditLog.findMany({ where: { action: 'BIRTH_ORDER_CLAIMS_CONFLICTING', actorId: operator.id } });
    expect(audits).toHaveLength(8);
    for (const a of audits) {
      expect(a.after).toEqual({ institutionId: institution.id, month: '2026-03', conflicts: 1, rows: [1] });
      expect(a.entityId).toBe(roster);
      const dump = JSON.stringify({ ...a, id: String(a.id) });
      expect(dump).not.toContain(probed.idNumber);
      expect(dump).not.toContain(typed);
    }
    expect(await t.prisma.auditLog.count({ where: { action: 'BIRTH_ORDER_CLAIMS_CONFLICTING', actorId: uploader.id } })).toBe(1);
    // nothing was registered by the probing, and the registry is untouched
    const after = await t.prisma.child.findUniqueOrThrow({ where: { id: probed.id } });
    expect({ birthOrder: after.birthOrder, nameCipher: after.nameCipher }).toEqual({ birthOrder: 4, nameCipher: probed.nameCipher });

    // the reviewer sees the conflict of what was left in the draft (guess 9)
    const review = await t.http().get(`/api/v1/rosters/${roster}`).set(admin.auth).expect(200);
    expect(review.body.entries[1]).toMatchObject({ birthOrder: 9, confirmedBirthOrder: 4 });
    expect(review.body.summary.birthOrderConflicts).toBe(1);

    // 8 conflicting claims so far; 2 more reach the limit of 10 (those writes still succeed) ...
    const second2 = await createChild(t.prisma, cipher, { birthDate: '2024-03-03', birthOrder: 2 });
    await replace(operator, roster, [other, entry({ idNumber: second2.idNumber, birthOrder: 3 })]).expect(200);
    await replace(operator, roster, [other, entry({ idNumber: second2.idNumber, birthOrder: 4 })]).expect(200);
    // ... then every roster write of the operator is refused, whatever it holds: the refusal says nothing about the entries
    const limited = await replace(operator, roster, [other]).expect(429);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'BIRTH_ORDER_CLAIMS_LIMITED' });
    expect(limited.body.message).toMatch(/孩次/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const right = await replace(operator, roster, [other, entry({ idNumber: second2.idNumber, birthOrder: 2 })]).expect(429);
    const digitless = (m: string) => m.replace(/\d+/g, 'N');
    expect(right.body).toMatchObject({ statusCode: 429, code: limited.body.code });
    expect(digitless(right.body.message)).toBe(digitless(limited.body.message));
    expect((await create(operator, institution.id, '2026-06', [entry()]).expect(429)).body.code).toBe('BIRTH_ORDER_CLAIMS_LIMITED');
    const upload = await t
      .http()
      .put(`/api/v1/rosters/${roster}/import`)
      .set(operator.auth)
      .attach('file', Buffer.from(csv([other]), 'utf8'), 'r.csv')
      .expect(429);
    expect(upload.body.code).toBe('BIRTH_ORDER_CLAIMS_LIMITED');
    // the limit is the operator's: another operator, and the admin, still write rosters
    await create(uploader, second.id, '2026-06', [entry()]).expect(201);
    await replace(admin, roster, [other]).expect(200);
    // reading and submitting are not roster writes
    await t.http().get(`/api/v1/rosters/${roster}`).set(operator.auth).expect(200);
    await t.http().post(`/api/v1/rosters/${roster}/submit`).set(operator.auth).expect(200);
  });

  it("never shows operator B the name operator A registered for the same ID number, before or after B's approval", async () => {
    const a = await setup();
    const b = await setup();
    const nameA = nameStarting('王');
    const nameB = nameStarting('李');
    const child = entry({ name: nameA, birthOrder: 2 });
    const rosterA = (await create(a.operator, a.institution.id, '2026-03', [child]).expect(201)).body.id;
    const childId = (await approve(a.operator, rosterA)).body.entries[0].childId as string;
    expect(childId).toEqual(expect.any(String));

    const listedByB = { ...child, name: nameB };
    const created = await create(b.operator, b.institution.id, '2026-03', [listedByB]).expect(201);
    expect(created.body.entries[0]).toMatchObject({ name: masked(nameB), childId: null, confirmedBirthOrder: null });
    const seen = [created.body];
    seen.push((await t.http().get(`/api/v1/rosters/${created.body.id}`).set(b.operator.auth).expect(200)).body);
    const approvedB = await approve(b.operator, created.body.id);
    expect(approvedB.body.entries[0].childId).toBe(childId);
    seen.push((await t.http().get(`/api/v1/rosters/${created.body.id}`).set(b.operator.auth).expect(200)).body);
    const childForB = await t.http().get(`/api/v1/children/${childId}`).set(b.operator.auth).expect(200);
    expect(childForB.body.name).toBe(masked(nameB));
    expect(childForB.body.rosters.map((r: { rosterId: string }) => r.rosterId)).toEqual([created.body.id]);
    seen.push(childForB.body);
    for (const body of seen.slice(0, 3)) expect(body.entries[0].name).toBe(masked(nameB));
    expect(JSON.stringify(seen)).not.toContain('王');

    // A still sees their spelling; the registry keeps the first approved name; the admin sees the registered child
    expect((await t.http().get(`/api/v1/rosters/${rosterA}`).set(a.operator.auth).expect(200)).body.entries[0].name).toBe(masked(nameA));
    expect((await t.http().get(`/api/v1/children/${childId}`).set(a.operator.auth).expect(200)).body.name).toBe(masked(nameA));
    const stored = await t.prisma.child.findUniqueOrThrow({ where: { id: childId } });
    expect(cipher.decrypt(stored.nameCipher, stored.keyId)).toBe(nameA);
    const forAdmin = await t.http().get(`/api/v1/children/${childId}`).set(admin.auth).expect(200);
    expect(forAdmin.body.name).toBe(masked(nameA));
    expect(forAdmin.body.rosters).toHaveLength(2);
  });

  it('registers nobody for a DRAFT, an edited-away entry or a returned roster; the approval registers the children as reported', async () => {
    const { institution, operator } = await setup();
    const kept = entry({ birthOrder: 2 });
    const dropped = entry({ birthOrder: 3 });
    const created = await create(operator, institution.id, '2026-03', [kept, dropped]).expect(201);
    const id = created.body.id as string;
    expect(created.body.entries.map((e: { childId: string | null }) => e.childId)).toEqual([null, null]);
    expect(await registered(kept.idNumber)).toBeNull();
    expect(await registered(dropped.idNumber)).toBeNull();
    // the child the operator "typed by mistake" is edited away: it never existed for the registry
    await replace(operator, id, [kept]).expect(200);
    await t.http().post(`/api/v1/rosters/${id}/submit`).set(operator.auth).expect(200);
    await t.http().post(`/api/v1/rosters/${id}/return`).set(admin.auth).send({ reason: '请核对' }).expect(200);
    expect(await registered(kept.idNumber)).toBeNull();
    expect(await registered(dropped.idNumber)).toBeNull();
    // nor does a child look-up find it
    await t.http().post('/api/v1/children/lookup').set(admin.auth).send({ idNumber: kept.idNumber }).expect(404);

    const approved = await approve(operator, id);
    const child = await registered(kept.idNumber);
    expect(child).toMatchObject({ birthOrder: 2, idMasked: approved.body.entries[0].idNumber });
    expect(cipher.decrypt(child!.nameCipher, child!.keyId)).toBe(kept.name);
    expect(cipher.decrypt(child!.idCipher, child!.keyId)).toBe(kept.idNumber);
    expect(approved.body.entries[0].childId).toBe(child!.id);
    expect(await registered(dropped.idNumber)).toBeNull();
    const audit = await t.prisma.auditLog.findFirst({ where: { entityId: id, action: 'ROSTER_APPROVED' } });
    expect(audit?.after).toMatchObject({ childrenRegistered: 1, birthOrdersConfirmed: 1 });

    // a correction's DRAFT adds a child: not registered until the correction is approved
    await t.prisma.roster.update({ where: { id }, data: { status: 'LOCKED' } });
    const v2 = (await t.http().post(`/api/v1/rosters/${id}/reopen`).set(admin.auth).send({ reason: '漏报' }).expect(201)).body.id;
    const late = entry({ birthOrder: 2 });
    const edited = await replace(operator, v2, [kept, late]).expect(200);
    expect(edited.body.entries.map((e: { childId: string | null }) => e.childId)).toEqual([null, null]);
    expect(await registered(late.idNumber)).toBeNull();
    await approve(operator, v2);
    expect(await registered(late.idNumber)).toMatchObject({ birthOrder: 2 });
    expect(await t.prisma.child.count({ where: { idHash: cipher.hmac(kept.idNumber) } })).toBe(1);
  });

  it('registers nothing when an approval is refused for a birth-order conflict', async () => {
    const { institution, operator } = await setup();
    const known = await createChild(t.prisma, cipher, { birthDate: '2024-02-02', birthOrder: 2 });
    const fresh = entry();
    const id = (await create(operator, institution.id, '2026-03', [fresh, entry({ idNumber: known.idNumber, birthOrder: 3 })]).expect(201))
      .body.id;
    await t.http().post(`/api/v1/rosters/${id}/submit`).set(operator.auth).expect(200);
    const refused = await t.http().post(`/api/v1/rosters/${id}/approve`).set(admin.auth).expect(422);
    expect(refused.body.code).toBe('BIRTH_ORDER_CONFLICT');
    expect(await registered(fresh.idNumber)).toBeNull();
  });
});
