import { Queue } from 'bullmq';
import { SETTLEMENT_QUEUE } from '../../src/settlement/queue/settlement-queue';
import { expectExactSettlement, seedMonth, waitForStatus } from '../settlement/support/settlement-fixtures';
import { AppProcess, waitFor } from '../utils/processes';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * SIGTERM to a worker process (src/worker.ts) while a settlement chunk is in flight: the process exits 0 on
 * its own, its in-flight chunk completes (graceful close) or, when it cannot finish within a lock period, is
 * released (forced close: the lock lapses and another worker redoes the chunk's one transaction), nothing is
 * marked FAILED, and a new worker finishes the month exactly. Each test has its own Redis prefix, so only
 * its own processes consume its jobs. Months 2024-10 and 2025-05 belong to this file.
 */
jest.setTimeout(240_000);

describe('worker process shutdown (SIGTERM)', () => {
  const processes: AppProcess[] = [];
  const apps: TestApp[] = [];
  const queues: Queue[] = [];

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill()));
    await Promise.all(queues.map((q) => q.close()));
    await Promise.all(apps.map((a) => a.close()));
  });

  /** The API in this process (no workers) and a queue handle, on a Redis prefix of the test's own. */
  async function setUp(prefixName: string) {
    const env = { REDIS_PREFIX: `${process.env.REDIS_PREFIX}:${prefixName}` };
    const t = await createTestApp({ env });
    apps.push(t);
    const queue = new Queue(SETTLEMENT_QUEUE, {
      prefix: `${env.REDIS_PREFIX}:bull`,
      connection: { url: t.config.redisUrl, maxRetriesPerRequest: null },
    });
    queues.push(queue);
    const admin = await t.userWithToken('admin');
    const worker = (extra: Record<string, string>) => {
      const p = AppProcess.worker({ ...env, SETTLEMENT_CHUNK_SIZE: '4', SETTLEMENT_WORKER_CONCURRENCY: '1', ...extra });
      processes.push(p);
      return p;
    };
    const get = async (id: string) =>
      (await t.http().get(`/api/v1/settlements/${id}`).set(admin.auth)).body as {
        status: string;
        progress: { done: number; total: number };
      };
    return { t, queue, admin, worker, get };
  }

  /**
   * POSTs the month and waits until the worker is computing a chunk, with chunks done and chunks to do.
   * Polled from the POST on, so the chunk in flight has only just started when this returns.
   */
  async function midRun(s: Awaited<ReturnType<typeof setUp>>, month: string) {
    const res = await s.t.http().post('/api/v1/settlements').set(s.admin.auth).send({ month });
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    await waitFor(
      'a chunk in flight after the first ones',
      async () => {
        const body = await s.get(id);
        return body.progress.done >= 1 && body.progress.done < body.progress.total - 2 && (await s.queue.getActiveCount()) >= 1;
      },
      120_000,
      100,
    );
    return id;
  }

  const processedBy = async (t: TestApp, id: string, pid: number) =>
    t.prisma.settlementChunk.count({ where: { settlementId: id, doneAt: { not: null }, processedBy: { endsWith: `:${pid}` } } });

  it('finishes the in-flight chunk, exits 0, and a new worker completes the month exactly', async () => {
    const month = '2024-10';
    const s = await setUp('graceful');
    await seedMonth(s.t, month, 40);
    // a chunk takes 1.5 s, far less than the lock period: the graceful close lets it finish
    const first = s.worker({ SETTLEMENT_TEST_DELAY_MS: '1500', SETTLEMENT_JOB_LOCK_MS: '60000' });
    const id = await midRun(s, month);

    expect(await first.signal('SIGTERM')).toEqual({ code: 0, signal: null });

    // every job it took ended with its chunk committed: none is left active (locked by a dead worker)
    expect(await s.queue.getActiveCount()).toBe(0);
    const after = await s.get(id);
    expect(after.status).toBe('RUNNING');
    expect(after.progress.done).toBeLessThan(after.progress.total);
    expect(await processedBy(s.t, id, first.pid)).toBe(after.progress.done);
    expect(await s.t.prisma.auditLog.count({ where: { entityId: id, action: 'SETTLEMENT_FAILED' } })).toBe(0);

    const second = s.worker({ SETTLEMENT_TEST_DELAY_MS: '0', SETTLEMENT_JOB_LOCK_MS: '60000' });
    const done = await waitForStatus(s.t, s.admin.auth, id, ['COMPUTED', 'FAILED'], 180_000);
    expect(done.status).toBe('COMPUTED');
    await expectExactSettlement(s.t, id, month);
    expect(await processedBy(s.t, id, second.pid)).toBe(done.progress.total - after.progress.done);
  });

  it('releases a chunk that cannot finish within a lock period: exits 0, and another worker redoes it exactly', async () => {
    const month = '2025-05';
    const s = await setUp('forced');
    await seedMonth(s.t, month, 24);
    // a chunk takes 10 s, the lock period is 1.5 s: the close gives up waiting and leaves the job to its lock
    const first = s.worker({ SETTLEMENT_TEST_DELAY_MS: '10000', SETTLEMENT_JOB_LOCK_MS: '1500' });
    const id = await midRun(s, month);

    // it does not wait for the chunk: the chunk's transaction never commits
    expect(await first.signal('SIGTERM')).toEqual({ code: 0, signal: null });
    // the chunk it was computing was not committed, and its job is still active under a lock that lapses
    expect(await s.queue.getActiveCount()).toBe(1);
    const after = await s.get(id);
    expect(after.status).toBe('RUNNING');
    expect(after.progress.done).toBeLessThan(after.progress.total);
    expect(await processedBy(s.t, id, first.pid)).toBe(after.progress.done);

    const second = s.worker({ SETTLEMENT_TEST_DELAY_MS: '0', SETTLEMENT_JOB_LOCK_MS: '1500' });
    const done = await waitForStatus(s.t, s.admin.auth, id, ['COMPUTED', 'FAILED'], 180_000);
    expect(done.status).toBe('COMPUTED');
    await expectExactSettlement(s.t, id, month);
    expect(await processedBy(s.t, id, second.pid)).toBe(done.progress.total - after.progress.done);
    expect(await s.t.prisma.auditLog.count({ where: { entityId: id, action: 'SETTLEMENT_FAILED' } })).toBe(0);
  });
});
