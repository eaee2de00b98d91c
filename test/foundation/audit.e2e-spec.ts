import { createHash, randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import { auditHash, chainPayload, GENESIS_HASH, HashedContent } from '../../src/audit/audit-hash';
import { migrate } from '../../src/infra/database/migrator';
import { connect, createScratchDatabase, ScratchDatabase } from '../utils/scratch-db';
import { createTestApp, TestApp } from '../utils/test-app';

const uniq = () => randomBytes(4).toString('hex');
type Auth = { Authorization: string };

async function createUser(t: TestApp, auth: Auth, role: 'finance' | 'auditor' = 'finance') {
  const res = await t
    .http()
    .post('/api/v1/users')
    .set(auth)
    .send({ username: `audited.${uniq()}`, password: 'long enough password', role });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, requestId: res.headers['x-request-id'] as string };
}

describe('audit trail', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['userWithToken']>>;
  let auditor: Awaited<ReturnType<TestApp['userWithToken']>>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWithToken('admin');
    auditor = await t.userWithToken('auditor');
  });
  afterAll(() => t.close());

  const logs = (query: Record<string, string>) => t.http().get('/api/v1/audit-logs').query(query).set(auditor.auth).expect(200);

  it('records each change once, with actor, role and request id, and lists it by every filter', async () => {
    const user = await createUser(t, admin.auth);
    const patch = await t.http().patch(`/api/v1/users/${user.id}`).set(admin.auth).send({ active: false }).expect(200);

    const byEntity = (await logs({ entityType: 'User', entityId: user.id })).body;
    expect(byEntity.total).toBe(2);
    const [updated, created] = byEntity.items; // newest first
    expect(created).toMatchObject({
      action: 'USER_CREATED',
      entityType: 'User',
      entityId: user.id,
      actorId: admin.id,
      role: 'admin',
      requestId: user.requestId,
      before: null,
      after: expect.objectContaining({ id: user.id, role: 'finance', active: true }),
      id: expect.stringMatching(/^\d+$/),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(updated).toMatchObject({
      action: 'USER_UPDATED',
      actorId: admin.id,
      role: 'admin',
      requestId: patch.headers['x-request-id'],
      before: expect.objectContaining({ active: true }),
      after: expect.objectContaining({ active: false, passwordChanged: false }),
    });
    expect(JSON.stringify(byEntity)).not.toMatch(/argon2|passwordHash/);

    const byActorAndAction = (await logs({ actorId: admin.id, action: 'USER_UPDATED', pageSize: '200' })).body;
    expect(byActorAndAction.items.map((e: { id: string }) => e.id)).toContain(updated.id);
    expect(
      byActorAndAction.items.every((e: { actorId: string; action: string }) => e.actorId === admin.id && e.action === 'USER_UPDATED'),
    ).toBe(true);

    // from is inclusive, to exclusive
    const at = new Date(created.at);
    const window = (from: Date, to: Date) =>
      logs({ entityType: 'User', entityId: user.id, from: from.toISOString(), to: to.toISOString() }).then((r) =>
        r.body.items.map((e: { id: string }) => e.id),
      );
    expect(await window(at, new Date(at.getTime() + 1))).toEqual([created.id]);
    expect(await window(new Date(at.getTime() - 60_000), at)).toEqual([]);
    expect(await window(new Date(at.getTime() - 60_000), new Date(new Date(updated.at).getTime() + 1))).toEqual([updated.id, created.id]);

    const before = await t.prisma.auditLog.count();
    const verify = await t.http().get('/api/v1/audit-logs/verify').set(admin.auth).expect(200);
    expect(verify.body).toEqual({ valid: true, checked: expect.any(Number) });
    expect(verify.body.checked).toBeGreaterThanOrEqual(before);
  });

  it('keeps one unforked chain when 20 changes are recorded at once', async () => {
    const users = await Promise.all(Array.from({ length: 20 }, () => createUser(t, admin.auth)));
    const entries = await t.prisma.auditLog.findMany({ where: { entityId: { in: users.map((u) => u.id) }, action: 'USER_CREATED' } });
    expect(entries).toHaveLength(20);

    const forks = await t.prisma.$queryRaw<{ prevHash: string; n: bigint }[]>`
      SELECT "prevHash", count(*) AS n FROM audit_logs GROUP BY "prevHash" HAVING count(*) > 1`;
    expect(forks).toEqual([]);
    const total = await t.prisma.auditLog.count();
    const verify = await t.http().get('/api/v1/audit-logs/verify').set(auditor.auth).expect(200);
    expect(verify.body.valid).toBe(true);
    expect(verify.body.checked).toBeGreaterThanOrEqual(total);
  });

  describe('PostgreSQL itself refuses to change the log', () => {
    let client: Client;
    let entryId: bigint;
    beforeAll(async () => {
      client = await connect(process.env.DATABASE_URL!);
      const user = await createUser(t, admin.auth);
      entryId = (await t.prisma.auditLog.findFirstOrThrow({ where: { entityId: user.id } })).id;
    });
    afterAll(() => client.end());

    // each statement runs in a transaction that is rolled back, so even a broken trigger could not damage the shared log
    const attempt = async (sql: string) => {
      await client.query('BEGIN');
      try {
        return await client.query(sql).then(
          () => null,
          (error: { code?: string; message: string }) => error,
        );
      } finally {
        await client.query('ROLLBACK');
      }
    };

    it.each([
      ['UPDATE', (id: bigint) => `UPDATE audit_logs SET action = 'FORGED' WHERE id = ${id}`],
      ['DELETE', (id: bigint) => `DELETE FROM audit_logs WHERE id = ${id}`],
      ['TRUNCATE', () => 'TRUNCATE audit_logs'],
    ])('%s', async (op, sql) => {
      const error = await attempt(sql(entryId));
      expect(error).toMatchObject({ code: '42501', message: `audit_logs is append-only: ${op} is not allowed` });
      expect((await t.prisma.auditLog.findUniqueOrThrow({ where: { id: entryId } })).action).toBe('USER_CREATED');
    });
  });
});

