import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import { AUDIT_CHAIN_LOCK } from '../../src/audit/audit-chain.repository';
import { AuditRefusals } from '../../src/audit/audit-refusals.service';
import { createInstitution } from '../utils/factories';
import { waitFor } from '../utils/processes';
import { connect } from '../utils/scratch-db';
import { createTestApp, TestApp } from '../utils/test-app';

const uniq = () => randomBytes(4).toString('hex');
type Entry = { actorId: string | null; role: string | null; action: string; after: { count: number; status?: number } };

/**
 * Refused attempts are counted without the audit chain's lock and reach the chain once per actor, kind and window,
 * with their count: a scan of many records cannot stall the ordinary writes that need that lock.
 */
describe('refused attempts in the audit log', () => {
  let t: TestApp;
  let db: Client;
  let admin: Awaited<ReturnType<TestApp['userWithToken']>>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWithToken('admin');
    db = await connect(process.env.DATABASE_URL!);
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const summarise = () => t.app.get(AuditRefusals).summarise({ everything: true });
  const entriesOf = (actorId: string) =>
    t.prisma.auditLog.findMany({ where: { actorId }, orderBy: { id: 'asc' } }) as unknown as Promise<Entry[]>;
  /** Backends of this database queued for the audit chain's lock. */
  const chainWaiters = async () =>
    Number(
      (
        await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE a.datname = current_database() AND l.locktype = 'advisory' AND l.objid = $1 AND NOT l.granted`,
          [AUDIT_CHAIN_LOCK],
        )
      ).rows[0].n,
    );

  it('answers a burst of refusals while the chain is locked, then writes one entry per actor and kind with the count', async () => {
    const own = await createInstitution(t.prisma);
    const others = await Promise.all(Array.from({ length: 5 }, () => createInstitution(t.prisma)));
    const scanner = await t.userWithToken('operator', own.id);
    const auditor = await t.userWithToken('auditor');
    const holder = await connect(process.env.DATABASE_URL!);
    const chainBefore = await t.prisma.auditLog.count();
    try {
      // someone holds the chain: before, every refusal queued behind it in a transaction of its own
      await holder.query('SELECT pg_advisory_lock($1)', [AUDIT_CHAIN_LOCK]);
      let finished = false;
      const burst = Promise.all([
        ...Array.from({ length: 30 }, (_, i) =>
          t
            .http()
            .get(`/api/v1/institutions/${others[i % 5].id}`)
            .set(scanner.auth),
        ),
        ...Array.from({ length: 20 }, () =>
          t
            .http()
            .post('/api/v1/users')
            .set(auditor.auth)
            .send({ username: `no.${uniq()}`, password: 'long enough password', role: 'finance' }),
        ),
      ]).finally(() => (finished = true));
      await waitFor(
        'the burst to be answered, or a refusal to queue for the chain lock',
        async () => finished || (await chainWaiters()) > 0,
      );
      expect(await chainWaiters()).toBe(0);
      const answers = await burst;
      expect(answers.map((r) => r.status).sort()).toEqual([...Array(30).fill(404), ...Array(20).fill(403)].sort());
      expect(await t.prisma.auditLog.count()).toBe(chainBefore);
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1)', [AUDIT_CHAIN_LOCK]);
      await holder.end();
    }

    // an ordinary write right after still gets its own entry at once
    const created = await t
      .http()
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ username: `ok.${uniq()}`, password: 'long enough password', role: 'finance' })
      .expect(201);
    expect(await t.prisma.auditLog.count({ where: { entityId: created.body.id, action: 'USER_CREATED' } })).toBe(1);

    await summarise();
    const scans = await entriesOf(scanner.id);
    const denials = await entriesOf(auditor.id);
    // one entry per window (a burst may straddle two), together counting every refusal
    for (const [entries, total, status] of [
      [scans, 30, 404],
      [denials, 20, 403],
    ] as const) {
      expect(entries.length).toBeGreaterThanOrEqual(1);
      expect(entries.length).toBeLessThanOrEqual(2);
      expect(entries.every((e) => e.action === 'ACCESS_DENIED' && e.after.status === status)).toBe(true);
      expect(entries.reduce((sum, e) => sum + e.after.count, 0)).toBe(total);
    }
    expect(scans[0]).toMatchObject({ role: 'operator', after: { method: 'GET', route: '/api/v1/institutions/:id', code: 'NOT_FOUND' } });
    expect((await t.http().get('/api/v1/audit-logs/verify').set(admin.auth).expect(200)).body).toMatchObject({ valid: true });
  });

  it('leaves the current window to the scheduled summary and labels sign-ins without an account "anonymous"', async () => {
    // windows of an hour: the current one stays open for this test
    const hourly = await createTestApp({ env: { AUDIT_REFUSAL_WINDOW_SECONDS: '3600' } });
    try {
      const username = `nobody.${uniq()}`;
      for (let i = 0; i < 3; i += 1) await hourly.http().post('/api/v1/auth/login').send({ username, password: 'guess guess' }).expect(401);
      const older = `earlier.${uniq()}`;
      const twoHoursAgo = new Date(Math.floor(Date.now() / 3600_000) * 3600_000 - 2 * 3600_000);
      await hourly.prisma.auditRefusal.create({
        data: {
          windowStart: twoHoursAgo,
          bucket: randomBytes(32).toString('hex'),
          action: 'LOGIN_FAILED',
          role: 'anonymous',
          entityType: 'User',
          after: { username: older, reason: 'UNKNOWN_USER' },
          count: 2,
          firstAt: twoHoursAgo,
          lastAt: twoHoursAgo,
        },
      });
      const inChain = (name: string) =>
        hourly.prisma.auditLog.findMany({ where: { action: 'LOGIN_FAILED', after: { path: ['username'], equals: name } } });
      const counted = (name: string) => hourly.prisma.auditRefusal.findMany({ where: { after: { path: ['username'], equals: name } } });

      // the scheduled run takes closed windows only
      await hourly.app.get(AuditRefusals).summarise();
      expect(await inChain(older)).toEqual([expect.objectContaining({ at: twoHoursAgo, after: expect.objectContaining({ count: 2 }) })]);
      expect(await inChain(username)).toEqual([]);
      expect(await counted(username)).toEqual([expect.objectContaining({ count: 3, role: 'anonymous', actorId: null })]);

      await hourly.app.get(AuditRefusals).summarise({ everything: true });
      expect(await inChain(username)).toEqual([
        expect.objectContaining({
          actorId: null,
          role: 'anonymous',
          entityId: null,
          after: expect.objectContaining({ reason: 'UNKNOWN_USER', count: 3 }),
        }),
      ]);
      expect(await counted(username)).toEqual([]);
    } finally {
      await hourly.close();
    }
  });
});
