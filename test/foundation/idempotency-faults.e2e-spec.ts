import { Queue } from 'bullmq';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { AUDIT_CHAIN_LOCK } from '../../src/audit/audit-chain.repository';
import { MAINTENANCE_QUEUE } from '../../src/infra/maintenance/maintenance-tasks';
import { createInstitution } from '../utils/factories';
import { AppProcess, freePort, waitFor } from '../utils/processes';
import { connect } from '../utils/scratch-db';
import { createTestApp, TestApp } from '../utils/test-app';

const uniq = () => randomBytes(6).toString('hex');
jest.setTimeout(180_000);

/**
 * Idempotency-Key under real faults: the answer cannot be stored after the change committed, the process dies
 * in the middle of the change, a slow attempt is overtaken by its retry, and expired keys are pruned by the
 * scheduled job. Each change here records an inspection: nothing but the key stops it from being made twice.
 */
describe('Idempotency-Key when things fail', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['userWithToken']>>;
  let institutionId: string;
  let db: Client;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWithToken('admin');
    institutionId = (await createInstitution(t.prisma)).id;
    db = await connect(process.env.DATABASE_URL!);
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const inspection = () => ({ kind: 'FIRE', inspectedOn: '2026-01-15', result: 'PASSED', findings: `run ${uniq()}` });
  const post = (key: string, body: object, app: TestApp = t) =>
    app.http().post(`/api/v1/institutions/${institutionId}/inspections`).set(admin.auth).set('Idempotency-Key', key).send(body);
  const inspectionsWith = (findings: string) => t.prisma.inspection.count({ where: { institutionId, findings } });
  const keyRow = (key: string) => t.prisma.idempotencyKey.findUnique({ where: { userId_key: { userId: admin.id, key } } });
  /** Moves the attempt's start back, as if `seconds` had passed on the database's clock (which decides timeouts). */
  const age = (key: string, seconds: number) =>
    db.query(`UPDATE idempotency_keys SET "claimedAt" = "claimedAt" - make_interval(secs => $3) WHERE "userId" = $1 AND "key" = $2`, [
      admin.id,
      key,
      seconds,
    ]);
  /** Backends of this database waiting for a lock (all of them, or only for the audit chain's: inside their transaction). */
  const waiting = async (chainOnly = false) =>
    (
      await db.query<{ pid: number }>(
        `SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE a.datname = current_database() AND NOT l.granted AND (NOT $1 OR (l.locktype = 'advisory' AND l.objid = $2))`,
        [chainOnly, AUDIT_CHAIN_LOCK],
      )
    ).rows.map((r) => r.pid);
  const chainWaiters = () => waiting(true);

  it('never runs a committed change again when its answer could not be stored', async () => {
    const key = `store-fails-${uniq()}`;
    const body = inspection();
    // the database refuses to store this key's answer: the change commits, the answer's UPDATE fails
    await db.query(`
      CREATE OR REPLACE FUNCTION refuse_answer() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'injected fault: the answer cannot be stored'; END; $$ LANGUAGE plpgsql`);
    await db.query(`
      CREATE TRIGGER refuse_answer BEFORE UPDATE ON idempotency_keys FOR EACH ROW
      WHEN (NEW."key" LIKE 'store-fails-%' AND NEW."responseStatus" IS NOT NULL) EXECUTE FUNCTION refuse_answer()`);
    try {
      const first = await post(key, body);
      // the change is done, so the caller gets its answer
      expect(first.status).toBe(201);
      expect(await inspectionsWith(body.findings)).toBe(1);
      expect(await keyRow(key)).toMatchObject({ committedAt: expect.any(Date), responseStatus: null });

      // a retry while the attempt might still be storing its answer: wait
      const soon = await post(key, body);
      expect({ status: soon.status, code: soon.body.code }).toEqual({ status: 409, code: 'IDEMPOTENCY_IN_PROGRESS' });
      // later: refused with the reason, never run again
      await age(key, 3600);
      const later = await post(key, body);
      expect(later.status).toBe(409);
      expect(later.body).toMatchObject({ code: 'IDEMPOTENCY_RESPONSE_LOST', message: expect.stringContaining('已经执行') });
      expect(await inspectionsWith(body.findings)).toBe(1);
    } finally {
      await db.query('DROP TRIGGER IF EXISTS refuse_answer ON idempotency_keys');
      await db.query('DROP FUNCTION IF EXISTS refuse_answer()');
    }
  });

  it('takes over the key of a request whose process was killed mid-way, after the timeout, and runs it once', async () => {
    const port = await freePort();
    const api = AppProcess.api({
      PORT: String(port),
      RUN_WORKERS: 'false',
      REDIS_PREFIX: `${process.env.REDIS_PREFIX}:idem-kill-${uniq()}`,
    });
    const key = `killed-${uniq()}`;
    const body = inspection();
    const chainHolder = await connect(process.env.DATABASE_URL!);
    try {
      await api.waitForHealth(port);
      // the change will stop at the audit chain's lock, inside its transaction, with the key claimed
      await chainHolder.query('SELECT pg_advisory_lock($1)', [AUDIT_CHAIN_LOCK]);
      const doomed = fetch(`http://127.0.0.1:${port}/api/v1/institutions/${institutionId}/inspections`, {
        method: 'POST',
        headers: { ...admin.auth, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      }).catch(() => 'connection lost');
      const [backend] = await waitFor('the request to stop inside its transaction', async () => {
        const pids = await chainWaiters();
        return pids.length ? pids : null;
      });
      await api.kill('SIGKILL');
      expect(await doomed).toBe('connection lost');
      await chainHolder.query('SELECT pg_advisory_unlock($1)', [AUDIT_CHAIN_LOCK]);
      // PostgreSQL rolls the dead client's transaction back
      await waitFor('the dead request’s transaction to end', async () => {
        const { rows } = await db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [backend]);
        return rows.length === 0;
      });
      expect(await inspectionsWith(body.findings)).toBe(0);
      expect(await keyRow(key)).toMatchObject({ committedAt: null, responseStatus: null });

      // within the timeout the key is still held (the attempt might be alive)
      const early = await post(key, body);
      expect({ status: early.status, code: early.body.code }).toEqual({ status: 409, code: 'IDEMPOTENCY_IN_PROGRESS' });
      // past IDEMPOTENCY_IN_PROGRESS_TIMEOUT_SECONDS (60) the retry takes it over and runs the change, once
      await age(key, 61);
      const retry = await post(key, body);
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBeUndefined();
      const again = await post(key, body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(retry.body);
      expect(await inspectionsWith(body.findings)).toBe(1);
    } finally {
      await chainHolder.end();
      if (api.proc.exitCode === null && api.proc.signalCode === null) await api.kill();
    }
  });

  it('does not take over the key of an attempt with another body, even after the timeout', async () => {
    const key = `abandoned-${uniq()}`;
    await t.prisma.idempotencyKey.create({
      data: { userId: admin.id, key, method: 'POST', path: '/elsewhere', requestHash: 'f'.repeat(64), token: randomUUID() },
    });
    await age(key, 3600);
    const res = await post(key, inspection());
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('lets a slow attempt that was taken over commit nothing: the change happens once', async () => {
    const key = `slow-${uniq()}`;
    const body = inspection();
    const chainHolder = await connect(process.env.DATABASE_URL!);
    try {
      await chainHolder.query('SELECT pg_advisory_lock($1)', [AUDIT_CHAIN_LOCK]);
      const slow = post(key, body).then((r) => r);
      await waitFor('the slow attempt to stop inside its transaction', async () => (await chainWaiters()).length === 1);
      await age(key, 61);
      const retry = post(key, body).then((r) => r);
      // the retry takes the key over (a fresh claim), then waits behind the slow attempt's locks
      await waitFor('the retry to take the key over and wait', async () => {
        const row = await keyRow(key);
        return row !== null && Date.now() - row.claimedAt.getTime() < 30_000 && (await waiting()).length >= 2;
      });
      await chainHolder.query('SELECT pg_advisory_unlock($1)', [AUDIT_CHAIN_LOCK]);
      const [slowRes, retryRes] = await Promise.all([slow, retry]);
      expect(retryRes.status).toBe(201);
      expect(slowRes.status).toBe(409);
      expect(slowRes.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_TAKEN_OVER' });
      expect(await inspectionsWith(body.findings)).toBe(1);
      const replay = await post(key, body);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(retryRes.body);
    } finally {
      await chainHolder.end();
    }
  });

  it('runs the change once for many simultaneous requests with the same key', async () => {
    const key = `together-${uniq()}`;
    const body = inspection();
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(key, body)));
    expect(await inspectionsWith(body.findings)).toBe(1);
    const originals = answers.filter((r) => r.status === 201 && !r.headers['idempotent-replayed']);
    expect(originals).toHaveLength(1);
    for (const res of answers) if (res.status !== 201) expect(res.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
  });
});

describe('pruning expired Idempotency-Keys (scheduled job)', () => {
  const prefix = `${process.env.REDIS_PREFIX}:prune-${uniq()}`;
  let t: TestApp;
  let second: TestApp;
  let queue: Queue;

  beforeAll(async () => {
    // two processes' worth of apps, one running the workers
    t = await createTestApp({ workers: true, env: { REDIS_PREFIX: prefix } });
    second = await createTestApp({ env: { REDIS_PREFIX: prefix } });
    queue = new Queue(MAINTENANCE_QUEUE, { prefix: `${prefix}:bull`, connection: { url: t.config.redisUrl, maxRetriesPerRequest: null } });
  });
  afterAll(async () => {
    await queue?.close();
    await second?.close();
    await t?.close();
  });

  it('has one hourly scheduler however many processes register it', async () => {
    const schedulers = await waitFor('the schedulers to be registered', async () => {
      const all = await queue.getJobSchedulers();
      return all.some((s) => s.key === 'idempotency-prune') ? all : null;
    });
    expect(schedulers.filter((s) => s.key === 'idempotency-prune')).toEqual([expect.objectContaining({ every: 3600_000 })]);
  });

  it('deletes keys older than 24 hours and keeps the others', async () => {
    const user = await t.userWithToken('admin');
    const row = (key: string, hoursAgo: number) => ({
      userId: user.id,
      key,
      method: 'POST',
      path: '/x',
      requestHash: 'a'.repeat(64),
      token: randomUUID(),
      createdAt: new Date(Date.now() - hoursAgo * 3600_000),
    });
    await t.prisma.idempotencyKey.createMany({ data: [row('old-1', 25), row('old-2', 48), row('fresh', 23)] });
    const job = await queue.add('idempotency-prune', {});
    await waitFor('the prune job to finish', async () => ['completed', 'failed'].includes(await job.getState()));
    expect(await job.getState()).toBe('completed');
    const left = await t.prisma.idempotencyKey.findMany({ where: { userId: user.id }, select: { key: true } });
    expect(left).toEqual([{ key: 'fresh' }]);
  });
});