describe('audit chain tampering (scratch database)', () => {
  let db: ScratchDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await createScratchDatabase('tamper');
    await migrate(db.url);
    t = await createTestApp({ env: { DATABASE_URL: db.url, REDIS_PREFIX: `${process.env.REDIS_PREFIX}:isolated-${uniq()}` } });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('reports a row altered behind the application back by its id', async () => {
    const admin = await t.userWithToken('admin');
    const users = [];
    for (let i = 0; i < 3; i += 1) users.push(await createUser(t, admin.auth));
    const verify = () => t.http().get('/api/v1/audit-logs/verify').set(admin.auth).expect(200);
    expect((await verify()).body).toEqual({ valid: true, checked: 3 });

    const victim = await t.prisma.auditLog.findFirstOrThrow({ where: { entityId: users[1].id } });
    const su = await connect(db.url);
    try {
      await su.query('ALTER TABLE audit_logs DISABLE TRIGGER USER');
      await su.query(`UPDATE audit_logs SET "after" = jsonb_set("after", '{role}', '"admin"') WHERE id = $1`, [victim.id]);
      await su.query('ALTER TABLE audit_logs ENABLE TRIGGER USER');
    } finally {
      await su.end();
    }
    expect((await verify()).body).toEqual({ valid: false, checked: 1, firstBrokenId: victim.id.toString() });
  });

  it('detects the whole chain rewritten consistently from within the database (the key is not there)', async () => {
    const admin = await t.userWithToken('admin');
    await createUser(t, admin.auth);
    const verify = () => t.http().get('/api/v1/audit-logs/verify').set(admin.auth).expect(200);
    const rows = await t.prisma.auditLog.findMany({ orderBy: { id: 'asc' } });
    // what someone with full database access can do: change an entry, then recompute every hash and link after it
    // with the published algorithm (SHA-256 of the same canonical content), or with a guessed key
    for (const forge of [
      (prev: string, c: HashedContent) => createHash('sha256').update(chainPayload(prev, c)).digest('hex'),
      (prev: string, c: HashedContent) => auditHash(randomBytes(32), prev, c),
    ]) {
      const su = await connect(db.url);
      try {
        await su.query('ALTER TABLE audit_logs DISABLE TRIGGER USER');
        let prevHash = GENESIS_HASH;
        for (const row of rows) {
          const forged = { ...row, after: row.id === rows[0].id ? { ...(row.after as object), forged: true } : row.after };
          const hash = forge(prevHash, forged);
          await su.query('UPDATE audit_logs SET "after" = $2, "prevHash" = $3, hash = $4 WHERE id = $1', [
            row.id,
            JSON.stringify(forged.after),
            prevHash,
            hash,
          ]);
          prevHash = hash;
        }
        await su.query('ALTER TABLE audit_logs ENABLE TRIGGER USER');
      } finally {
        await su.end();
      }
      expect((await verify()).body).toEqual({ valid: false, checked: 0, firstBrokenId: rows[0].id.toString() });
    }
  });
});
