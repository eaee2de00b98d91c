import { runWithContext } from '../../src/common/request-context';
import { Transactions } from '../../src/infra/database/transactions';
import { RostersRepository, DuplicateRosterError } from '../../src/rosters/rosters.repository';
import { validateEntries } from '../../src/rosters/roster-validation';
import { RostersService } from '../../src/rosters/rosters.service';
import { createFiledInstitution } from '../utils/factories';
import { createTestApp, TestApp } from '../utils/test-app';
import { entry } from './roster-fixtures';

// The roster writes answer from what they have just written (the row as changed, the values they have just sealed)
// instead of reading and decrypting it again: the answer must be exactly what reading the roster answers.
describe('roster writes: one statement for the roster and its entries, answers as read back', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers create, edit, submit, return and approve exactly as a GET of the roster answers afterwards', async () => {
    const inst = await createFiledInstitution(t.prisma);
    const operator = await t.userWithToken('operator', inst.id);
    const admin = await t.userWithToken('admin');
    const get = async (id: string, auth: { Authorization: string }) =>
      (await t.http().get(`/api/v1/rosters/${id}`).set(auth).expect(200)).body as Record<string, unknown>;

    const created = await t
      .http()
      .post(`/api/v1/institutions/${inst.id}/rosters`)
      .set(operator.auth)
      .send({ month: '2026-03', entries: [entry(), entry({ guardianPhone: null }), entry({ birthOrder: 3 })] })
      .expect(201);
    const id = created.body.id as string;
    expect(created.body.entries).toHaveLength(3);
    expect(created.body).toEqual(await get(id, operator.auth));

    const again = entry({ name: '王小明' });
    const edited = await t
      .http()
      .put(`/api/v1/rosters/${id}`)
      .set(operator.auth)
      .send({ entries: [again, entry()] })
      .expect(200);
    expect(edited.body.entries[0].name).toBe('王**');
    expect(edited.body).toEqual(await get(id, operator.auth));

    const submitted = await t.http().post(`/api/v1/rosters/${id}/submit`).set(operator.auth).expect(200);
    expect(submitted.body.status).toBe('SUBMITTED');
    expect(submitted.body).toEqual(await get(id, operator.auth));

    const returned = await t.http().post(`/api/v1/rosters/${id}/return`).set(admin.auth).send({ reason: '请补充出勤' }).expect(200);
    expect(returned.body.status).toBe('RETURNED');
    expect(returned.body).toEqual(await get(id, admin.auth));

    await t.http().post(`/api/v1/rosters/${id}/submit`).set(operator.auth).expect(200);
    const approved = await t.http().post(`/api/v1/rosters/${id}/approve`).set(admin.auth).expect(200);
    expect(approved.body.status).toBe('APPROVED');
    expect(approved.body.entries.every((e: { childId: string | null }) => e.childId !== null)).toBe(true);
    expect(approved.body).toEqual(await get(id, admin.auth));

    // the next month, written by an admin (a reviewer: confirmed birth orders, changes since the approved month shown)
    const sameChild = (await t.prisma.rosterEntry.findFirstOrThrow({ where: { rosterId: id, rowIndex: 1 } })).childId!;
    const child = await t.prisma.child.findUniqueOrThrow({ where: { id: sameChild } });
    expect(child.birthOrder).toBe(2);
    const next = await t
      .http()
      .post(`/api/v1/institutions/${inst.id}/rosters`)
      .set(admin.auth)
      .send({ month: '2026-04', entries: [again, entry()] })
      .expect(201);
    expect(next.body.entries[0].confirmedBirthOrder).toBe(2);
    expect(next.body.summary.changesSinceLastMonth).toEqual({ previousRosterId: id, joined: 1, left: 1 });
    expect(next.body).toEqual(await get(next.body.id, admin.auth));
  });

  it('answers 404 to a transition of another institution’s roster and changes nothing', async () => {
    const inst = await createFiledInstitution(t.prisma);
    const other = await createFiledInstitution(t.prisma);
    const operator = await t.userWithToken('operator', inst.id);
    const stranger = await t.userWithToken('operator', other.id);
    const created = await t
      .http()
      .post(`/api/v1/institutions/${inst.id}/rosters`)
      .set(operator.auth)
      .send({ month: '2026-03', entries: [entry()] })
      .expect(201);
    await t.http().post(`/api/v1/rosters/${created.body.id}/submit`).set(stranger.auth).expect(404);
    expect((await t.prisma.roster.findUniqueOrThrow({ where: { id: created.body.id } })).status).toBe('DRAFT');
    expect(await t.prisma.auditLog.count({ where: { entityId: created.body.id, action: 'ROSTER_SUBMITTED' } })).toBe(0);
  });

  it('keeps one roster when several creators race for the same month: the others get 409 ROSTER_EXISTS', async () => {
    const inst = await createFiledInstitution(t.prisma);
    const operator = await t.userWithToken('operator', inst.id);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        t
          .http()
          .post(`/api/v1/institutions/${inst.id}/rosters`)
          .set(operator.auth)
          .send({ month: '2026-04', entries: [entry(), entry()] }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'ROSTER_EXISTS')).toBe(true);
    const rosters = await t.prisma.roster.findMany({
      where: { institutionId: inst.id },
      include: { _count: { select: { entries: true } } },
    });
    expect(rosters.map((r) => r._count.entries)).toEqual([2]);
    expect(await t.prisma.auditLog.count({ where: { entityId: rosters[0].id, action: 'ROSTER_CREATED' } })).toBe(1);
  });

  it('refuses a second roster of the same version at the database (DuplicateRosterError) and stores none of its entries', async () => {
    const inst = await createFiledInstitution(t.prisma);
    const repo = t.app.get(RostersRepository);
    const transactions = t.app.get(Transactions);
    const { entries } = validateEntries(RostersService.fromJson([entry(), entry()] as never), { month: '2026-05', approvedSlots: 10 });
    expect(entries).toHaveLength(2);
    const roster = { institutionId: inst.id, month: '2026-05', version: 1, createdById: null };
    const noFacts = { keyOf: new Map<string, string>(), confirmed: new Map<string, number>() };
    const first = await transactions.run((tx) => repo.createWithEntries(tx, roster, entries, noFacts));
    expect(first.roster.status).toBe('DRAFT');
    await expect(transactions.run((tx) => repo.createWithEntries(tx, roster, entries, noFacts))).rejects.toBeInstanceOf(
      DuplicateRosterError,
    );
    expect(await t.prisma.roster.count({ where: { institutionId: inst.id } })).toBe(1);
    expect(await t.prisma.rosterEntry.count({ where: { roster: { institutionId: inst.id } } })).toBe(2);
  });

  // more entries than one INSERT takes (ENTRY_CHUNK = 1,000): the chunks are stored one after the other in the write's
  // transaction while the next is sealed
  const many = (n: number) => Array.from({ length: n }, () => entry());
  /** An admin's new roster of `n` entries for the month (201), its answer's body. */
  const created = async (institutionId: string, auth: { Authorization: string }, month: string, n: number) =>
    (
      await t
        .http()
        .post(`/api/v1/institutions/${institutionId}/rosters`)
        .set(auth)
        .send({ month, entries: many(n) })
        .expect(201)
    ).body as { id: string; entries: { rowIndex: number }[] };

  it('stores a roster of several statements’ worth of entries, and answers it as a GET does', async () => {
    const inst = await createFiledInstitution(t.prisma, { data: { approvedSlots: 3000 } });
    const admin = await t.userWithToken('admin');
    const roster = await created(inst.id, admin.auth, '2026-06', 2500);
    expect(roster.entries.map((e) => e.rowIndex)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    const read = await t.http().get(`/api/v1/rosters/${roster.id}`).set(admin.auth).expect(200);
    expect(roster).toEqual(read.body);
    expect(await t.prisma.rosterEntry.count({ where: { rosterId: roster.id } })).toBe(2500);

    const edited = await t
      .http()
      .put(`/api/v1/rosters/${roster.id}`)
      .set(admin.auth)
      .send({ entries: many(2100) })
      .expect(200);
    expect(edited.body).toEqual((await t.http().get(`/api/v1/rosters/${roster.id}`).set(admin.auth).expect(200)).body);
    expect(await t.prisma.rosterEntry.count({ where: { rosterId: roster.id } })).toBe(2100);
  });

  it('stores nothing when a later statement of the entries fails: no roster, no entries, no audit entry; an edit keeps the old entries', async () => {
    const inst = await createFiledInstitution(t.prisma, { data: { approvedSlots: 3000 } });
    const admin = await t.userWithToken('admin');
    const existing = await created(inst.id, admin.auth, '2026-07', 3);
    // this test file's own database: the third statement of a write fails at the database
    await t.prisma.$executeRawUnsafe(`
      CREATE FUNCTION test_fail_late_entry() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."rowIndex" = 2400 THEN RAISE EXCEPTION 'injected failure of a later chunk'; END IF;
        RETURN NEW;
      END $$`);
    await t.prisma.$executeRawUnsafe(
      'CREATE TRIGGER test_fail_late_entry BEFORE INSERT ON roster_entries FOR EACH ROW EXECUTE FUNCTION test_fail_late_entry()',
    );
    // through the service: a database failure is a 500 the API does not document
    const rosters = t.app.get(RostersService);
    const actor = { id: admin.id, username: 'test-admin', role: 'admin' as const, institutionId: null };
    const as = <T>(work: () => Promise<T>) => runWithContext({ requestId: 'test-late-failure', actor }, work);
    try {
      await expect(as(() => rosters.create(actor, inst.id, '2026-08', RostersService.fromJson(many(2500) as never)))).rejects.toThrow(
        /injected failure of a later chunk/,
      );
      expect(await t.prisma.roster.count({ where: { institutionId: inst.id, month: '2026-08' } })).toBe(0);
      expect(await t.prisma.rosterEntry.count({ where: { roster: { institutionId: inst.id, month: '2026-08' } } })).toBe(0);
      expect(await t.prisma.auditLog.count({ where: { action: 'ROSTER_CREATED', after: { path: ['month'], equals: '2026-08' } } })).toBe(0);

      await expect(as(() => rosters.replaceEntries(actor, existing.id, RostersService.fromJson(many(2500) as never)))).rejects.toThrow(
        /injected failure of a later chunk/,
      );
      const kept = await t.http().get(`/api/v1/rosters/${existing.id}`).set(admin.auth).expect(200);
      expect(kept.body).toEqual(existing);
      expect(await t.prisma.auditLog.count({ where: { entityId: existing.id, action: 'ROSTER_UPDATED' } })).toBe(0);
    } finally {
      await t.prisma.$executeRawUnsafe('DROP TRIGGER test_fail_late_entry ON roster_entries');
      await t.prisma.$executeRawUnsafe('DROP FUNCTION test_fail_late_entry()');
    }
  });

  it('keeps the entries’ rules at the database: one entry per ID number per roster, a key of 64 lower-case hex digits', async () => {
    const inst = await createFiledInstitution(t.prisma);
    const admin = await t.userWithToken('admin');
    const roster = await created(inst.id, admin.auth, '2026-09', 1);
    const copy = (idHash: string) =>
      t.prisma.$executeRaw`
        INSERT INTO roster_entries (id, "rosterId", "idHash", "rowIndex", "birthOrder", "guardianNameCipher", "enrolledOn", "attendanceDays")
        SELECT gen_random_uuid(), "rosterId", ${idHash}, 2, "birthOrder", "guardianNameCipher", "enrolledOn", "attendanceDays"
          FROM roster_entries WHERE "rosterId" = ${roster.id}::uuid`;
    const [{ idHash }] = await t.prisma.$queryRaw<
      { idHash: string }[]
    >`SELECT "idHash" FROM roster_entries WHERE "rosterId" = ${roster.id}::uuid`;
    await expect(copy(idHash)).rejects.toThrow(/23505/);
    await expect(copy(idHash.toUpperCase().replace(/^./, 'f'))).rejects.toThrow(/check/i);
    await expect(copy(idHash.slice(1))).rejects.toThrow(/check/i);
    await expect(copy(`${idHash.slice(1)}g`)).rejects.toThrow(/check/i);
    expect(await t.prisma.rosterEntry.count({ where: { rosterId: roster.id } })).toBe(1);
  });
});
