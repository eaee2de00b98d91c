import { SettlementJob } from '../../src/settlement/queue/settlement-queue';
import { SettlementProducer } from '../../src/settlement/queue/settlement.producer';
import { addMonths, shanghaiMonthOf } from '../../src/common/month';
import { AppProcess, PrivateRedis, waitFor } from '../utils/processes';
import { createTestApp, TestApp } from '../utils/test-app';
import { expectExactSettlement, seedMonth, waitForStatus } from './support/settlement-fixtures';

/**
 * Real worker processes (src/worker.ts): killed with kill -9 mid-run, two sharing a month, Redis down and
 * restarted (a private redis-server, never the machine's shared one), and the scheduler with two processes.
 * The API runs in this process without workers. Chunks are small and each waits inside its transaction
 * (SETTLEMENT_TEST_DELAY_MS) so a run lasts long enough to be interrupted.
 * Months 2024-11, 2024-12, 2025-01, 2025-02 and the previous calendar month belong to this file.
 */
jest.setTimeout(180_000);

const SLOW = {
  SETTLEMENT_CHUNK_SIZE: '4',
  SETTLEMENT_TEST_DELAY_MS: '700',
  SETTLEMENT_JOB_LOCK_MS: '2000',
  SETTLEMENT_WORKER_CONCURRENCY: '1',
};

describe('settlement with worker processes', () => {
  let t: TestApp;
  let admin: { auth: { Authorization: string } };
  const workers: AppProcess[] = [];
  const redises: PrivateRedis[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWithToken('admin');
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill()));
  });
  afterAll(async () => {
    await t.close();
    await Promise.all(redises.map((r) => r.stop()));
  });

  const start = (env: Record<string, string> = {}) => {
    const w = AppProcess.worker({ ...SLOW, ...env });
    workers.push(w);
    return w;
  };
  const get = async (id: string) => (await t.http().get(`/api/v1/settlements/${id}`).set(admin.auth)).body;

  it('survives a worker killed with kill -9 mid-run: exact totals, no duplicates', async () => {
    const month = '2024-11';
    await seedMonth(t, month, 40);
    const first = start();
    const res = await t.http().post('/api/v1/settlements').set(admin.auth).send({ month });
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    const midway = await waitFor('the first chunks', async () => {
      const s = await get(id);
      return s.progress.done >= 2 ? s : null;
    });
    await first.kill('SIGKILL');
    expect(midway.progress.done).toBeLessThan(midway.progress.total);
    const stillRunning = await get(id);
    expect(stillRunning.status).toBe('RUNNING');

    const second = start();
    const done = await waitForStatus(t, admin.auth, id, ['COMPUTED', 'FAILED'], 150_000);
    expect(done.status).toBe('COMPUTED');
    await expectExactSettlement(t, id, month);
    const by = await t.prisma.settlementChunk.groupBy({ by: ['processedBy'], where: { settlementId: id }, _count: true });
    const names = by.map((b) => b.processedBy ?? '');
    expect(names.some((n) => n.endsWith(`:${first.pid}`))).toBe(true);
    expect(names.some((n) => n.endsWith(`:${second.pid}`))).toBe(true);
  });

  it('lets two worker processes share one month', async () => {
    const month = '2024-12';
    await seedMonth(t, month, 36);
    const a = start();
    const b = start();
    const res = await t.http().post('/api/v1/settlements').set(admin.auth).send({ month });
    const done = await waitForStatus(t, admin.auth, res.body.id, ['COMPUTED', 'FAILED'], 150_000);
    expect(done.status).toBe('COMPUTED');
    await expectExactSettlement(t, res.body.id, month);
    const chunks = await t.prisma.settlementChunk.findMany({ where: { settlementId: res.body.id } });
    expect(chunks.length).toBeGreaterThan(4);
    expect(new Set(chunks.map((c) => c.processedBy))).toEqual(
      new Set([expect.stringMatching(`:${a.pid}$`), expect.stringMatching(`:${b.pid}$`)]),
    );
  });

  it('answers 503 at once while Redis is down and stores nothing; works again when it is back', async () => {
    const month = '2025-01';
    const redis = await PrivateRedis.start();
    redises.push(redis);
    const api = await createTestApp({ env: { REDIS_URL: redis.url } });
    try {
      const user = await t.userWithToken('admin');
      await redis.stop();
      const down = await api.http().post('/api/v1/settlements').set(user.auth).send({ month });
      expect(down.status).toBe(503);
      expect(down.body.code).toBe('SERVICE_UNAVAILABLE');
      expect(await t.prisma.settlement.count({ where: { month } })).toBe(0);

      await redis.start();
      const up = await waitFor('the API to reach Redis again', async () => {
        const r = await api.http().post('/api/v1/settlements').set(user.auth).send({ month });
        return r.status === 202 ? r : null;
      });
      expect(up.body).toMatchObject({ month, status: 'QUEUED', run: 1 });
      expect(await t.prisma.settlement.count({ where: { month } })).toBe(1);
    } finally {
      await api.close();
    }
  });

  it('recovers from a Redis restart that lost the queued jobs: a new POST runs the month again, exactly', async () => {
    const month = '2025-02';
    await seedMonth(t, month, 24);
    const redis = await PrivateRedis.start();
    redises.push(redis);
    const api = await createTestApp({ env: { REDIS_URL: redis.url } });
    try {
      start({ REDIS_URL: redis.url });
      const res = await api.http().post('/api/v1/settlements').set(admin.auth).send({ month });
      const id = res.body.id as string;
      await waitFor('the first chunk', async () => (await get(id)).progress.done >= 1);
      // Redis dies and comes back empty (no persistence): the run's remaining jobs are gone
      await redis.stop();
      await redis.start();
      const rerun = await waitFor('the API to reach Redis again', async () => {
        const r = await api.http().post('/api/v1/settlements').set(admin.auth).send({ month });
        return r.status === 202 ? r : null;
      });
      expect(rerun.body).toMatchObject({ id, run: 2 });
      const done = await waitForStatus(t, admin.auth, id, ['COMPUTED', 'FAILED'], 150_000);
      expect(done).toMatchObject({ status: 'COMPUTED', run: 2 });
      await expectExactSettlement(t, id, month);
    } finally {
      await api.close();
    }
  });

  it('the scheduler settles the previous month once, however many processes run it', async () => {
    const month = addMonths(shanghaiMonthOf(new Date()), -1);
    // a Redis prefix of its own, so the per-second schedule touches no other test's queue
    const env = { SETTLEMENT_CRON: '* * * * * *', REDIS_PREFIX: `${process.env.REDIS_PREFIX}:scheduler` };
    const one = await createTestApp({ workers: true, env });
    const two = await createTestApp({ workers: true, env });
    try {
      const s = await waitFor('the scheduled settlement', () => t.prisma.settlement.findUnique({ where: { month } }), 60_000);
      await waitForStatus(t, admin.auth, s.id, ['COMPUTED', 'FAILED'], 120_000);
      // let the schedule tick a few more times on both processes
      const queue = one.app.get(SettlementProducer).queue;
      const ticks = async () => (await queue.getJobs(['completed'], 0, 200)).filter((j) => j.name === SettlementJob.PREVIOUS_MONTH).length;
      const ticksBefore = await ticks();
      await waitFor('three more ticks', async () => (await ticks()) >= ticksBefore + 3, 30_000);
      const after = await t.prisma.settlement.findUniqueOrThrow({ where: { month } });
      expect(after.run).toBe(1);
      expect(await t.prisma.auditLog.count({ where: { entityId: s.id, action: 'SETTLEMENT_QUEUED' } })).toBe(1);
      expect(await queue.getJobSchedulers()).toHaveLength(1);
    } finally {
      await one.app.get(SettlementProducer).syncScheduler('');
      await Promise.all([one.close(), two.close()]);
    }
  });
});
